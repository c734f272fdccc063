"""The relations export: one merged relation per row, with its sources.

The JSON Lines form carries every field `../shared/tools/score_relations.py`-style
tools read (`a, b, relation, object, since, until, negated, docs, confidence`) plus
the contradicting documents and each source sentence; CSV flattens the document
lists into `;`-joined cells and leaves the sentences out; Parquet keeps the document
lists as lists of strings and leaves the sentences out.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO, Literal, TextIO, get_args

from comity.export.optional import require
from comity.relations import Relation

RelationFormat = Literal["jsonl", "csv"]

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


def export_relations(relations: Iterable[Relation], out: TextIO, fmt: RelationFormat) -> int:
    """Write `relations` to `out`; returns how many were written."""
    if fmt not in get_args(RelationFormat):
        raise ValueError(f"unknown relation format {fmt!r}")
    count = 0
    if fmt == "jsonl":
        for relation in relations:
            out.write(json.dumps(relation_record(relation), ensure_ascii=False) + "\n")
            count += 1
        return count
    writer = csv.DictWriter(out, fieldnames=RELATION_COLUMNS[:-1], extrasaction="ignore")
    writer.writeheader()
    for relation in relations:
        record = relation_record(relation)
        record["docs"] = ";".join(record["docs"])
        record["contradicted_by"] = ";".join(record["contradicted_by"])
        writer.writerow(record)
        count += 1
    return count


def export_relations_parquet(relations: Iterable[Relation], out: str | Path | BinaryIO) -> int:
    """Write `relations` to a Parquet file (all in one row group: relations are few)."""
    pa = require("pyarrow", "pyarrow", "the Parquet export")
    parquet = require("pyarrow.parquet", "pyarrow", "the Parquet export")
    text, documents = pa.string(), pa.list_(pa.string())
    schema = pa.schema(
        [
            *((column, text) for column in ("id", "a", "b", "relation", "object", "since")),
            ("until", text),
            ("negated", pa.bool_()),
            ("confidence", pa.float64()),
            ("docs", documents),
            ("contradicted_by", documents),
        ]
    )
    rows = [relation_record(relation) for relation in relations]
    for row in rows:
        del row["sources"]
    parquet.write_table(pa.Table.from_pylist(rows, schema=schema), out)
    return len(rows)
