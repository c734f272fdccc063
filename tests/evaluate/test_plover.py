"""PLOVER gold-standard records: reading the JSON array, judging coded sentences."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from comity.errors import ConfigError
from comity.evaluate import run_suite
from comity.evaluate.plover import judge, parse_records, score

SAMPLE = [
    {"id": "FILE-0001", "event": "DOCUMENT", "text": "metadata, not an event"},
    {
        "id": "T-DEMAND-1",
        "event": "DEMAND",
        "text": "Kyrgyzstan  urged Tajikistan to reopen\\nthe border post.",
        "source": [{"actorText": "Kyrgyzstan", "code": "KGZ", "sector": "GOV"}],
        "target": [{"actorText": "Tajikistan", "code": "TJK"}],
    },
    {
        "id": "T-AGREE-2",
        "event": "AGREE",
        "text": "Tokyo and Hanoi agreed on a joint port project.",
        "source": [{"code": "JAP"}, {"code": "VNM"}],
        "target": "",
    },
]


def test_records_skip_the_metadata_entry_and_modernise_types() -> None:
    records = parse_records(json.dumps(SAMPLE))
    assert [r.sentence.key for r in records] == ["T-DEMAND-1", "T-AGREE-2"]
    assert records[0].event_type == "REQUEST"
    assert records[0].sources == {"KGZ"}
    assert records[0].targets == {"TJK"}


def test_a_string_target_means_no_target_and_odd_codes_are_normalised() -> None:
    record = parse_records(json.dumps(SAMPLE))[1]
    assert record.targets == frozenset()
    assert record.sources == {"JPN", "VNM"}


def test_a_file_that_is_no_json_array_is_refused() -> None:
    with pytest.raises(ConfigError):
        parse_records("{not json")
    with pytest.raises(ConfigError):
        parse_records('{"id": 1}')


def test_judging_a_record(event_maker) -> None:  # type: ignore[no-untyped-def]
    record = parse_records(json.dumps(SAMPLE))[0]
    right = judge(record, [event_maker(source="KGZ", target="TJK", plover="REQUEST", cameo="10")])
    assert (right.typed_right, right.actors_right) == (True, True)
    wrong_actor = judge(
        record, [event_maker(source="TJK", target="KGZ", plover="REQUEST", cameo="10")]
    )
    assert (wrong_actor.typed_right, wrong_actor.actors_right) == (True, False)
    nothing = judge(record, [])
    assert (nothing.typed_right, nothing.actors_right, nothing.types) == (False, False, ())


def test_score_reports_accuracy_among_coded_and_all_records(event_maker) -> None:  # type: ignore[no-untyped-def]
    first, second = parse_records(json.dumps(SAMPLE))
    results = [
        judge(first, [event_maker(source="KGZ", target="TJK", plover="REQUEST", cameo="10"),
                      event_maker(source="KGZ", target="TJK", plover="THREATEN", cameo="13")]),
        judge(second, []),
    ]  # fmt: skip
    report = score(results)
    metrics = {metric.name: metric.value for metric in report.metrics}
    assert metrics["type accuracy, records with an event"] == 1.0
    assert metrics["type accuracy, all records"] == 0.5
    assert (report.overall.correct, report.overall.wrong, report.overall.missed) == (1, 1, 1)
    assert {error.kind for error in report.errors} == {"missed", "wrong"}


@pytest.mark.model
def test_a_slice_of_the_real_suite_gives_a_well_formed_report(shared: Path, extractor) -> None:  # type: ignore[no-untyped-def]
    report = run_suite("plover-gsr", shared=shared, limit=15, extractor=extractor)
    assert report.items == 15
    assert report.overall.gold == 15
    assert all(0.0 <= metric.value <= 1.0 for metric in report.metrics)
    assert 0.0 <= report.overall.f1 <= 1.0
