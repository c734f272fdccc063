"""The type of each export column, shared by Parquet and the DataFrame conversions.

Kept in one place so that a Parquet file, a pandas frame and a polars frame of
the same events agree on what is text, number or flag.
"""

from __future__ import annotations

from typing import Literal

from comity.export.events import EVENT_COLUMNS

ColumnType = Literal["string", "float", "int", "bool"]

_NON_TEXT: dict[str, ColumnType] = {
    "goldstein": "float",
    "confidence": "float",
    "quad_class": "int",
    "span_start": "int",
    "span_end": "int",
    "date_inferred": "bool",
}

COLUMN_TYPES: dict[str, ColumnType] = {
    column: _NON_TEXT.get(column, "string") for column in EVENT_COLUMNS
}
