"""Reading XML sitemaps (sitemaps.org): a list of pages, or an index of further sitemaps.

Elements are matched by local name, so a sitemap without the namespace is read
too. A Google News sitemap's `<news:title>` and `<news:publication_date>` are
kept as the page's metadata. Gzipped sitemaps (`.xml.gz`) are unpacked with the
same size cap as any page. The XML parser resolves no entities and reads
nothing from the network.
"""

from __future__ import annotations

import contextlib
import zlib
from dataclasses import dataclass
from typing import Literal

from lxml import etree

from comity.errors import IngestError
from comity.ingest.decode import over_limit
from comity.ingest.metadata import SourceMeta, parse_published

GZIP_MAGIC = b"\x1f\x8b"
SITEMAP_ROOTS = frozenset({"urlset", "sitemapindex"})

SitemapKind = Literal["urlset", "sitemapindex"]


@dataclass(frozen=True)
class SitemapLink:
    location: str
    meta: SourceMeta


@dataclass(frozen=True)
class Sitemap:
    """`urlset`: links to pages; `sitemapindex`: links to further sitemaps."""

    kind: SitemapKind
    links: list[SitemapLink]


def parse_sitemap(raw: bytes, *, max_bytes: int) -> Sitemap:
    """The links in the sitemap `raw` (gzipped or not); IngestError when it is not one."""
    xml = gunzip(raw, max_bytes) if raw.startswith(GZIP_MAGIC) else raw
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(xml, parser=parser)
    except etree.XMLSyntaxError as error:
        raise IngestError(f"not a readable sitemap: {error}") from error
    kind = etree.QName(root).localname
    if kind not in SITEMAP_ROOTS:
        raise IngestError(f"not a sitemap (its root element is <{kind}>)")
    child = "url" if kind == "urlset" else "sitemap"
    links = [_link(item) for item in root if _local(item) == child]
    return Sitemap(
        kind="urlset" if kind == "urlset" else "sitemapindex",
        links=[link for link in links if link is not None],
    )


def gunzip(raw: bytes, max_bytes: int) -> bytes:
    """Unpack gzip data, refusing to unpack more than `max_bytes`."""
    unpacker = zlib.decompressobj(wbits=31)
    try:
        unpacked = unpacker.decompress(raw, max_bytes + 1)
    except zlib.error as error:
        raise IngestError(f"broken gzip data ({error})") from error
    if len(unpacked) > max_bytes or unpacker.unconsumed_tail:
        raise over_limit("unpacked sitemap", None, max_bytes)
    return unpacked


def _local(element: etree._Element) -> str:
    tag = element.tag
    return etree.QName(element).localname if isinstance(tag, str) else ""


def _link(item: etree._Element) -> SitemapLink | None:
    location = None
    title = None
    published = None
    for element in item.iter():
        name = _local(element)
        text = (element.text or "").strip()
        if name == "loc" and location is None and text:
            location = text
        elif name == "title" and text:
            title = text
        elif name == "publication_date" and text:
            published = text
    if location is None:
        return None
    return SitemapLink(location, _news_meta(title, published))


def _news_meta(title: str | None, published: str | None) -> SourceMeta:
    day, precision = None, None
    if published is not None:
        # A bad date in a sitemap is no reason to skip the page.
        with contextlib.suppress(IngestError):
            day, precision = parse_published(published)
    return SourceMeta(title=title, published=day, published_precision=precision)
