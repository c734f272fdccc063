"""Precision, recall and F1 from counts; per-label tables; one-to-one key matching."""

from __future__ import annotations

import pytest

from comity.evaluate.scoring import Counts, Metric, breakdown, counts_of, match_keys


def test_counts_give_precision_recall_and_f1() -> None:
    counts = Counts(correct=3, wrong=1, found=3, missed=3)
    assert counts.precision == pytest.approx(0.75)
    assert counts.recall == pytest.approx(0.5)
    assert counts.f1 == pytest.approx(0.6)


def test_empty_counts_score_zero_rather_than_divide_by_zero() -> None:
    assert (Counts().precision, Counts().recall, Counts().f1) == (0.0, 0.0, 0.0)


def test_correct_predictions_may_exceed_gold_found() -> None:
    # a prediction matching an optional gold item is right but adds nothing to recall
    counts = Counts(correct=4, wrong=0, found=2, missed=2)
    assert counts.precision == 1.0
    assert counts.recall == 0.5


def test_counts_add_up_field_by_field() -> None:
    total = Counts(1, 2, 3, 4) + Counts(10, 20, 30, 40)
    assert total == Counts(11, 22, 33, 44)


def test_as_dict_carries_the_ratios() -> None:
    assert Counts(1, 1, 1, 0).as_dict()["precision"] == 0.5


def test_breakdown_counts_gold_and_predictions_per_label() -> None:
    table = breakdown(
        "type",
        gold=[("AGREE", True), ("AGREE", False), ("ASSAULT", True)],
        predictions=[("AGREE", True), ("ASSAULT", True), ("ASSAULT", False), ("AID", False)],
    )
    rows = dict(table.rows)
    assert [label for label, _ in table.rows] == ["AGREE", "AID", "ASSAULT"]
    assert rows["AGREE"] == Counts(correct=1, wrong=0, found=1, missed=1)
    assert rows["ASSAULT"] == Counts(correct=1, wrong=1, found=1, missed=0)
    assert rows["AID"] == Counts(wrong=1)


def test_macro_f1_is_the_mean_of_the_row_f1s() -> None:
    table = breakdown("label", gold=[("A", True), ("B", False)], predictions=[("A", True)])
    assert table.macro_f1() == pytest.approx((1.0 + 0.0) / 2)


def test_match_keys_pairs_each_gold_key_once() -> None:
    found, correct = match_keys(["x", "x", "y"], ["x", "z", "x", "x"])
    assert found == [True, True, False]
    assert correct == [True, False, True, False]
    assert counts_of(found, correct) == Counts(correct=2, wrong=2, found=2, missed=1)


def test_metric_of_divides_safely() -> None:
    assert Metric.of("rate", 1, 4).value == 0.25
    assert Metric.of("rate", 0, 0).value == 0.0
