"""Events as a Parquet file, written in row groups so memory stays constant.

The columns are `EVENT_COLUMNS` with the types of `COLUMN_TYPES`: numbers as
float64/int64, `date_inferred` as a boolean, everything else (dates included,
since they keep their precision: "2024", "2024-05") as strings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO, Unpack

from comity.export.columns import COLUMN_TYPES
from comity.export.events import EVENT_COLUMNS, event_record
from comity.export.optional import require
from comity.store import EventQuery, Store

ROW_GROUP_SIZE = 10_000


def parquet_schema() -> Any:
    """The pyarrow schema of the events table."""
    pa = require("pyarrow", "pyarrow", "the Parquet export")
    types = {"string": pa.string(), "float": pa.float64(), "int": pa.int64(), "bool": pa.bool_()}
    return pa.schema([(column, types[COLUMN_TYPES[column]]) for column in EVENT_COLUMNS])


def export_parquet(
    store: Store,
    out: str | Path | BinaryIO,
    *,
    row_group_size: int = ROW_GROUP_SIZE,
    on_event: Callable[[], None] | None = None,
    **filters: Unpack[EventQuery],
) -> int:
    """Write the events matching `filters` to a Parquet file; returns the row count."""
    pa = require("pyarrow", "pyarrow", "the Parquet export")
    parquet = require("pyarrow.parquet", "pyarrow", "the Parquet export")
    schema = parquet_schema()
    records = (event_record(event, doc) for event, doc in store.events_with_source(**filters))
    written = 0
    with parquet.ParquetWriter(out, schema) as writer:
        for batch in _batches(records, row_group_size):
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            written += len(batch)
            if on_event is not None:
                for _ in batch:
                    on_event()
    return written


def _batches(records: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(records)
    while batch := list(islice(iterator, size)):
        yield batch
