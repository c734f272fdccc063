"""Reading the web: page URLs, feeds, sitemaps and files of URLs into Documents.

What an http(s) address holds is decided by what the server sends back:

- an HTML page (``text/html``, ``application/xhtml+xml``, or an unlabelled
  body whose first element is ``<html>``) is one article, read by the same
  trafilatura path as a local .html file;
- an RSS or Atom feed (root element ``<rss>``, ``<feed>`` or ``<rdf:RDF>``)
  gives the pages its entries link to;
- a sitemap (root ``<urlset>``: pages; ``<sitemapindex>``: further sitemaps,
  followed three levels deep at most), gzipped or not;
- anything else (PDF, JSON, images, plain text…) is rejected with its type.

A file of URLs (see `is_url_list`) holds one address a line; blank lines and
lines starting with ``#`` are skipped, and each address is read as above.

What is fetched again: a URL given directly (argument or URL list) is asked
for conditionally (ETag / Last-Modified of the last fetch), and a 304 gives
back the stored document, which the pipeline then counts as already stored.
A page listed in a feed or sitemap whose document is stored is not fetched
again at all. Feeds and sitemaps themselves are fetched conditionally only
when `FetchOptions.revalidate_listings` is on (`comity watch`): there a 304
means nothing new.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from comity.errors import IngestError
from comity.ingest.decode import decode_text, read_limited
from comity.ingest.feeds import parse_feed
from comity.ingest.fetch import Fetched, Fetcher, is_web_url
from comity.ingest.html import extract_article
from comity.ingest.metadata import SourceMeta
from comity.ingest.rejected import Rejected
from comity.ingest.sitemaps import GZIP_MAGIC, SITEMAP_ROOTS, parse_sitemap
from comity.models import Document

URL_LIST_SUFFIX = ".urls"
URL_LIST_NAMES = ("urls.txt",)  # also any name ending in ".urls.txt"
MAX_SITEMAP_DEPTH = 3
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
FEED_ROOTS = frozenset({"rss", "feed", "rdf"})
SNIFF_CHARS = 4096

# The first element of an XML or HTML document, after declarations, comments and doctype.
_ROOT_ELEMENT = re.compile(rb"<([A-Za-z_][\w.:-]*)")
_PROLOGUE = re.compile(rb"\s*(?:<\?.*?\?>|<!--.*?-->|<![^>]*>|\s)*", re.DOTALL)

logger = logging.getLogger("comity.web")

Outcome = Document | Rejected
BuildDocument = Callable[[str, str, SourceMeta], Document]


def is_url_list(path: Path) -> bool:
    """True for a file of URLs: suffix ``.urls``, or named ``urls.txt`` / ``*.urls.txt``."""
    name = path.name.lower()
    return name.endswith(URL_LIST_SUFFIX) or name in URL_LIST_NAMES or name.endswith(".urls.txt")


def root_element(raw: bytes) -> str | None:
    """The local name of the first element in `raw`, lower case ("rss", "urlset", "html")."""
    head = raw[:SNIFF_CHARS].lstrip(b"\xef\xbb\xbf")
    prologue = _PROLOGUE.match(head)
    start = prologue.end() if prologue else 0
    match = _ROOT_ELEMENT.match(head, start)
    if match is None:
        return None
    return match.group(1).decode("ascii", "replace").rsplit(":", 1)[-1].lower()


class WebReader:
    """Turns URLs into Documents through one `Fetcher`; `build` makes each Document."""

    def __init__(self, fetcher: Fetcher, build: BuildDocument) -> None:
        self.fetcher = fetcher
        self.build = build

    def read_url_list(self, path: Path, source: str, max_bytes: int) -> Iterator[Outcome]:
        """Every URL in the file at `path`, each read as `read_url` reads it."""
        try:
            with path.open("rb") as stream:
                text = decode_text(read_limited(stream, max_bytes))
        except IngestError as error:
            yield Rejected(source, str(error))
            return
        except OSError as error:
            yield Rejected(source, f"cannot read it: {error.strerror or error}")
            return
        for number, line in enumerate(text.splitlines(), start=1):
            address = line.strip()
            if not address or address.startswith("#"):
                continue
            if not is_web_url(address):
                yield Rejected(f"{source}:{number}", f"not an http(s) URL: {address[:80]!r}")
                continue
            if self.fetcher.stopped:
                return
            yield from self.read_url(address)

    def read_url(self, url: str) -> Iterator[Outcome]:
        """The article at `url`, or the articles of the feed or sitemap there."""
        if self.fetcher.stopped:
            return
        remembered = self.fetcher.memory.recall(url)
        conditional = remembered is not None and (
            remembered.document is not None or self.fetcher.options.revalidate_listings
        )
        try:
            fetched = self.fetcher.get(
                url, validators=remembered.validators if remembered and conditional else None
            )
            if fetched.not_modified:
                if remembered is not None and remembered.document is not None:
                    yield remembered.document
                return
            kind = _kind_of(fetched)
            if kind == "page":
                yield self._page_document(fetched, SourceMeta())
            elif kind == "feed":
                yield from self._read_feed(fetched)
            else:
                yield from self._read_sitemap(fetched, depth=1, seen={url})
        except IngestError as error:
            yield Rejected(url, str(error))

    # -- listings ------------------------------------------------------------------

    def _read_feed(self, fetched: Fetched) -> Iterator[Outcome]:
        feed = parse_feed(
            fetched.content, base_url=fetched.final_url, media_type=fetched.media_type
        )
        self.fetcher.memory.remember(fetched.url, fetched.validators, None)
        for number, entry in enumerate(feed.entries, start=1):
            if entry.link is None:
                yield Rejected(f"{fetched.url}#{number}", "feed entry without a link")
            else:
                yield from self._read_listed_page(entry.link, entry.meta)

    def _read_sitemap(self, fetched: Fetched, *, depth: int, seen: set[str]) -> Iterator[Outcome]:
        sitemap = parse_sitemap(fetched.content, max_bytes=self.fetcher.options.max_bytes)
        self.fetcher.memory.remember(fetched.url, fetched.validators, None)
        for link in sitemap.links:
            if sitemap.kind == "urlset":
                yield from self._read_listed_page(link.location, link.meta)
            else:
                yield from self._read_nested_sitemap(link.location, depth=depth + 1, seen=seen)

    def _read_nested_sitemap(self, url: str, *, depth: int, seen: set[str]) -> Iterator[Outcome]:
        if url in seen:
            return
        seen.add(url)
        if depth > MAX_SITEMAP_DEPTH:
            yield Rejected(url, f"sitemap index nested more than {MAX_SITEMAP_DEPTH} levels deep")
            return
        if self.fetcher.stopped:
            return
        try:
            fetched = self.fetcher.get(url)
            yield from self._read_sitemap(fetched, depth=depth, seen=seen)
        except IngestError as error:
            yield Rejected(url, str(error))

    def _read_listed_page(self, url: str, listed: SourceMeta) -> Iterator[Outcome]:
        """A page a feed or sitemap links to: the stored document when there is one."""
        if self.fetcher.stopped:
            return
        if not is_web_url(url):
            yield Rejected(url, "not an http(s) URL")
            return
        remembered = self.fetcher.memory.recall(url)
        if remembered is not None and remembered.document is not None:
            yield remembered.document
            return
        try:
            fetched = self.fetcher.get(url)
            if _kind_of(fetched) != "page":
                raise IngestError(_not_html(fetched))
            yield self._page_document(fetched, listed)
        except IngestError as error:
            yield Rejected(url, str(error))

    # -- pages ---------------------------------------------------------------------

    def _page_document(self, fetched: Fetched, listed: SourceMeta) -> Document:
        """The article of an HTML page; what the listing said wins over the page's guesses."""
        article = extract_article(fetched.content)
        meta = listed.over(article.meta).over(SourceMeta(url=fetched.final_url))
        document = self.build(article.text, fetched.url, meta)
        self.fetcher.memory.remember(fetched.url, fetched.validators, document)
        return document


def _kind_of(fetched: Fetched) -> str:
    """ "page", "feed" or "sitemap"; IngestError for anything comity does not read."""
    if fetched.content.startswith(GZIP_MAGIC):
        return "sitemap"  # the only gzipped body comity reads (a .xml.gz sitemap)
    root = root_element(fetched.content)
    if fetched.media_type in HTML_TYPES:
        return "feed" if root in FEED_ROOTS else "page"
    if root in FEED_ROOTS:
        return "feed"
    if root in SITEMAP_ROOTS:
        return "sitemap"
    if root == "html" and fetched.media_type in ("", "text/plain", "application/octet-stream"):
        return "page"
    raise IngestError(_not_html(fetched))


def _not_html(fetched: Fetched) -> str:
    kind = fetched.media_type or "no content type"
    return f"not an HTML page, feed or sitemap ({kind})"
