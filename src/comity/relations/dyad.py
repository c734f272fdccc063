"""A pair of actors at a glance: the relations between them and how their events trend."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from comity.models import Event
from comity.relations.index import RelationIndex
from comity.relations.records import Relation


@dataclass(frozen=True)
class TrendPoint:
    """The events of one period: how many, and their mean Goldstein score."""

    period: str  # "2018" or "2018-04"
    events: int
    mean_goldstein: float


@dataclass(frozen=True)
class DyadReport:
    a: str
    b: str
    on: date | None
    holding: list[Relation]  # relations that hold on `on` (or now)
    history: list[Relation]  # every relation record between the two, ended and denied too
    events: list[tuple[Event, str]]
    trend: list[TrendPoint]


def dyad_report(
    index: RelationIndex,
    a: str,
    b: str,
    events: Iterable[tuple[Event, str]],
    on: date | None = None,
) -> DyadReport:
    """The state of the pair on `on` (today when None), its history and its events."""
    history = index.dyad(a, b)
    holding = [relation for relation in history if relation.holds_on(on or date.today())]
    rows = list(events)
    return DyadReport(a.upper(), b.upper(), on, holding, history, rows, goldstein_trend(rows))


def goldstein_trend(events: Iterable[tuple[Event, str]]) -> list[TrendPoint]:
    """Dated events grouped by year, or by month when they span two years or less."""
    dated = [event for event, _ in events if event.date is not None]
    if not dated:
        return []
    years = {event.date[:4] for event in dated if event.date}
    by_month = len(years) <= 2
    scores: dict[str, list[float]] = defaultdict(list)
    for event in dated:
        assert event.date is not None
        scores[event.date[:7] if by_month and len(event.date) >= 7 else event.date[:4]].append(
            event.goldstein
        )
    return [
        TrendPoint(period, len(values), round(sum(values) / len(values), 2))
        for period, values in sorted(scores.items())
    ]
