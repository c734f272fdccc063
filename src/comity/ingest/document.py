"""Making a Document from a text and what is known about it.

Where the publication date comes from, first found wins: the metadata given
with the text (manifest, JSONL field, HTML page), the dateline, the default.
"""

from __future__ import annotations

from datetime import date

from comity.errors import IngestError
from comity.ingest.dateline import dateline_date
from comity.ingest.language import detect_language
from comity.ingest.metadata import SourceMeta, check_encodable
from comity.ingest.text import id_of_normalised, normalise_text
from comity.models import Document, Precision

# "999 years ago" or "in 999 years" from any day of these years is still a date.
PUBLISHED_YEARS = range(1000, 3000)


def build_document(
    text: str, *, source: str, meta: SourceMeta, default_published: date | None
) -> Document:
    """The Document for `text` read from `source`; IngestError("empty") for a blank text."""
    check_encodable(text, "the text")
    if not text.strip():
        raise IngestError("empty (only whitespace)" if text else "empty")
    normalised = normalise_text(text)
    dated = _with_publication_date(meta, normalised, default_published)
    _check_publication_year(dated.published)
    return Document(
        id=id_of_normalised(normalised),
        text=normalised,
        source=source,
        url=meta.url,
        title=meta.title,
        author=meta.author,
        published=dated.published,
        published_precision=dated.published_precision,
        language=meta.language or detect_language(normalised),
    )


def _check_publication_year(published: date | None) -> None:
    """Refuse a year no news is from, before extraction counts days from it and overflows."""
    if published is not None and published.year not in PUBLISHED_YEARS:
        raise IngestError(
            f"publication date {published.isoformat()} is not in the years "
            f"{PUBLISHED_YEARS.start}–{PUBLISHED_YEARS.stop - 1} comity reads"
        )


def _with_publication_date(
    meta: SourceMeta, text: str, default_published: date | None
) -> SourceMeta:
    if meta.published is not None:
        return meta
    found = dateline_date(text)
    if found is not None:
        return SourceMeta(published=found.published, published_precision=found.precision)
    if default_published is not None:
        return SourceMeta(published=default_published, published_precision=Precision.DAY)
    return SourceMeta()
