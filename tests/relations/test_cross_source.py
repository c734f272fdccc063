"""Several short articles (written for these tests) about the same relations, ingested
for real: agreeing reports merge, disagreeing ones are kept as contradictions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from comity.models import RelationKind
from comity.pipeline import run_ingest
from comity.relations import RelationIndex
from comity.store import open_store

pytestmark = pytest.mark.model

ARTICLES = {
    "a.txt": (
        "2024-03-04",
        "Officials in Astana marked the anniversary on Monday. Kazakhstan and Hungary "
        "established diplomatic relations on 23 January 1992, the ministry said.",
    ),
    "b.txt": (
        "2024-03-09",
        "A historian recalled the early years. Diplomatic relations between Hungary and "
        "Kazakhstan were established on 23 January 1992.",
    ),
    "c.txt": (
        "2024-04-01",
        "A regional weekly got the story wrong. Hungary and Kazakhstan established "
        "diplomatic relations in June 1995, it wrote.",
    ),
    "d.txt": (
        "2024-03-05",
        "The new mission is the first of its kind. The Embassy of Turkey was opened in "
        "Astana on Monday.",
    ),
    "e.txt": (
        "2024-03-06",
        "A ribbon was cut in the capital. The Embassy of Turkey was opened in Astana "
        "the day before yesterday.",
    ),
    "f.txt": (
        "2024-05-02",
        "Kazakhstan is a member of the Shanghai Cooperation Organisation.",
    ),
    "g.txt": (
        "2024-05-03",
        "A columnist insisted otherwise. Kazakhstan is not a member of the Shanghai "
        "Cooperation Organisation, he claimed.",
    ),
    "h.txt": (
        "2024-05-04",
        "Kazakhstan has been a full member of the Shanghai Cooperation Organisation since 2001.",
    ),
}


@pytest.fixture(scope="module")
def index(tmp_path_factory, extractor) -> RelationIndex:  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("articles")
    manifest = []
    for name, (published, text) in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
        manifest.append({"file": name, "published": published})
    (folder / "manifest.jsonl").write_text(
        "\n".join(json.dumps(line) for line in manifest), encoding="utf-8"
    )
    with open_store(folder / "x.db") as store:
        report = run_ingest([str(folder)], store, extractor)
        assert report.added == len(ARTICLES)
        return RelationIndex.from_store(store)


def test_agreeing_reports_are_one_record_with_every_source(index: RelationIndex) -> None:
    (ties,) = index.dyad("KAZ", "HUN")
    assert ties.kind is RelationKind.DIPLOMATIC_RELATIONS
    assert ties.since == "1992-01-23"
    assert {Path(doc).name for doc in ties.docs} == {"a.txt", "b.txt"}


def test_a_report_with_another_date_is_a_contradiction(index: RelationIndex) -> None:
    (ties,) = index.dyad("KAZ", "HUN")
    assert [Path(s.source).name for s in ties.contradicting] == ["c.txt"]
    assert ties in index.conflicts()


def test_the_same_opening_reported_on_different_days_is_one_record(
    index: RelationIndex,
) -> None:
    (embassy,) = index.relations(actor="TUR", kind="embassy")
    assert (embassy.a, embassy.b, embassy.since) == ("TUR", "KAZ", "2024-03-04")
    assert {Path(doc).name for doc in embassy.docs} == {"d.txt", "e.txt"}
    assert not embassy.contradicting


def test_a_denial_stays_beside_the_majority(index: RelationIndex) -> None:
    (membership,) = index.relations(actor="SCO")
    assert membership.negated is False
    assert [Path(s.source).name for s in membership.contradicting] == ["g.txt"]
    assert membership.confidence < 0.9


def test_state_on_a_day(index: RelationIndex) -> None:
    from datetime import date

    assert index.relations(actor="TUR", on=date(2024, 3, 10))
    assert not index.relations(actor="TUR", on=date(2023, 1, 1))
