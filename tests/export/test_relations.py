"""The relations export, read back with the libraries users read it with."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from builders import make_claim, make_document
from rich.console import Console

from comity.export import (
    ExportProgress,
    RelationFormat,
    export_relations,
    export_relations_parquet,
    relation_record,
)
from comity.models import RelationKind
from comity.relations import Relation, RelationIndex, merge_claims, stream_relations
from comity.store import Store, open_store


@pytest.fixture
def relations() -> list[Relation]:
    agree = make_document("Kazakhstan and Kyrgyzstan set up ties in 1992.", source="a.txt")
    deny = make_document("Kazakhstan has no ties with Kyrgyzstan.", source="b.txt")
    member = make_document("Kyrgyzstan is a member of TURKPA.", source="c.txt")
    return merge_claims(
        [
            (make_claim(agree, "c1", since="1992"), agree.source),
            (make_claim(deny, "c2", negated=True, confidence=0.4), deny.source),
            (
                make_claim(member, "c3", kind=RelationKind.MEMBERSHIP, a="KGZ", b="TURKPA"),
                member.source,
            ),
        ]
    )


def test_jsonl_has_the_fields_the_scorer_reads(relations: list[Relation]) -> None:
    out = io.StringIO()
    assert export_relations(relations, out, "jsonl") == 2
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    ties = next(row for row in rows if row["relation"] == "diplomatic_relations")
    assert {
        "a",
        "b",
        "relation",
        "object",
        "since",
        "until",
        "negated",
        "docs",
        "confidence",
    } <= set(ties)
    assert (ties["since"], ties["docs"], ties["contradicted_by"]) == ("1992", ["a.txt"], ["b.txt"])
    assert [s["stance"] for s in ties["sources"]] == ["supports", "contradicts"]
    assert ties["sources"][1]["sentence"] == "Kazakhstan has no ties with Kyrgyzstan."


def test_csv_round_trips_through_pandas(relations: list[Relation]) -> None:
    pandas = pytest.importorskip("pandas")
    out = io.StringIO()
    export_relations(relations, out, "csv")
    frame = pandas.read_csv(io.StringIO(out.getvalue()))
    assert sorted(frame["relation"]) == ["diplomatic_relations", "membership"]
    assert "sources" not in frame.columns
    ties = frame[frame["relation"] == "diplomatic_relations"].iloc[0]
    assert (ties["docs"], ties["contradicted_by"]) == ("a.txt", "b.txt")


def test_parquet_round_trips_through_polars(relations: list[Relation], tmp_path: Path) -> None:
    polars = pytest.importorskip("polars")
    path = tmp_path / "relations.parquet"
    assert export_relations_parquet(relations, path) == 2
    frame = polars.read_parquet(path)
    assert frame.schema["negated"] == polars.Boolean
    assert frame.schema["docs"] == polars.List(polars.String)
    member = frame.filter(polars.col("relation") == "membership").row(0, named=True)
    assert (member["a"], member["b"], member["docs"]) == ("KGZ", "TURKPA", ["c.txt"])


def test_an_unknown_format_is_refused(relations: list[Relation]) -> None:
    with pytest.raises(ValueError, match="unknown relation format"):
        export_relations(relations, io.StringIO(), "xml")  # type: ignore[arg-type]


# --- streaming from the store (issue 10) ---------------------------------------


def _save(store: Store, text: str, claims: list[dict[str, Any]], source: str) -> None:
    doc = make_document(text, source=source)
    made = [make_claim(doc, f"{doc.id[:8]}-{n}", **fields) for n, fields in enumerate(claims)]
    store.save_document(doc, [], [], claims=made)


@pytest.fixture
def claims_store(tmp_path: Path) -> Iterator[Store]:
    """Ties affirmed and denied, a treaty whose parties are also named alone, two
    treaties of one pair, a stance, and a membership."""
    shusha = {"kind": RelationKind.TREATY, "object": "Shusha Declaration", "object_key": "shusha"}
    with open_store(tmp_path / "relations.db") as store:
        _save(store, "Kyrgyzstan and Kazakhstan set up ties in 1992.", [
            {"a": "KGZ", "b": "KAZ", "since": "1992"},
        ], "a.txt")  # fmt: skip
        _save(store, "Kazakhstan has no ties with Kyrgyzstan.", [
            {"negated": True, "confidence": 0.4},
        ], "b.txt")  # fmt: skip
        _save(store, "Türkiye and Azerbaijan signed the Shusha Declaration and a pact.", [
            {**shusha, "a": "TUR", "b": "AZE", "since": "2021-06-15"},
            {"kind": RelationKind.TREATY, "a": "AZE", "b": "TUR", "object_key": "pact",
             "object": "=cmd|' /C calc'!A0", "since": "2010"},
            {**shusha, "a": "AZE", "b": None},
        ], "c.txt")  # fmt: skip
        _save(store, "Uzbekistan joined the declaration; Kazakhstan backs Türkiye.", [
            {**shusha, "a": "UZB", "b": None},
            {"kind": RelationKind.SUPPORTS_POSITION, "a": "KAZ", "b": "TUR",
             "object": "-the position on Cyprus", "object_key": "cyprus"},
            {"kind": RelationKind.MEMBERSHIP, "a": "KGZ", "b": "TURKPA"},
        ], "d.txt")  # fmt: skip
        yield store


def _in_memory(store: Store, actor: str | None = None) -> list[Relation]:
    """The relations as the export read them before it streamed."""
    return RelationIndex.from_store(store, actor=actor).relations(actor=actor)


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
@pytest.mark.parametrize("actor", [None, "TUR", "kaz"])
def test_a_streamed_export_is_the_in_memory_one(
    claims_store: Store, fmt: RelationFormat, actor: str | None
) -> None:
    streamed, merged = io.StringIO(), io.StringIO()
    count = export_relations(stream_relations(claims_store, actor=actor), streamed, fmt)
    assert count == export_relations(_in_memory(claims_store, actor), merged, fmt) > 0
    assert streamed.getvalue() == merged.getvalue()


def test_a_streamed_parquet_file_is_the_in_memory_one(claims_store: Store, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    streamed, merged = tmp_path / "streamed.parquet", tmp_path / "merged.parquet"
    assert export_relations_parquet(stream_relations(claims_store), streamed) == 6
    export_relations_parquet(_in_memory(claims_store), merged)
    assert streamed.read_bytes() == merged.read_bytes()


def test_parquet_is_written_in_row_groups(claims_store: Store, tmp_path: Path) -> None:
    parquet = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "groups.parquet"
    assert export_relations_parquet(stream_relations(claims_store), path, row_group_size=4) == 6
    assert parquet.ParquetFile(path).metadata.num_row_groups == 2
    assert parquet.read_table(path).to_pylist() == [
        {key: value for key, value in relation_record(r).items() if key != "sources"}
        for r in _in_memory(claims_store)
    ]


def test_an_empty_store_writes_an_empty_parquet_table(tmp_path: Path) -> None:
    parquet = pytest.importorskip("pyarrow.parquet")
    with open_store(tmp_path / "empty.db") as store:
        assert export_relations_parquet(stream_relations(store), tmp_path / "none.parquet") == 0
    assert parquet.read_table(tmp_path / "none.parquet").num_rows == 0


def test_the_export_holds_a_few_relations_claims_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    codes = [f"S{n:02}" for n in range(20)]
    pairs = [(a, b) for a in codes for b in codes if a < b][:150]
    with open_store(tmp_path / "many.db") as store:
        for n, (a, b) in enumerate(pairs):
            claims = [{"a": a, "b": b, "since": str(1990 + k)} for k in range(4)]
            _save(store, f"Report {n}: {a} and {b} have ties.", claims, f"{n}.txt")
        pulled = 0
        claims_by_relation = store.claims_by_relation

        def counted(**arguments: Any) -> Iterator[Any]:
            nonlocal pulled
            for row in claims_by_relation(**arguments):
                pulled += 1
                yield row

        monkeypatch.setattr(store, "claims_by_relation", counted)
        written = 0
        held: list[int] = []

        def on_relation(relation: Relation) -> None:
            nonlocal written
            written += len(relation.sources)
            held.append(pulled - written)

        count = export_relations(
            stream_relations(store), io.StringIO(), "jsonl", on_relation=on_relation
        )
    assert (count, written) == (150, 600)
    # Once a relation is written, only the next one (merged to know that no other lists
    # with it) and the row after that are held: never more, whatever the store holds.
    assert max(held) <= 4 + 1, held


def test_progress_counts_every_claim_merged(claims_store: Store) -> None:
    progress = ExportProgress(Console(file=io.StringIO()), claims_store.count_claims())
    with progress:
        export_relations(
            stream_relations(claims_store),
            io.StringIO(),
            "jsonl",
            on_relation=lambda relation: progress.advance(len(relation.sources)),
        )
    assert progress.done == claims_store.count_claims() == 8


def test_csv_text_that_would_run_as_a_formula_is_kept_as_text(claims_store: Store) -> None:
    guarded, raw = io.StringIO(), io.StringIO()
    export_relations(stream_relations(claims_store), guarded, "csv")
    export_relations(stream_relations(claims_store), raw, "csv", guard_formulas=False)
    objects = {row["id"]: row["object"] for row in csv.DictReader(io.StringIO(guarded.getvalue()))}
    exact = {row["id"]: row["object"] for row in csv.DictReader(io.StringIO(raw.getvalue()))}
    changed = {exact[key]: objects[key] for key in exact if exact[key] != objects[key]}
    assert changed == {
        "=cmd|' /C calc'!A0": "'=cmd|' /C calc'!A0",
        "-the position on Cyprus": "'-the position on Cyprus",
    }
    rows = list(csv.DictReader(io.StringIO(guarded.getvalue())))
    assert all(float(row["confidence"]) >= 0 for row in rows)
