from __future__ import annotations

from datetime import date

import pytest

from comity.errors import IngestError
from comity.ingest.metadata import SourceMeta, meta_from_fields, parse_published
from comity.models import Precision


@pytest.mark.parametrize(
    ("value", "day", "precision"),
    [
        ("2021", date(2021, 1, 1), Precision.YEAR),
        ("2021-11", date(2021, 11, 1), Precision.MONTH),
        ("2021-11-12", date(2021, 11, 12), Precision.DAY),
        ("2021-11-12T18:30:00+03:00", date(2021, 11, 12), Precision.DAY),
    ],
)
def test_published_gives_the_date_at_its_precision(
    value: str, day: date, precision: Precision
) -> None:
    assert parse_published(value) == (day, precision)


@pytest.mark.parametrize("value", ["12/11/2021", "Nov 2021", "21", "2021-13", "2021-02-30"])
def test_a_bad_published_value_is_refused(value: str) -> None:
    with pytest.raises(IngestError, match="'published'"):
        parse_published(value)


def test_fields_are_read_and_the_language_lowercased() -> None:
    meta = meta_from_fields(
        {
            "url": "https://x.example/a",
            "title": " Summit ",
            "published": "2025-04",
            "language": "EN",
        }
    )
    assert meta == SourceMeta(
        url="https://x.example/a",
        title="Summit",
        published=date(2025, 4, 1),
        published_precision=Precision.MONTH,
        language="en",
    )


def test_absent_null_and_blank_fields_are_unknown() -> None:
    assert meta_from_fields({"url": None, "title": "  ", "other": 5}) == SourceMeta()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": 3}, "'title' must be a string, not a number"),
        ({"url": ["a"]}, "'url' must be a string, not an array"),
        ({"published": True}, "'published' must be a string, not a boolean"),
        ({"language": "english"}, "'language' must be an ISO 639 code"),
        ({"published": "2025", "published_precision": "week"}, "'published_precision' must be"),
        ({"title": "bad \ud800 title"}, "unpaired surrogate"),
    ],
)
def test_bad_fields_are_named_in_the_error(fields: dict[str, object], message: str) -> None:
    with pytest.raises(IngestError, match=message):
        meta_from_fields(fields)


def test_a_stated_precision_coarsens_the_date() -> None:
    meta = meta_from_fields({"published": "2025-04-05", "published_precision": "month"})
    assert (meta.published, meta.published_precision) == (date(2025, 4, 1), Precision.MONTH)


def test_a_precision_finer_than_the_value_is_refused() -> None:
    with pytest.raises(IngestError, match="only gives the year"):
        meta_from_fields({"published": "2025", "published_precision": "day"})


def test_over_fills_gaps_and_keeps_the_date_with_its_precision() -> None:
    given = SourceMeta(
        title="From the manifest", published=date(2025, 1, 1), published_precision=Precision.YEAR
    )
    page = SourceMeta(
        url="https://x.example",
        title="From the page",
        published=date(2025, 3, 2),
        published_precision=Precision.DAY,
    )
    merged = given.over(page)
    assert merged.title == "From the manifest"
    assert merged.url == "https://x.example"
    assert (merged.published, merged.published_precision) == (date(2025, 1, 1), Precision.YEAR)


def test_a_json_author_field_is_read_and_a_wrong_type_named() -> None:
    assert meta_from_fields({"author": " Leyla Mammadova "}).author == "Leyla Mammadova"
    with pytest.raises(IngestError, match="'author'"):
        meta_from_fields({"author": ["two", "names"]})
