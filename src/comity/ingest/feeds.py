"""Reading RSS and Atom feeds (through feedparser) into the links of their entries.

comity fetches the feed itself (politely, see `fetch`) and hands feedparser
only the bytes, so feedparser never touches the network. Each entry becomes
the address of its article plus what the feed says about it (title, date),
which fills what the page itself does not say.
"""

from __future__ import annotations

import io
import logging
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser

from comity.errors import IngestError
from comity.ingest.metadata import SourceMeta
from comity.models import Precision

logger = logging.getLogger("comity.feeds")

_DATE_FIELDS = ("published_parsed", "updated_parsed", "created_parsed")
# What feedparser flags but still reads correctly: a server's content type or
# declared encoding that does not match the bytes.
_HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


@dataclass(frozen=True)
class FeedEntry:
    """One item of a feed: the page it links to (None when it gives none) and its metadata."""

    link: str | None
    meta: SourceMeta


@dataclass(frozen=True)
class Feed:
    title: str | None
    entries: list[FeedEntry]
    problem: str | None  # what was wrong with the XML when entries could still be read


def parse_feed(raw: bytes, *, base_url: str, media_type: str = "") -> Feed:
    """The entries of the RSS or Atom feed in `raw`, links made absolute against `base_url`.

    A feed whose XML is broken but whose entries feedparser's lenient parser
    could still read is kept, with the problem noted; one with no readable
    entry raises IngestError naming the XML error.
    """
    if not raw.strip():
        raise IngestError("not a readable RSS or Atom feed: the response is empty")
    headers = {"content-location": base_url, "content-type": media_type or "application/xml"}
    try:
        parsed = feedparser.parse(io.BytesIO(raw), response_headers=headers)
    # feedparser's fallbacks can fail on arbitrary bytes in any way; a bad feed
    # must become a Rejected with a reason, not end a watch.
    except Exception as error:
        raise IngestError(f"could not parse the feed ({type(error).__name__})") from error
    problem = _problem(parsed)
    entries = [_entry(item, base_url) for item in parsed.get("entries", [])]
    if problem is not None and not entries:
        raise IngestError(f"not a readable RSS or Atom feed: {problem}")
    if problem is not None:
        logger.warning(
            "%s: broken feed XML (%s); read %d entries anyway", base_url, problem, len(entries)
        )
    title = parsed.get("feed", {}).get("title")
    return Feed(
        title=title.strip() or None if isinstance(title, str) else None,
        entries=entries,
        problem=problem,
    )


def _problem(parsed: Any) -> str | None:
    """What is wrong with the feed's XML; None when nothing is, or nothing that matters."""
    if not parsed.get("bozo"):
        return None
    error = parsed.get("bozo_exception")
    if isinstance(error, _HARMLESS):
        return None
    text = str(error).strip() if error is not None else ""
    return text or (type(error).__name__ if error is not None else "malformed XML")


def _entry(item: Any, base_url: str) -> FeedEntry:
    link = item.get("link")
    if not isinstance(link, str) or not link.strip():
        link = _first_alternate_link(item)
    title = item.get("title")
    author = item.get("author")
    published = _entry_date(item)
    return FeedEntry(
        link=urljoin(base_url, link.strip()) if link else None,
        meta=SourceMeta(
            title=title.strip() or None if isinstance(title, str) else None,
            author=author.strip() or None if isinstance(author, str) else None,
            published=published,
            published_precision=Precision.DAY if published is not None else None,
        ),
    )


def _first_alternate_link(item: Any) -> str | None:
    for link in item.get("links", []):
        href = link.get("href")
        if link.get("rel", "alternate") == "alternate" and isinstance(href, str) and href.strip():
            return href
    return None


def _entry_date(item: Any) -> date | None:
    for name in _DATE_FIELDS:
        parsed = item.get(name)
        if isinstance(parsed, time.struct_time):
            try:
                return datetime(*parsed[:6], tzinfo=UTC).date()
            except ValueError:
                continue
    return None
