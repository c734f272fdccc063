"""The examples suite: the shared scorer's matching rules, re-implemented."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from comity.evaluate import run_suite
from comity.evaluate.examples import document_names, interval, match_events, matches, score

GOLD: dict[str, Any] = {
    "id": "g1", "doc": "report.txt", "required": True, "source": "UZB", "target": ["KGZ", None],
    "plover": ["AGREE", "COOPERATE"], "cameo": "057", "date": "2024-06", "mode": "asserted",
    "evidence": "signed a border treaty",
}  # fmt: skip


def prediction(**fields: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "doc": "/data/in/report.txt", "source": "UZB", "target": "KGZ", "plover": "AGREE",
        "cameo": "057", "date": "2024-06-14", "date_end": None, "mode": "asserted",
        "sentence": "Uzbekistan signed a border treaty with Kyrgyzstan.",
    }  # fmt: skip
    values.update(fields)
    return values


@pytest.mark.parametrize(
    ("value", "end", "expected"),
    [
        ("2024", None, (date(2024, 1, 1), date(2024, 12, 31))),
        ("2024-02", None, (date(2024, 2, 1), date(2024, 2, 29))),
        ("2024-02-03", "2024-02-05", (date(2024, 2, 3), date(2024, 2, 5))),
        (None, None, None),
    ],
)
def test_interval_covers_the_precision_given(
    value: str | None, end: str | None, expected: object
) -> None:
    assert interval(value, end) == expected


def test_documents_are_compared_by_base_name() -> None:
    assert document_names({"doc": "/a/b/report.txt", "url": "https://x.org/news/"}) == [
        "report.txt",
        "news",
    ]


def test_a_prediction_matches_when_every_field_agrees() -> None:
    assert matches(GOLD, prediction())
    assert matches(GOLD, prediction(target=None))  # the gold admits a missing target
    assert matches(GOLD, prediction(plover="cooperate"))


@pytest.mark.parametrize(
    "change",
    [
        {"doc": "other.txt"},
        {"source": "KAZ"},
        {"target": "TJK"},
        {"plover": "CONSULT"},
        {"mode": "intended"},
        {"date": "2024-07-01"},
        {"date": None},
    ],
)
def test_one_disagreeing_field_breaks_the_match(change: dict[str, Any]) -> None:
    assert not matches(GOLD, prediction(**change))


def test_a_gold_event_without_date_admits_any_date() -> None:
    assert matches({**GOLD, "date": None}, prediction(date=None))


def test_second_match_is_a_duplicate_and_required_gold_is_preferred() -> None:
    optional = {**GOLD, "id": "g0", "required": False}
    matching = match_events(
        [optional, GOLD], [prediction(), prediction(), prediction(), prediction(source="TJK")]
    )
    assert matching.matched == {1: 0, 0: 1}
    assert matching.duplicates == 1
    assert matching.wrong == (3,)


def test_score_ignores_documents_without_gold_and_counts_optional_matches_as_right() -> None:
    optional = {**GOLD, "id": "g0", "required": False, "source": "KAZ"}
    predicted = [prediction(source="KAZ"), prediction(doc="unscored.txt", source="TJK")]
    report = score([GOLD, optional], predicted, items=1)
    assert report.overall.correct == 1
    assert report.overall.wrong == 0
    assert report.overall.missed == 1
    assert [error.kind for error in report.errors] == ["missed"]
    assert report.errors[0].sentence == "signed a border treaty"


def test_score_lists_false_positives_with_their_sentence() -> None:
    report = score([GOLD], [prediction(plover="ASSAULT", cameo="190")], items=1)
    wrong = [error for error in report.errors if error.kind == "wrong"]
    assert wrong and wrong[0].sentence.startswith("Uzbekistan signed")
    assert dict(report.breakdowns[0].rows)["ASSAULT"].wrong == 1
    assert dict(report.breakdowns[1].rows)["19"].wrong == 1


@pytest.mark.model
def test_the_example_corpus_gives_a_well_formed_report(shared: Path, extractor) -> None:  # type: ignore[no-untyped-def]
    report = run_suite("examples", shared=shared, limit=1, extractor=extractor)
    assert report.items == 1
    assert report.overall.gold > 0
    for counts in [report.overall, *(c for b in report.breakdowns for _, c in b.rows)]:
        assert 0.0 <= counts.precision <= 1.0 and 0.0 <= counts.recall <= 1.0
