from __future__ import annotations

import logging
from datetime import date

import pytest
import trafilatura

from comity.errors import IngestError
from comity.ingest.html import extract_article
from comity.models import Precision

ARTICLE = b"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Ministers discuss rail link | Caspian Ledger</title>
<meta property="article:published_time" content="2024-05-17T08:30:00+00:00">
<link rel="canonical" href="https://ledger.example/2024/rail-link">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/region">Region</a></li></ul></nav>
<article><h1>Ministers discuss rail link</h1>
<p>The transport ministers of Kazakhstan and Azerbaijan met in Aktau on Thursday to review
plans for a rail and ferry route across the Caspian Sea.</p>
<p>They agreed to set up a working group that will report on freight tariffs before the
end of the year, according to a statement from the Kazakh ministry.</p>
<p>Neither side gave a date for the start of construction.</p>
</article>
<aside><h3>Most read</h3><ul><li><a href="/x">Weather turns cold in the north</a></li></ul></aside>
<footer><p>Subscribe to our newsletter. All rights reserved.</p></footer>
<script>window.tracker = {id: 42};</script>
</body></html>"""


def test_the_article_text_title_url_and_date_are_extracted() -> None:
    article = extract_article(ARTICLE)
    assert article.text.startswith("Ministers discuss rail link\n\nThe transport ministers")
    assert "Neither side gave a date" in article.text
    assert "Weather turns cold" not in article.text
    assert "newsletter" not in article.text and "tracker" not in article.text
    assert article.meta.title == "Ministers discuss rail link"
    assert article.meta.url == "https://ledger.example/2024/rail-link"
    assert (article.meta.published, article.meta.published_precision) == (
        date(2024, 5, 17),
        Precision.DAY,
    )


def test_paragraphs_are_separated_by_a_blank_line() -> None:
    paragraphs = extract_article(ARTICLE).text.split("\n\n")
    assert len(paragraphs) == 4
    assert all(paragraph.strip() == paragraph for paragraph in paragraphs)


def test_unclosed_tags_still_give_the_text() -> None:
    page = (
        b"<html><body><div><p>The presidents of Kyrgyzstan and Tajikistan signed a border"
        b" treaty in Bishkek after years of talks between their governments.<p>Both parliaments"
        b" still have to ratify it <b>before it takes effect, officials said in the capital."
    )
    assert "ratify it before it takes effect" in extract_article(page).text


@pytest.mark.parametrize(
    "page",
    [
        b"<html><head><script>var a = 1;</script><style>p {color: red}</style></head></html>",
        b"<html><head><title>Only a title</title></head></html>",
        b"<html><body><div></div></body></html>",
        b"<<<>>> </ <p <div",
    ],
)
def test_pages_without_article_text_are_refused(page: bytes) -> None:
    with pytest.raises(IngestError, match="^no article text found in the HTML$"):
        extract_article(page)


def test_binary_bytes_are_refused_before_parsing() -> None:
    with pytest.raises(IngestError, match="^binary file, not text$"):
        extract_article(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_a_failing_parser_becomes_an_ingest_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RecursionError("too deep")

    monkeypatch.setattr(trafilatura, "bare_extraction", explode)
    with pytest.raises(IngestError, match=r"could not parse the HTML \(RecursionError\)"):
        extract_article(ARTICLE)


def test_trafilatura_stays_quiet_on_bad_pages(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG), pytest.raises(IngestError):
        extract_article(b"<html></html>")
    assert not [record for record in caplog.records if record.name.startswith("trafilatura")]


def test_the_byline_of_a_page_is_its_author() -> None:
    page = ARTICLE.replace(
        b'<meta charset="utf-8">',
        b'<meta charset="utf-8"><meta name="author" content="Aigerim Sadykova">',
    )
    assert extract_article(page).meta.author == "Aigerim Sadykova"
    assert extract_article(ARTICLE).meta.author is None
