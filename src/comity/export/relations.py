"""The relations export: one merged relation per row, with its sources.

The JSON Lines form carries every field `../shared/tools/score_relations.py`-style
tools read (`a, b, relation, object, since, until, negated, docs, confidence`) plus
the contradicting documents and each source sentence; CSV flattens the document
lists into `;`-joined cells and leaves the sentences out (text cells a spreadsheet
would run as formulas get a leading `'`, see `comity.export.spreadsheet`); Parquet
keeps the document lists as lists of strings and leaves the sentences out.

Relations are written as they come, so with `comity.relations.stream_relations`
an export holds one relation at a time (issue 10).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any, BinaryIO, Literal, TextIO, get_args

from comity.export.optional import require
from comity.export.spreadsheet import guarded_cell
from comity.relations import Relation

RelationFormat = Literal["jsonl", "csv"]
OnRelation = Callable[[Relation], None]
ROW_GROUP_SIZE = 10_000  # relations per Parquet row group

RELATION_COLUMNS: tuple[str, ...] = (
    "id",
    "a",
    "b",
    "relation",
    "object",
    "since",
    "until",
    "negated",
    "confidence",
    "docs",
    "contradicted_by",
    "sources",
)


def relation_record(relation: Relation) -> dict[str, Any]:
    """The export record of one relation; `sources` lists each sentence with its stance."""
    return {
        "id": relation.id,
        "a": relation.a,
        "b": relation.b,
        "relation": relation.kind.value,
        "object": relation.object,
        "since": relation.since,
        "until": relation.until,
        "negated": relation.negated,
        "confidence": relation.confidence,
        "docs": relation.docs,
        "contradicted_by": list(dict.fromkeys(s.source for s in relation.contradicting)),
        "sources": [
            {
                "doc": source.source,
                "doc_id": source.doc_id,
                "stance": source.stance.value,
                "basis": source.basis.value,
                "since": source.since,
                "negated": source.negated,
                "event_id": source.event_id,
                "span_start": source.start,
                "span_end": source.end,
                "sentence": source.sentence,
            }
            for source in relation.sources
        ],
    }


def export_relations(
    relations: Iterable[Relation],
    out: TextIO,
    fmt: RelationFormat,
    *,
    on_relation: OnRelation | None = None,
    guard_formulas: bool = True,
) -> int:
    """Write `relations` to `out` one by one; returns how many were written.

    `on_relation` is called with each relation once written; `guard_formulas`
    (csv only) keeps text cells from running as spreadsheet formulas.
    """
    if fmt not in get_args(RelationFormat):
        raise ValueError(f"unknown relation format {fmt!r}")
    writer = csv.DictWriter(out, fieldnames=RELATION_COLUMNS[:-1], extrasaction="ignore")
    if fmt == "csv":
        writer.writeheader()
    count = 0
    for relation in relations:
        if fmt == "jsonl":
            out.write(json.dumps(relation_record(relation), ensure_ascii=False) + "\n")
        else:
            writer.writerow(_csv_row(relation, guard_formulas=guard_formulas))
        count += 1
        if on_relation is not None:
            on_relation(relation)
    return count


def export_relations_parquet(
    relations: Iterable[Relation],
    out: str | Path | BinaryIO,
    *,
    row_group_size: int = ROW_GROUP_SIZE,
    on_relation: OnRelation | None = None,
) -> int:
    """Write `relations` to a Parquet file, `row_group_size` rows at a time."""
    pa = require("pyarrow", "pyarrow", "the Parquet export")
    parquet = require("pyarrow.parquet", "pyarrow", "the Parquet export")
    schema = relations_parquet_schema()
    count = 0
    with parquet.ParquetWriter(out, schema) as writer:
        for batch in _batches(relations, row_group_size):
            rows = [_flat_record(relation) for relation in batch]
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            count += len(batch)
            if on_relation is not None:
                for relation in batch:
                    on_relation(relation)
    return count


def relations_parquet_schema() -> Any:
    """The pyarrow schema of the relations table: `RELATION_COLUMNS` but the sources."""
    pa = require("pyarrow", "pyarrow", "the Parquet export")
    text, documents = pa.string(), pa.list_(pa.string())
    return pa.schema(
        [
            *((column, text) for column in ("id", "a", "b", "relation", "object", "since")),
            ("until", text),
            ("negated", pa.bool_()),
            ("confidence", pa.float64()),
            ("docs", documents),
            ("contradicted_by", documents),
        ]
    )


def _csv_row(relation: Relation, *, guard_formulas: bool) -> dict[str, Any]:
    record = _flat_record(relation)
    record["docs"] = ";".join(record["docs"])
    record["contradicted_by"] = ";".join(record["contradicted_by"])
    return {key: guarded_cell(value) for key, value in record.items()} if guard_formulas else record


def _flat_record(relation: Relation) -> dict[str, Any]:
    record = relation_record(relation)
    del record["sources"]
    return record


def _batches(relations: Iterable[Relation], size: int) -> Iterator[list[Relation]]:
    """`relations` in lists of `size`; one empty list when there are none, so that an
    empty export still writes a row group with the schema, as it always has."""
    iterator = iter(relations)
    batch = list(islice(iterator, size))
    yield batch
    while batch := list(islice(iterator, size)):
        yield batch
