"""CASE 2021 Task 2 snippets: reading the TSV, one label per snippet, per-label scores."""

from __future__ import annotations

from pathlib import Path

import pytest

from comity.errors import ConfigError
from comity.evaluate import run_suite
from comity.evaluate.case2021 import Snippet, parse_snippets, predict_label, score
from comity.evaluate.codes import LabelRules
from comity.evaluate.coding import GoldSentence

SAMPLE = (
    "id\tEventSnippet\tSubType\n"
    "7\tJets struck a depot outside the town at dawn.\tAIR_STRIKE\n"
    "9\tTwo ministers met in the capital to discuss trade.\tDIPLO\n"
    "\n"
)
RULES = LabelRules.from_rows(
    [("cameo", "195", "AIR_STRIKE"), ("cameo", "19", "ARMED_CLASH"), ("plover", "CONSULT", "DIPLO")]
)


def snippet(key: str, label: str) -> Snippet:
    return Snippet(GoldSentence(key, f"snippet {key}"), label)


def test_snippets_are_read_from_the_tsv() -> None:
    snippets = parse_snippets(SAMPLE)
    assert [(s.sentence.key, s.label) for s in snippets] == [("7", "AIR_STRIKE"), ("9", "DIPLO")]
    assert snippets[1].sentence.text.startswith("Two ministers")


def test_a_wrong_header_or_row_is_refused() -> None:
    with pytest.raises(ConfigError):
        parse_snippets("id\ttext\n1\tx\n")
    with pytest.raises(ConfigError):
        parse_snippets("id\tEventSnippet\tSubType\n1\tonly two\n")


def test_the_first_event_with_a_label_decides(event_maker) -> None:  # type: ignore[no-untyped-def]
    events = [
        event_maker(plover="ACCUSE", cameo="111"),
        event_maker(plover="ASSAULT", cameo="1951"),
        event_maker(plover="CONSULT", cameo="040"),
    ]
    assert predict_label(events, RULES) == "AIR_STRIKE"
    assert predict_label(events[:1], RULES) is None


def test_per_label_scores_and_macro_f1() -> None:
    predictions = [
        (snippet("1", "AIR_STRIKE"), "AIR_STRIKE"),
        (snippet("2", "AIR_STRIKE"), None),
        (snippet("3", "DIPLO"), "ARMED_CLASH"),
        # a gold label comity cannot produce: the prediction is still a false positive
        (snippet("4", "NATURAL_DISASTER"), "DIPLO"),
    ]
    report = score(predictions, RULES.labels)
    rows = dict(report.breakdowns[0].rows)
    assert rows["AIR_STRIKE"].precision == 1.0
    assert rows["AIR_STRIKE"].recall == 0.5
    assert rows["DIPLO"].wrong == 1
    assert rows["DIPLO"].missed == 1
    assert rows["ARMED_CLASH"].wrong == 1
    macro = next(m.value for m in report.metrics if m.name.startswith("macro-F1"))
    assert macro == pytest.approx((2 / 3 + 0 + 0) / 3)
    assert report.overall.gold == 3  # the NATURAL_DISASTER snippet is not a scored gold item


@pytest.mark.model
def test_a_slice_of_the_real_suite_gives_a_well_formed_report(shared: Path, extractor) -> None:  # type: ignore[no-untyped-def]
    report = run_suite("case2021", shared=shared, limit=15, extractor=extractor)
    assert report.items == 15
    assert all(0.0 <= metric.value <= 1.0 for metric in report.metrics)
    assert 0.0 <= report.overall.precision <= 1.0
    assert 0.0 <= report.overall.recall <= 1.0
