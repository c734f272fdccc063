from __future__ import annotations

import gzip
from datetime import date

import pytest

from comity.errors import IngestError
from comity.ingest.sitemaps import parse_sitemap

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"


def test_a_urlset_lists_pages_with_news_metadata() -> None:
    raw = f"""<?xml version="1.0"?><urlset xmlns="{NS}" xmlns:news="{NEWS}">
      <url><loc> https://n.example/a </loc><lastmod>2025-01-01</lastmod></url>
      <url><loc>https://n.example/b</loc><news:news>
        <news:publication_date>2025-03-04T10:00:00+03:00</news:publication_date>
        <news:title>Ministers meet</news:title></news:news></url>
      <url><lastmod>2025-01-01</lastmod></url>
    </urlset>""".encode()
    sitemap = parse_sitemap(raw, max_bytes=100_000)
    assert sitemap.kind == "urlset"
    assert [link.location for link in sitemap.links] == [
        "https://n.example/a",
        "https://n.example/b",
    ]
    news = sitemap.links[1].meta
    assert (news.title, news.published) == ("Ministers meet", date(2025, 3, 4))
    assert sitemap.links[0].meta.published is None  # lastmod is not a publication date


def test_an_index_without_namespace_lists_sitemaps() -> None:
    raw = b"<sitemapindex><sitemap><loc>https://n.example/s1.xml</loc></sitemap></sitemapindex>"
    sitemap = parse_sitemap(raw, max_bytes=100_000)
    assert sitemap.kind == "sitemapindex"
    assert [link.location for link in sitemap.links] == ["https://n.example/s1.xml"]


def test_gzipped_sitemaps_are_unpacked_within_the_limit() -> None:
    raw = f'<urlset xmlns="{NS}"><url><loc>https://n.example/a</loc></url></urlset>'.encode()
    assert parse_sitemap(gzip.compress(raw), max_bytes=10_000).links[0].location.endswith("/a")
    bomb = gzip.compress(b"<urlset>" + b" " * 2_000_000 + b"</urlset>")
    with pytest.raises(IngestError, match="unpacked sitemap is over"):
        parse_sitemap(bomb, max_bytes=100_000)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"<rss><channel/></rss>", "root element is <rss>"),
        (b"<urlset><url><loc>x</loc>", "not a readable sitemap"),
        (b"\x1f\x8bnot really gzip", "broken gzip data"),
    ],
)
def test_what_is_not_a_sitemap_is_refused(raw: bytes, reason: str) -> None:
    with pytest.raises(IngestError, match=reason):
        parse_sitemap(raw, max_bytes=100_000)


def test_entities_are_not_expanded() -> None:
    raw = (
        b'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY secret SYSTEM "file:///etc/hostname">]>'
        b"<urlset><url><loc>https://n.example/&secret;</loc></url></urlset>"
    )
    sitemap = parse_sitemap(raw, max_bytes=100_000)
    assert all("etc" not in link.location for link in sitemap.links)
