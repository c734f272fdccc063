from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from comity.ingest import Rejected, read_sources
from comity.ingest.fetch import Fetcher, FetchOptions, MemoryPages
from comity.ingest.web import is_url_list, root_element
from comity.models import Document
from ingest.local_site import LocalSite, article_html, rss_feed, serving


@pytest.fixture
def site() -> Iterator[LocalSite]:
    with serving() as served:
        yield served


RAIL = [
    "Railway officials from Kazakhstan and China agreed on Tuesday to add four freight trains a "
    "week on the line through the Khorgos dry port.",
    "The extra trains will carry grain westwards and machinery eastwards, the operators said in "
    "a joint statement after talks in Almaty.",
]
WATER = [
    "Kyrgyz and Uzbek water officials met in Osh to agree how much water the Andijan reservoir "
    "will release to farms during the summer months.",
    "Both sides said the talks were frank and that a joint team would measure the flow each week.",
]
SUMMIT = [
    "Foreign ministers of the Turkic states gathered in Baku to prepare a summit planned for the "
    "autumn, with transport and customs on the agenda.",
    "The ministers asked their deputies to draft a plan for a shared customs window at the "
    "Caspian ports before the summit opens.",
]


def quick(**changes: object) -> FetchOptions:
    values: dict[str, object] = {"timeout": 2.0, "backoff": 0.01, "host_interval": 0.0}
    values.update(changes)
    return FetchOptions(**values)  # type: ignore[arg-type]


def read(*paths: str | Path, fetcher: Fetcher | None = None) -> list[Document | Rejected]:
    """read_sources over `paths` with `fetcher` (its owner closes it) or a quick one."""
    if fetcher is not None:
        return list(read_sources([str(path) for path in paths], fetcher=fetcher))
    with Fetcher(quick()) as made:
        return list(read_sources([str(path) for path in paths], fetcher=made))


def documents(outcomes: list[Document | Rejected]) -> list[Document]:
    return [item for item in outcomes if isinstance(item, Document)]


def rejected(outcomes: list[Document | Rejected]) -> list[Rejected]:
    return [item for item in outcomes if isinstance(item, Rejected)]


def test_a_page_url_becomes_a_document_with_its_metadata(site: LocalSite) -> None:
    url = site.add(
        "/rail", article_html("More trains through Khorgos", RAIL, published="2025-04-08")
    )
    [doc] = read(url)
    assert isinstance(doc, Document)
    assert doc.source == url and doc.url == url
    assert doc.title == "More trains through Khorgos"
    assert doc.published == date(2025, 4, 8)
    assert doc.language == "en"
    assert "Khorgos dry port" in doc.text and "Contact the newsroom" not in doc.text


@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        (
            b"%PDF-1.7 binary",
            "application/pdf",
            r"not an HTML page, feed or sitemap \(application/pdf\)",
        ),
        (b'{"story": 1}', "application/json", r"\(application/json\)"),
        (b"just words", "text/plain", r"\(text/plain\)"),
    ],
)
def test_a_non_html_response_is_rejected_with_its_type(
    site: LocalSite, body: bytes, content_type: str, reason: str
) -> None:
    url = site.add("/file", body, content_type=content_type)
    [outcome] = read(url)
    assert isinstance(outcome, Rejected) and outcome.source == url
    assert re.search(reason, outcome.reason)


def test_fetch_failures_become_rejections_and_the_run_goes_on(site: LocalSite) -> None:
    good = site.add("/good", article_html("Water talks", WATER))
    broken = site.add("/broken", "no", status=500)
    with Fetcher(quick(retries=0)) as fetcher:
        outcomes = read(site.url("/missing"), broken, good, fetcher=fetcher)
    assert [type(item).__name__ for item in outcomes] == ["Rejected", "Rejected", "Document"]
    assert "404" in rejected(outcomes)[0].reason and "500" in rejected(outcomes)[1].reason


def test_a_feed_gives_the_pages_its_entries_link_to(site: LocalSite) -> None:
    site.add("/rail", article_html("Rail", RAIL))
    site.add("/water", article_html("Water", WATER))
    feed = site.add(
        "/feed.xml",
        rss_feed(
            [
                ("Trains through Khorgos", "/rail", "Tue, 08 Apr 2025 09:00:00 GMT"),
                ("Reservoir deal", site.url("/water"), "Wed, 09 Apr 2025 09:00:00 GMT"),
            ]
        ),
        content_type="application/rss+xml",
    )
    rail, water = documents(read(feed))
    assert rail.source == site.url("/rail") and rail.title == "Trains through Khorgos"
    assert rail.published == date(2025, 4, 8)
    assert water.title == "Reservoir deal" and "Andijan reservoir" in water.text


def test_an_atom_feed_served_as_plain_xml_is_recognised(site: LocalSite) -> None:
    site.add("/summit", article_html("Summit", SUMMIT))
    atom = (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title>'
        '<entry><title>Ministers meet in Baku</title><link href="/summit"/>'
        "<updated>2025-06-02T08:00:00Z</updated></entry></feed>"
    )
    feed = site.add("/atom", atom, content_type="text/xml")
    [doc] = documents(read(feed))
    assert doc.title == "Ministers meet in Baku" and doc.published == date(2025, 6, 2)


