"""Document metadata given beside the text: in a manifest, a JSONL line or an HTML page.

One parser checks the fields wherever they come from, so a bad value gets the
same explanation in a manifest as in a JSONL corpus.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from comity.errors import IngestError
from comity.jsonl import json_type_name
from comity.models import Precision, interval_of, iso_at_precision

_PUBLISHED = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ]\d{2}:\d{2}.*)?")
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*")
_PRECISION_RANK = {Precision.YEAR: 0, Precision.MONTH: 1, Precision.DAY: 2}


@dataclass(frozen=True)
class SourceMeta:
    """What is known about a document besides its text; None where unknown."""

    url: str | None = None
    title: str | None = None
    author: str | None = None
    published: date | None = None
    published_precision: Precision | None = None
    language: str | None = None

    def over(self, fallback: SourceMeta) -> SourceMeta:
        """These values, gaps filled from `fallback` (a date always with its own precision)."""
        dated = self if self.published is not None else fallback
        return SourceMeta(
            url=self.url if self.url is not None else fallback.url,
            title=self.title if self.title is not None else fallback.title,
            author=self.author if self.author is not None else fallback.author,
            published=dated.published,
            published_precision=dated.published_precision,
            language=self.language if self.language is not None else fallback.language,
        )


def parse_published(value: str) -> tuple[date, Precision]:
    """Parse "2025", "2025-04" or "2025-04-05" (a time after the day is ignored).

    A year or month is returned as its first day, with the precision saying so.
    """
    match = _PUBLISHED.fullmatch(value.strip())
    if match is None:
        raise IngestError(f"'published' must be YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    iso = "-".join(part for part in match.groups() if part is not None)
    try:
        first, _last, precision = interval_of(iso)
    except ValueError as error:
        raise IngestError(f"'published' {value!r} is not a real date ({error})") from error
    return first, precision


def meta_from_fields(fields: Mapping[str, Any]) -> SourceMeta:
    """Read `url`, `title`, `author`, `published`, `published_precision` and `language`
    from a JSON object.

    Absent or null fields stay unknown; other fields are ignored. Raises
    IngestError naming the field and what is wrong with it.
    """
    published, precision = _published_field(fields)
    language = optional_string(fields, "language")
    if language is not None:
        language = language.lower()
        if not _LANGUAGE.fullmatch(language):
            raise IngestError(f"'language' must be an ISO 639 code such as 'en', not {language!r}")
    return SourceMeta(
        url=optional_string(fields, "url"),
        title=optional_string(fields, "title"),
        author=optional_string(fields, "author"),
        published=published,
        published_precision=precision,
        language=language,
    )


def optional_string(fields: Mapping[str, Any], name: str) -> str | None:
    """The stripped string in `fields[name]`; None when absent, null or blank."""
    value = fields.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise IngestError(f"'{name}' must be a string, not {json_type_name(value)}")
    check_encodable(value, f"'{name}'")
    return value.strip() or None


def check_encodable(value: str, what: str) -> None:
    """Refuse strings with unpaired surrogates (a JSON "\\ud800" escape), which no file can hold."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        raise IngestError(
            f"{what} holds an unpaired surrogate (\\u{ord(value[error.start]):04x}), "
            "which is not valid Unicode"
        ) from error


def _published_field(fields: Mapping[str, Any]) -> tuple[date | None, Precision | None]:
    value = optional_string(fields, "published")
    stated = optional_string(fields, "published_precision")
    if value is None:
        return None, None
    published, precision = parse_published(value)
    if stated is None:
        return published, precision
    try:
        wanted = Precision(stated.lower())
    except ValueError as error:
        raise IngestError(
            f"'published_precision' must be 'year', 'month' or 'day', not {stated!r}"
        ) from error
    if _PRECISION_RANK[wanted] > _PRECISION_RANK[precision]:
        raise IngestError(
            f"'published_precision' is {wanted.value!r} but 'published' {value!r} "
            f"only gives the {precision.value}"
        )
    first, _last, coarser = interval_of(iso_at_precision(published, wanted))
    return first, coarser
