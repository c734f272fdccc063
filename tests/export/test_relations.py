"""The relations export, read back with the libraries users read it with."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from builders import make_claim, make_document

from comity.export import export_relations, export_relations_parquet
from comity.models import RelationKind
from comity.relations import Relation, merge_claims


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