def test_a_feed_with_broken_xml_is_rejected_with_the_parse_error(site: LocalSite) -> None:
    feed = site.add(
        "/bad-feed", b"<rss><channel><title>Wire</tit", content_type="application/rss+xml"
    )
    [outcome] = read(feed)
    assert isinstance(outcome, Rejected)
    assert outcome.reason.startswith("not a readable RSS or Atom feed:")


def test_a_truncated_feed_still_gives_the_entries_before_the_break(site: LocalSite) -> None:
    site.add("/rail", article_html("Rail", RAIL))
    whole = rss_feed([("Trains", "/rail", "Tue, 08 Apr 2025 09:00:00 GMT")])
    cut = whole[: whole.index("</channel>")]
    feed = site.add("/cut-feed", cut, content_type="application/rss+xml")
    [doc] = documents(read(feed))
    assert "Khorgos" in doc.text


def test_a_feed_entry_that_is_not_a_page_is_rejected(site: LocalSite) -> None:
    site.add("/clip.mp3", b"ID3\x00\x00binary", content_type="audio/mpeg")
    feed = site.add(
        "/feed",
        rss_feed([("Audio", "/clip.mp3", "Tue, 08 Apr 2025 09:00:00 GMT")]),
        content_type="application/rss+xml",
    )
    [outcome] = read(feed)
    assert isinstance(outcome, Rejected) and outcome.source == site.url("/clip.mp3")
    assert "audio/mpeg" in outcome.reason


def test_a_sitemap_index_leads_to_the_pages(site: LocalSite) -> None:
    site.add("/rail", article_html("Rail", RAIL))
    site.add("/water", article_html("Water", WATER))
    pages = (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{site.url('/rail')}</loc></url><url><loc>{site.url('/water')}</loc></url>"
        "</urlset>"
    )
    site.add("/pages.xml.gz", gzip.compress(pages.encode()), content_type="application/gzip")
    index = (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{site.url('/pages.xml.gz')}</loc></sitemap>"
        f"<sitemap><loc>{site.url('/sitemap.xml')}</loc></sitemap></sitemapindex>"
    )
    sitemap = site.add("/sitemap.xml", index, content_type="application/xml")
    outcomes = read(sitemap)
    assert [doc.source for doc in documents(outcomes)] == [site.url("/rail"), site.url("/water")]
    assert rejected(outcomes) == []  # the index listing itself is not read twice


def test_a_url_list_is_read_line_by_line(site: LocalSite, tmp_path: Path) -> None:
    site.add("/rail", article_html("Rail", RAIL))
    site.add("/water", article_html("Water", WATER))
    listing = tmp_path / "region.urls"
    listing.write_text(
        f"# morning run\n{site.url('/rail')}\n\n   {site.url('/water')}  \nnews/local.txt\n",
        encoding="utf-8",
    )
    outcomes = read(listing)
    assert [doc.source for doc in documents(outcomes)] == [site.url("/rail"), site.url("/water")]
    assert rejected(outcomes) == [Rejected(f"{listing}:5", "not an http(s) URL: 'news/local.txt'")]


def test_a_url_list_inside_a_folder_is_not_fetched(tmp_path: Path) -> None:
    (tmp_path / "urls.txt").write_text("http://127.0.0.1:9/never\n", encoding="utf-8")
    [outcome] = read(tmp_path)
    assert isinstance(outcome, Rejected) and "only when given as an argument" in outcome.reason


def test_a_page_is_asked_for_again_only_if_changed(site: LocalSite) -> None:
    url = site.add("/rail", article_html("Rail", RAIL), etag='"r1"')
    with Fetcher(quick(), memory=MemoryPages()) as fetcher:
        [first] = read(url, fetcher=fetcher)
        [second] = read(url, fetcher=fetcher)
    assert second == first  # the remembered document, from a 304
    assert site.hits[-1].headers.get("If-None-Match") == '"r1"'


def test_pages_a_feed_lists_again_are_not_fetched_again(site: LocalSite) -> None:
    site.add("/rail", article_html("Rail", RAIL))
    feed = site.add(
        "/feed",
        rss_feed([("Rail", "/rail", "Tue, 08 Apr 2025 09:00:00 GMT")]),
        content_type="application/rss+xml",
    )
    with Fetcher(quick(), memory=MemoryPages()) as fetcher:
        [first] = read(feed, fetcher=fetcher)
        [again] = read(feed, fetcher=fetcher)
    assert again == first
    assert site.paths_hit().count("/rail") == 1 and site.paths_hit().count("/feed") == 2


def test_a_stopped_fetcher_reads_no_more_urls(site: LocalSite) -> None:
    url = site.add("/rail", article_html("Rail", RAIL))
    with Fetcher(quick()) as fetcher:
        fetcher.stop.set()
        assert read(url, fetcher=fetcher) == []
    assert site.hits == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [("urls.txt", True), ("feeds.urls", True), ("morning.urls.txt", True), ("notes.txt", False)],
)
def test_url_list_names(name: str, expected: bool) -> None:
    assert is_url_list(Path("lists") / name) is expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b'<?xml version="1.0"?>\n<!-- a comment --><rss version="2.0">', "rss"),
        (b"\xef\xbb\xbf<?xml version='1.0'?><rdf:RDF xmlns:rdf='x'>", "rdf"),
        (b"<!DOCTYPE html>\n<html lang='en'>", "html"),
        (b"  <urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>", "urlset"),
        (b"plain words", None),
    ],
)
def test_root_element(raw: bytes, expected: str | None) -> None:
    assert root_element(raw) == expected
