"""The events export: one flat record per event, or one row in another tool's layout.

jsonl and csv write `EVENT_COLUMNS`; gdelt, icews and plover write those tools'
layouts (see `comity.export.gdelt`, `.icews`, `.plover`); Parquet, being
binary, has its own entry point (`comity.export.parquet.export_parquet`).

`doc` is the source of the event's document (its file path or URL), which is
what evaluation tools match on; `doc_id` is the document's hash. Rows are
written as they are read from the store, never collected first. CSV text cells
that a spreadsheet would run as formulas get a leading `'` unless
`guard_formulas` is off (see `comity.export.spreadsheet`).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Literal, TextIO, Unpack, get_args

from comity.export.actors import EntityLookup, no_lookup
from comity.export.gdelt import write_gdelt
from comity.export.icews import write_icews
from comity.export.plover import write_plover
from comity.export.spreadsheet import guarded_cell
from comity.models import Event
from comity.store import EventQuery, Store

ExportFormat = Literal["jsonl", "csv", "gdelt", "icews", "plover"]

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
    store: Store,
    out: TextIO,
    *,
    fmt: ExportFormat,
    header: bool = False,
    lookup: EntityLookup = no_lookup,
    on_event: Callable[[], None] | None = None,
    guard_formulas: bool = True,
    **filters: Unpack[EventQuery],
) -> int:
    """Write the events matching `filters` (as for `Store.events`) to `out`.

    `header` adds a header row to gdelt (csv and icews always have one);
    `lookup` (code -> Entity, e.g. `KnowledgeBase.get`) fills actor countries
    and names in gdelt and icews; `on_event` is called after each row;
    `guard_formulas` (csv only) keeps text cells from running as formulas.
    Returns the number of rows written (headers not counted). gdelt and icews
    write asserted events only. Raises ValueError for an unknown format or a
    malformed filter.
    """
    if fmt not in get_args(ExportFormat):
        raise ValueError(f"unknown export format {fmt!r}: use {', '.join(get_args(ExportFormat))}")
    pairs = store.events_with_source(**filters)
    if fmt == "gdelt":
        return write_gdelt(pairs, out, lookup=lookup, header=header, on_event=on_event)
    if fmt == "icews":
        return write_icews(pairs, out, lookup=lookup, on_event=on_event)
    if fmt == "plover":
        return write_plover(pairs, out, on_event=on_event)
    records = (event_record(event, doc) for event, doc in pairs)
    if fmt == "csv":
        return _write_csv(records, out, on_event, guard_formulas=guard_formulas)
    return _write_jsonl(records, out, on_event)


def _write_jsonl(
    records: Iterable[dict[str, Any]], out: TextIO, on_event: Callable[[], None] | None
) -> int:
    written = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False))
        out.write("\n")
        written += 1
        if on_event is not None:
            on_event()
    return written


def _write_csv(
    records: Iterable[dict[str, Any]],
    out: TextIO,
    on_event: Callable[[], None] | None,
    *,
    guard_formulas: bool,
) -> int:
    writer = csv.DictWriter(out, fieldnames=EVENT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    written = 0
    for record in _csv_cells(records, guard_formulas=guard_formulas):
        writer.writerow(record)
        written += 1
        if on_event is not None:
            on_event()
    return written


def _csv_cells(
    records: Iterable[dict[str, Any]], *, guard_formulas: bool
) -> Iterator[dict[str, Any]]:
    """Booleans as true/false and None as an empty cell, like the JSON spelling."""
    cell = _guarded_csv_cell if guard_formulas else _csv_cell
    for record in records:
        yield {key: cell(value) for key, value in record.items()}


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def _guarded_csv_cell(value: Any) -> Any:
    return guarded_cell(_csv_cell(value))
