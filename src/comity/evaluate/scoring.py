"""Counts to precision, recall and F1, and the typed records an evaluation reports.

Every suite reduces its comparison to `Counts` (overall and per label) plus a few
named `Metric`s and the `ErrorCase`s behind its misses and false positives; the
CLI renders an `EvalReport` without knowing which suite made it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal, TypeVar

Key = TypeVar("Key", bound=Hashable)


def ratio(numerator: int, denominator: int) -> float:
    """`numerator / denominator`, 0.0 when there is nothing to divide."""
    return numerator / denominator if denominator else 0.0


def f1_of(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass(frozen=True)
class Counts:
    """Predictions right (`correct`) or wrong, and gold items `found` or `missed`.

    `correct` and `found` differ when a prediction may match an optional gold
    item (right, but not needed for recall).
    """

    correct: int = 0
    wrong: int = 0
    found: int = 0
    missed: int = 0

    @property
    def predicted(self) -> int:
        return self.correct + self.wrong

    @property
    def gold(self) -> int:
        return self.found + self.missed

    @property
    def precision(self) -> float:
        return ratio(self.correct, self.predicted)

    @property
    def recall(self) -> float:
        return ratio(self.found, self.gold)

    @property
    def f1(self) -> float:
        return f1_of(self.precision, self.recall)

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.correct + other.correct,
            self.wrong + other.wrong,
            self.found + other.found,
            self.missed + other.missed,
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass(frozen=True)
class Breakdown:
    """Counts per label (PLOVER type, CAMEO root, task label ...), sorted by label."""

    title: str
    rows: tuple[tuple[str, Counts], ...]

    def macro_f1(self) -> float:
        """Mean F1 over the rows that have gold items or predictions."""
        scored = [counts.f1 for _, counts in self.rows if counts.gold or counts.predicted]
        return sum(scored) / len(scored) if scored else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"title": self.title, "rows": {label: c.as_dict() for label, c in self.rows}}


@dataclass(frozen=True)
class Metric:
    """A figure that is not precision/recall, e.g. an accuracy: `value` is in [0, 1]."""

    name: str
    value: float
    numerator: int | None = None  # None for a figure that is no simple ratio (a macro-F1)
    denominator: int | None = None

    @classmethod
    def of(cls, name: str, numerator: int, denominator: int) -> Metric:
        return cls(name, ratio(numerator, denominator), numerator, denominator)


@dataclass(frozen=True)
class ErrorCase:
    """One miss (a gold item not found) or one false positive, with its sentence."""

    kind: Literal["missed", "wrong"]
    item: str  # document name or record id
    expected: str
    got: str
    sentence: str


@dataclass(frozen=True)
class EvalReport:
    """What one suite measured."""

    suite: str
    description: str
    items: int  # documents, sentences or snippets coded
    overall: Counts
    breakdowns: tuple[Breakdown, ...] = ()
    metrics: tuple[Metric, ...] = ()
    errors: tuple[ErrorCase, ...] = ()
    notes: tuple[str, ...] = ()
    seconds: float = 0.0
    extra_overall: tuple[tuple[str, Counts], ...] = ()  # other match definitions

    def as_dict(self) -> dict[str, Any]:
        return {
            "suite": self.suite,
            "description": self.description,
            "items": self.items,
            "seconds": round(self.seconds, 2),
            "overall": self.overall.as_dict(),
            "other_overall": {name: counts.as_dict() for name, counts in self.extra_overall},
            "breakdowns": [breakdown.as_dict() for breakdown in self.breakdowns],
            "metrics": [asdict(metric) for metric in self.metrics],
            "notes": list(self.notes),
            "errors": [asdict(error) for error in self.errors],
        }


def breakdown(
    title: str,
    gold: Iterable[tuple[str, bool]],
    predictions: Iterable[tuple[str, bool]],
) -> Breakdown:
    """Per-label counts from (label, found?) gold items and (label, correct?) predictions."""
    table: dict[str, Counts] = defaultdict(Counts)
    for label, found in gold:
        table[label] += Counts(found=1) if found else Counts(missed=1)
    for label, correct in predictions:
        table[label] += Counts(correct=1) if correct else Counts(wrong=1)
    return Breakdown(title, tuple(sorted(table.items())))


def match_keys(gold: Sequence[Key], predicted: Sequence[Key]) -> tuple[list[bool], list[bool]]:
    """Pair equal keys one to one: (gold found?, prediction correct?) in input order."""
    available: dict[Key, list[int]] = defaultdict(list)
    for index, key in enumerate(gold):
        available[key].append(index)
    found = [False] * len(gold)
    correct = [False] * len(predicted)
    for index, key in enumerate(predicted):
        if available[key]:
            found[available[key].pop(0)] = True
            correct[index] = True
    return found, correct


def counts_of(found: Sequence[bool], correct: Sequence[bool]) -> Counts:
    hits = sum(found)
    right = sum(correct)
    return Counts(correct=right, wrong=len(correct) - right, found=hits, missed=len(found) - hits)
