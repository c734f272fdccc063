"""Tallies of events and how they fold: by type into dyads, dyads into pairs and partners.

Plain tuples (`NamedTuple`) rather than dataclasses: an actor's map folds
hundreds of them per request, and making a frozen dataclass cost more than the
query that gave its numbers. Sums are taken in the same order whichever way a
tally is reached, so a mean rounds the same in every answer.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, NamedTuple


class TypeTally(NamedTuple):
    """Matching events of one source, target and PLOVER type (an actor may be None)."""

    source: str | None
    target: str | None
    plover: str
    events: int
    goldstein_sum: float
    first_day: str | None
    last_day: str | None


class DyadTally(NamedTuple):
    """The events from `source` to `target`: count, mean Goldstein, days, main type."""

    source: str
    target: str
    events: int
    goldstein_sum: float
    first_day: str | None
    last_day: str | None
    plover_counts: dict[str, int]

    @property
    def goldstein_mean(self) -> float:
        return round(self.goldstein_sum / self.events, 4)

    @property
    def plover(self) -> str:
        return dominant(self.plover_counts)


class PartnerTally(NamedTuple):
    """The events between one actor and `partner`, both directions together."""

    partner: str
    events: int
    goldstein_sum: float
    plover_counts: dict[str, int]

    @property
    def goldstein_mean(self) -> float:
        return round(self.goldstein_sum / self.events, 4)

    @property
    def plover(self) -> str:
        return dominant(self.plover_counts)


def dyads_of(tallies: Iterable[TypeTally]) -> list[DyadTally]:
    """Fold type tallies into directed dyads; events lacking an actor are left out.

    One pass, adding into each dyad's sums as it goes: an actor's map folds
    hundreds of tallies, and `merge` per dyad took longer than the query.
    """
    sums: dict[tuple[str, str], _DyadSums] = {}
    for tally in tallies:
        if tally.source is not None and tally.target is not None:
            pair = (tally.source, tally.target)
            found = sums.get(pair)
            if found is None:
                found = sums[pair] = _DyadSums()
            found.add(tally)
    return ranked([found.tally(pair) for pair, found in sums.items()])


class _DyadSums:
    """The running sums of one dyad's type tallies."""

    __slots__ = ("events", "goldstein", "first_day", "last_day", "plover_counts")

    def __init__(self) -> None:
        self.events = 0
        self.goldstein = 0.0
        self.first_day: str | None = None
        self.last_day: str | None = None
        self.plover_counts: dict[str, int] = {}

    def add(self, tally: TypeTally) -> None:
        self.events += tally.events
        self.goldstein += tally.goldstein_sum
        first, last = tally.first_day, tally.last_day
        if first is not None and (self.first_day is None or first < self.first_day):
            self.first_day = first
        if last is not None and (self.last_day is None or last > self.last_day):
            self.last_day = last
        counts = self.plover_counts
        counts[tally.plover] = counts.get(tally.plover, 0) + tally.events

    def tally(self, pair: tuple[str, str]) -> DyadTally:
        return DyadTally(
            pair[0],
            pair[1],
            self.events,
            self.goldstein,
            self.first_day,
            self.last_day,
            self.plover_counts,
        )


def partners_of(code: str, dyads: Iterable[DyadTally]) -> list[PartnerTally]:
    """The actors `code` has dyads with, both directions summed, most events first
    (a tie: by the pair's codes in order, as `undirected` ranks pairs).

    `dyads` come ranked (as `dyads_of` gives them); the two directions of a pair
    are added in that order, as `merge` would add them.
    """
    sums: dict[str, tuple[int, float, dict[str, int]]] = {}
    for tally in dyads:
        other = tally.target if tally.source == code else tally.source
        found = sums.get(other)
        if found is None:
            sums[other] = (tally.events, 0 + tally.goldstein_sum, dict(tally.plover_counts))
            continue
        events, goldstein, counts = found
        for kind, count in tally.plover_counts.items():
            counts[kind] = counts.get(kind, 0) + count
        sums[other] = (events + tally.events, goldstein + tally.goldstein_sum, counts)
    partners = [PartnerTally(other, *found) for other, found in sums.items()]
    partners.sort(key=lambda p: (-p.events, min(code, p.partner), max(code, p.partner)))
    return partners


def undirected(tallies: Iterable[DyadTally]) -> list[DyadTally]:
    """One tally per pair of actors, both directions summed (the pair in code order).

    One pass, as `merge` of each pair's tallies would sum them (in the order given).
    """
    sums: dict[tuple[str, str], list[Any]] = {}
    for tally in tallies:
        pair = (tally.source, tally.target)
        if pair[1] < pair[0]:
            pair = (pair[1], pair[0])
        found = sums.get(pair)
        if found is None:
            counts = dict(tally.plover_counts)
            sums[pair] = [
                tally.events,
                0 + tally.goldstein_sum,
                tally.first_day,
                tally.last_day,
                counts,
            ]
            continue
        found[0] += tally.events
        found[1] += tally.goldstein_sum
        first, last = tally.first_day, tally.last_day
        if first is not None and (found[2] is None or first < found[2]):
            found[2] = first
        if last is not None and (found[3] is None or last > found[3]):
            found[3] = last
        counts = found[4]
        for kind, count in tally.plover_counts.items():
            counts[kind] = counts.get(kind, 0) + count
    return ranked([DyadTally(pair[0], pair[1], *found) for pair, found in sums.items()])


def merge(pair: tuple[str, str], parts: Sequence[TypeTally | DyadTally]) -> DyadTally:
    """One dyad tally summing `parts` (type tallies or dyad tallies)."""
    plover_counts: dict[str, int] = {}
    for part in parts:
        counts = part.plover_counts if isinstance(part, DyadTally) else {part.plover: part.events}
        for kind, count in counts.items():
            plover_counts[kind] = plover_counts.get(kind, 0) + count
    firsts = [part.first_day for part in parts if part.first_day is not None]
    lasts = [part.last_day for part in parts if part.last_day is not None]
    return DyadTally(
        source=pair[0],
        target=pair[1],
        events=sum(part.events for part in parts),
        goldstein_sum=sum(part.goldstein_sum for part in parts),
        first_day=min(firsts) if firsts else None,
        last_day=max(lasts) if lasts else None,
        plover_counts=plover_counts,
    )


def ranked(tallies: list[DyadTally]) -> list[DyadTally]:
    """Most events first; a tie by source, then target."""
    return sorted(tallies, key=lambda tally: (-tally.events, tally.source, tally.target))


def dominant(counts: dict[str, int]) -> str:
    """The most frequent key; a tie goes to the alphabetically first (as the graph export)."""
    return min(counts.items(), key=lambda item: (-item[1], item[0]))[0]


def actor_counts(tallies: Iterable[TypeTally]) -> dict[str, int]:
    """Events each actor is source or target of, from the type tallies of those events
    (what `aggregates.actor_event_counts` counts, without a second query): an event
    from an actor to itself counts once."""
    counts: dict[str, int] = {}
    for tally in tallies:
        source, target = tally.source, tally.target
        if source is not None:
            counts[source] = counts.get(source, 0) + tally.events
        if target is not None and target != source:
            counts[target] = counts.get(target, 0) + tally.events
    return counts


def plover_counts(tallies: Iterable[TypeTally]) -> dict[str, int]:
    """Events per PLOVER type, types in alphabetical order."""
    counts: dict[str, int] = {}
    for tally in tallies:
        counts[tally.plover] = counts.get(tally.plover, 0) + tally.events
    return dict(sorted(counts.items()))
