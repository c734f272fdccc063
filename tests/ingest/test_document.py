from __future__ import annotations

from datetime import date

import pytest

from comity.errors import IngestError
from comity.ingest import document_id
from comity.ingest.document import build_document
from comity.ingest.metadata import SourceMeta
from comity.models import Document, Precision

DATELINED = (
    "TASHKENT, 21 May 2025 — The presidents of Uzbekistan and Azerbaijan met to discuss "
    "transport links between their countries and a new trade agreement."
)
UNDATED = (
    "The presidents of Uzbekistan and Azerbaijan met to discuss transport links between "
    "their countries and a new trade agreement."
)


def build(text: str, meta: SourceMeta | None = None, default: date | None = None) -> Document:
    return build_document(
        text, source="t.txt", meta=meta or SourceMeta(), default_published=default
    )


def test_the_document_holds_the_normalised_text_and_its_id() -> None:
    document = build("  " + UNDATED + "  \r\n")
    assert document.text == UNDATED
    assert document.id == document_id(UNDATED)
    assert document.source == "t.txt"


def test_the_given_date_wins_over_the_dateline_and_the_default() -> None:
    pytest.importorskip("comity.extract.dates")
    meta = SourceMeta(published=date(2025, 5, 22), published_precision=Precision.DAY)
    document = build(DATELINED, meta, default=date(2020, 1, 1))
    assert (document.published, document.published_precision) == (date(2025, 5, 22), Precision.DAY)


def test_the_dateline_wins_over_the_default() -> None:
    pytest.importorskip("comity.extract.dates")
    document = build(DATELINED, default=date(2020, 1, 1))
    assert document.published == date(2025, 5, 21)


def test_the_default_dates_a_text_without_a_dateline() -> None:
    document = build(UNDATED, default=date(2020, 1, 1))
    assert (document.published, document.published_precision) == (date(2020, 1, 1), Precision.DAY)


def test_without_any_date_the_document_is_undated() -> None:
    document = build(UNDATED)
    assert document.published is None and document.published_precision is None


def test_a_given_language_is_kept_without_detection() -> None:
    assert build(UNDATED, SourceMeta(language="uz")).language == "uz"
    assert build(UNDATED).language == "en"


@pytest.mark.parametrize(
    ("text", "reason"), [("", "empty"), (" \n\t\r\n ", "empty (only whitespace)")]
)
def test_a_blank_text_is_refused(text: str, reason: str) -> None:
    with pytest.raises(IngestError) as caught:
        build(text)
    assert str(caught.value) == reason
