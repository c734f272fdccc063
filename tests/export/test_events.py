from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

import pytest

from comity.export import EVENT_COLUMNS, event_record, export_events
from comity.models import Event
from comity.store import Store

from .conftest import BRIEFING, EVENTS, SOURCES, SUMMIT


def test_the_columns_are_the_documented_ones() -> None:
    assert EVENT_COLUMNS == (
        "id", "doc", "source", "source_name", "source_sector", "target", "target_name",
        "target_sector", "plover", "cameo", "goldstein", "quad_class", "mode", "date",
        "date_end", "date_precision", "date_inferred", "location", "location_name",
        "trigger", "sentence", "span_start", "span_end", "language", "confidence",
        "extractor", "doc_id",
    )  # fmt: skip


def test_jsonl_round_trips_every_column(store: Store) -> None:
    out = io.StringIO()
    assert export_events(store, out, fmt="jsonl") == len(EVENTS)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [list(record) for record in records] == [list(EVENT_COLUMNS)] * len(EVENTS)
    by_id = {record["id"]: record for record in records}
    for event in EVENTS:
        record = by_id.pop(event.id)
        assert record["doc"] == SOURCES[event.doc_id]
        expected = event.model_dump(mode="json")
        assert {column: record[column] for column in EVENT_COLUMNS if column != "doc"} == {
            column: expected[column] for column in EVENT_COLUMNS if column != "doc"
        }
    assert by_id == {}


def test_jsonl_keeps_non_ascii_text_readable(store: Store) -> None:
    out = io.StringIO()
    export_events(store, out, fmt="jsonl")
    assert "Şuşa" in out.getvalue()
    assert "\\u" not in out.getvalue()


def test_csv_round_trips_with_a_header(store: Store) -> None:
    out = io.StringIO()
    assert export_events(store, out, fmt="csv") == len(EVENTS)
    reader = csv.DictReader(io.StringIO(out.getvalue()))
    assert tuple(reader.fieldnames or ()) == EVENT_COLUMNS
    rows = {row["id"]: row for row in reader}
    summit = rows["exp-summit-agree"]
    assert summit["sentence"] == SUMMIT.text  # quotes, commas and a newline survive
    assert summit["doc"] == "/corpus/2024/summit-report.txt"
    assert summit["source_sector"] == ""  # None
    assert summit["date_inferred"] == "false"
    assert float(summit["goldstein"]) == 8.0
    briefing = rows["exp-briefing-plan"]
    assert (briefing["mode"], briefing["date"], briefing["date_inferred"]) == (
        "intended",
        "2025",
        "true",
    )
    assert briefing["doc"] == BRIEFING.source


def test_filters_and_paging_pass_through(store: Store) -> None:
    out = io.StringIO()
    assert export_events(store, out, fmt="jsonl", actor="KAZ") == 1
    assert json.loads(out.getvalue())["id"] == "exp-briefing-plan"
    out = io.StringIO()
    assert export_events(store, out, fmt="csv", limit=1) == 1
    assert len(list(csv.DictReader(io.StringIO(out.getvalue())))) == 1


def test_no_match_writes_only_the_csv_header(store: Store) -> None:
    out = io.StringIO()
    assert export_events(store, out, fmt="csv", plover="THREATEN") == 0
    assert out.getvalue().splitlines() == [",".join(EVENT_COLUMNS)]


def test_an_unknown_format_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="jsonl, csv, gdelt, icews, plover"):
        export_events(store, io.StringIO(), fmt="xml")  # type: ignore[arg-type]


def test_a_bad_period_is_refused_before_writing(store: Store) -> None:
    out = io.StringIO()
    with pytest.raises(ValueError, match="YYYY"):
        export_events(store, out, fmt="csv", since="last year")
    assert out.getvalue() == ""


class _WriteLog(io.StringIO):
    """A text stream that notes how many events had been read at its first write."""

    def __init__(self, progress: list[int]) -> None:
        super().__init__()
        self.progress = progress
        self.read_at_first_write: int | None = None

    def write(self, text: str) -> int:
        if self.read_at_first_write is None:
            self.read_at_first_write = len(self.progress)
        return super().write(text)


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_export_writes_while_it_reads(
    store: Store, monkeypatch: pytest.MonkeyPatch, fmt: Any
) -> None:
    read: list[int] = []
    original = store.events_with_source

    def counted(**filters: Any) -> Iterator[tuple[Event, str]]:
        stream = original(**filters)
        assert isinstance(stream, Iterator)
        for pair in stream:
            read.append(1)
            yield pair

    monkeypatch.setattr(store, "events_with_source", counted)
    out = _WriteLog(read)
    assert export_events(store, out, fmt=fmt) == len(EVENTS)
    assert out.read_at_first_write is not None
    assert out.read_at_first_write < len(EVENTS)


def test_event_record_is_the_export_row() -> None:
    record = event_record(EVENTS[0], "summit-report.txt")
    assert tuple(record) == EVENT_COLUMNS
    assert record["doc"] == "summit-report.txt"
    assert record["mode"] == "asserted"


def test_csv_loads_in_pandas_and_polars_with_sane_dtypes(store: Store) -> None:
    pd = pytest.importorskip("pandas")
    pl = pytest.importorskip("polars")
    out = io.StringIO()
    export_events(store, out, fmt="csv")
    frame = pd.read_csv(io.StringIO(out.getvalue()), dtype={"cameo": str, "date": str})
    assert tuple(frame.columns) == EVENT_COLUMNS
    assert len(frame) == len(EVENTS)
    assert frame["goldstein"].dtype == "float64"
    assert frame["quad_class"].dtype == "int64"
    assert set(frame["cameo"]) == {event.cameo for event in EVENTS}
    polars_frame = pl.read_csv(io.StringIO(out.getvalue()), schema_overrides={"cameo": pl.Utf8})
    assert polars_frame.height == len(EVENTS)
    assert polars_frame.schema["span_end"] == pl.Int64
    assert sorted(polars_frame["sentence"].to_list()) == sorted(e.sentence for e in EVENTS)
