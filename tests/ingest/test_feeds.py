from __future__ import annotations

from datetime import date

import pytest

from comity.errors import IngestError
from comity.ingest.feeds import parse_feed
from comity.models import Precision

BASE = "https://wire.example.org/feeds/region.xml"


def test_rss_entries_give_absolute_links_titles_and_days() -> None:
    raw = b"""<?xml version="1.0"?><rss version="2.0"><channel><title> Region wire </title>
    <item><title>Border crossing opens</title><link>/2025/05/crossing</link>
      <pubDate>Sat, 10 May 2025 22:30:00 +0000</pubDate></item>
    <item><title>No link here</title></item>
    </channel></rss>"""
    feed = parse_feed(raw, base_url=BASE)
    assert feed.title == "Region wire" and feed.problem is None
    first, second = feed.entries
    assert first.link == "https://wire.example.org/2025/05/crossing"
    assert first.meta.title == "Border crossing opens"
    assert (first.meta.published, first.meta.published_precision) == (
        date(2025, 5, 10),
        Precision.DAY,
    )
    assert second.link is None and second.meta.published is None


def test_atom_alternate_link_and_updated_date() -> None:
    raw = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>Ministry news</title>
    <entry><title>Envoy received</title>
      <link rel="enclosure" href="https://x.example/photo.jpg"/>
      <link rel="alternate" href="https://x.example/news/envoy"/>
      <updated>2024-11-02T06:00:00+05:00</updated></entry></feed>"""
    [entry] = parse_feed(raw, base_url=BASE).entries
    assert entry.link == "https://x.example/news/envoy"
    assert entry.meta.published == date(2024, 11, 2)


def test_a_recoverable_break_keeps_the_entries_and_notes_the_problem() -> None:
    raw = b"<rss><channel><item><title>First</title><link>https://a.example/1</link></item>"
    feed = parse_feed(raw, base_url=BASE)
    assert [entry.link for entry in feed.entries] == ["https://a.example/1"]
    assert feed.problem


@pytest.mark.parametrize("raw", [b"", b"<html><body>not a feed</body></html", b"\x00\x01\x02"])
def test_bytes_without_entries_and_with_errors_are_refused(raw: bytes) -> None:
    with pytest.raises(IngestError, match="not a readable RSS or Atom feed"):
        parse_feed(raw, base_url=BASE)


def test_a_well_formed_empty_feed_has_no_entries() -> None:
    feed = parse_feed(
        b"<rss version='2.0'><channel><title>Quiet</title></channel></rss>", base_url=BASE
    )
    assert feed.entries == [] and feed.problem is None


def test_an_rss_entry_author_is_kept() -> None:
    raw = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
    <item><title>Talks resume</title><link>/2025/talks</link>
      <author>desk@wire.example.org (Nodir Karimov)</author></item></channel></rss>"""
    [entry] = parse_feed(raw, base_url=BASE).entries
    assert entry.meta.author is not None and "Nodir Karimov" in entry.meta.author
