"""The events export: one flat record per event, as JSON Lines or CSV.

`doc` is the source of the event's document (its file path or URL), which is
what evaluation tools match on; `doc_id` is the document's hash. Rows are
written as they are read from the store, never collected first.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import Any, Literal, TextIO, Unpack, get_args

from comity.models import Event
from comity.store import EventQuery, Store

ExportFormat = Literal["jsonl", "csv"]

EVENT_COLUMNS: tuple[str, ...] = (
    "id",
    "doc",
    "source",
    "source_name",
    "source_sector",
    "target",
    "target_name",
    "target_sector",
    "plover",
    "cameo",
    "goldstein",
    "quad_class",
    "mode",
    "date",
    "date_end",
    "date_precision",
    "date_inferred",
    "location",
    "location_name",
    "trigger",
    "sentence",
    "span_start",
    "span_end",
    "language",
    "confidence",
    "extractor",
    "doc_id",
)


def event_record(event: Event, doc: str) -> dict[str, Any]:
    """The export record of `event` from the document whose source is `doc`."""
    values = event.model_dump(mode="json")
    values["doc"] = doc
    return {column: values[column] for column in EVENT_COLUMNS}


def export_events(
    store: Store, out: TextIO, *, fmt: ExportFormat, **filters: Unpack[EventQuery]
) -> int:
    """Write the events matching `filters` (as for `Store.events`) to `out`.

    Returns the number of rows written (the CSV header not counted).
    Raises ValueError for an unknown format or a malformed filter.
    """
    if fmt not in get_args(ExportFormat):
        raise ValueError(f"unknown export format {fmt!r}: use jsonl or csv")
    records = (event_record(event, doc) for event, doc in store.events_with_source(**filters))
    if fmt == "csv":
        return _write_csv(records, out)
    return _write_jsonl(records, out)


def _write_jsonl(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    written = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False))
        out.write("\n")
        written += 1
    return written


def _write_csv(records: Iterable[dict[str, Any]], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=EVENT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    written = 0
    for record in _csv_cells(records):
        writer.writerow(record)
        written += 1
    return written


def _csv_cells(records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Booleans as true/false and None as an empty cell, like the JSON spelling."""
    for record in records:
        yield {key: _csv_cell(value) for key, value in record.items()}


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value
