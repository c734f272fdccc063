"""Office coverage of the shipped persons: every day since 2000 has a holder, or a listed gap.

`office_slots.tsv` says which offices fill each slot (head of state, head of
government, foreign and defence minister, speaker) of the states the knowledge
base must cover; `known_gaps.tsv` lists the days a slot is knowingly without a
recorded holder, with the reason. A new hole in the data, or a listed gap that
the data has since filled, fails here, so the gaps stay visible.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from importlib.resources import files

import pytest

from comity.kb import KnowledgeBase
from comity.kb.records import PersonRecord
from comity.models import EntityKind

FIRST_DAY = date(2000, 1, 1)
REQUIRED = (
    "TUR", "AZE", "KAZ", "UZB", "KGZ", "TKM", "TJK", "CYP",
    "RUS", "CHN", "USA", "IRN", "ARM", "GEO", "HUN", "EU",
)  # fmt: skip
ALWAYS = ("head_of_state", "foreign_minister", "defence_minister", "speaker")
GAP_KINDS = frozenset({"absent", "vacant", "unknown"})

Slot = tuple[str, str]  # (state, slot name)


@dataclass(frozen=True)
class Span:
    first: date
    last: date

    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True)
class Gap:
    span: Span
    kind: str
    reason: str


def _rows(filename: str) -> list[list[str]]:
    text = files("comity").joinpath("data", "kb", filename).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def last_checked(kb: KnowledgeBase) -> date:
    """The data's last-checked day: VERSION is YYYY.MM.DD, optionally with a -N revision."""
    day = kb.version.partition("-")[0]
    return date.fromisoformat(day.replace(".", "-"))


def load_slots() -> dict[Slot, frozenset[str]]:
    offices: dict[Slot, set[str]] = defaultdict(set)
    for state, slot, office in _rows("office_slots.tsv"):
        offices[(state, slot)].add(office)
    return {key: frozenset(names) for key, names in offices.items()}


def load_gaps(today: date) -> dict[Slot, list[Gap]]:
    gaps: dict[Slot, list[Gap]] = defaultdict(list)
    for state, slot, first, last, kind, reason in _rows("known_gaps.tsv"):
        span = Span(date.fromisoformat(first), date.fromisoformat(last) if last else today)
        gaps[(state, slot)].append(Gap(span, kind, reason))
    return gaps


def office_terms(kb: KnowledgeBase) -> dict[tuple[str, str], list[Span]]:
    """The terms of every office, keyed by (state, office); open ends are date.min/max."""
    found: dict[tuple[str, str], list[Span]] = defaultdict(list)
    for person in kb.entities(EntityKind.PERSON):
        record = kb.record(person.code)
        assert isinstance(record, PersonRecord)
        for role in record.roles:
            span = Span(role.start or date.min, role.end or date.max)
            found[(role.state, role.office)].append(span)
    return found


def uncovered(spans: list[Span], first: date, last: date) -> list[Span]:
    """The stretches of days from `first` to `last` (inclusive) that no span covers."""
    holes, cursor = [], first
    for span in sorted(spans, key=lambda s: s.first):
        if cursor > last:
            break
        if span.first > cursor:
            holes.append(Span(cursor, min(span.first - timedelta(days=1), last)))
        if span.last >= cursor:
            cursor = date.max if span.last == date.max else span.last + timedelta(days=1)
    if cursor <= last:
        holes.append(Span(cursor, last))
    return holes


def outside(spans: list[Span], cover: list[Span]) -> list[Span]:
    """The days of `spans` that no span of `cover` contains, merged into spans."""
    days = (span.first + timedelta(days=offset) for span in spans for offset in range(span.days()))
    return _merged([day for day in days if not any(c.first <= day <= c.last for c in cover)])


def _merged(days: list[date]) -> list[Span]:
    spans: list[Span] = []
    for day in sorted(days):
        if spans and spans[-1].last + timedelta(days=1) == day:
            spans[-1] = Span(spans[-1].first, day)
        else:
            spans.append(Span(day, day))
    return spans


def holes_of(terms: dict[tuple[str, str], list[Span]], slot: Slot, today: date) -> list[Span]:
    state, _ = slot
    spans = [span for office in SLOTS[slot] for span in terms.get((state, office), [])]
    return uncovered(spans, FIRST_DAY, today)


SLOTS = load_slots()


@pytest.fixture(scope="module")
def today(kb: KnowledgeBase) -> date:
    return last_checked(kb)


@pytest.fixture(scope="module")
def gaps(today: date) -> dict[Slot, list[Gap]]:
    return load_gaps(today)


@pytest.fixture(scope="module")
def terms(kb: KnowledgeBase) -> dict[tuple[str, str], list[Span]]:
    return office_terms(kb)


def test_uncovered_finds_holes_between_and_around_terms() -> None:
    spans = [Span(date(2000, 1, 5), date(2000, 1, 10)), Span(date(2000, 1, 10), date(2000, 1, 12))]
    holes = uncovered(spans, date(2000, 1, 1), date(2000, 1, 20))
    assert holes == [
        Span(date(2000, 1, 1), date(2000, 1, 4)),
        Span(date(2000, 1, 13), date(2000, 1, 20)),
    ]
    assert uncovered([Span(date.min, date.max)], date(2000, 1, 1), date(2000, 1, 20)) == []


def test_outside_keeps_only_the_days_no_cover_contains() -> None:
    hole = Span(date(2001, 3, 1), date(2001, 3, 10))
    listed = [Span(date(2001, 3, 3), date(2001, 3, 8))]
    assert outside([hole], listed) == [
        Span(date(2001, 3, 1), date(2001, 3, 2)),
        Span(date(2001, 3, 9), date(2001, 3, 10)),
    ]
    assert outside([hole], [hole]) == []


def test_every_required_state_has_the_required_slots() -> None:
    for state in REQUIRED:
        missing = [slot for slot in ALWAYS if (state, slot) not in SLOTS]
        assert not missing, f"{state} lacks {missing} in office_slots.tsv"


@pytest.mark.parametrize("slot", sorted(SLOTS), ids=lambda s: f"{s[0]}-{s[1]}")
def test_every_listed_office_has_a_holder(
    terms: dict[tuple[str, str], list[Span]], slot: Slot
) -> None:
    for office in SLOTS[slot]:
        assert terms.get((slot[0], office)), f"nobody holds {office!r} of {slot[0]}"


@pytest.mark.parametrize("slot", sorted(SLOTS), ids=lambda s: f"{s[0]}-{s[1]}")
def test_every_day_has_a_holder_or_a_listed_gap(
    terms: dict[tuple[str, str], list[Span]], today: date, gaps: dict[Slot, list[Gap]], slot: Slot
) -> None:
    listed = [gap.span for gap in gaps.get(slot, [])]
    new = outside(holes_of(terms, slot, today), listed)
    assert not new, f"{slot[0]} {slot[1]} has no holder on " + ", ".join(
        f"{span.first}..{span.last}" for span in new
    )


@pytest.mark.parametrize("slot", sorted(SLOTS), ids=lambda s: f"{s[0]}-{s[1]}")
def test_every_listed_gap_is_still_a_gap(
    terms: dict[tuple[str, str], list[Span]], today: date, gaps: dict[Slot, list[Gap]], slot: Slot
) -> None:
    holes = holes_of(terms, slot, today)
    for gap in gaps.get(slot, []):
        filled = outside([gap.span], holes)
        assert not filled, (
            f"{slot[0]} {slot[1]}: the listed gap {gap.span.first}..{gap.span.last} now has a "
            f"holder on {[(s.first, s.last) for s in filled]}; shorten or remove it"
        )


def test_known_gaps_are_well_formed(today: date, gaps: dict[Slot, list[Gap]]) -> None:
    for slot, listed in gaps.items():
        assert slot in SLOTS, f"known gap for {slot}, which office_slots.tsv does not define"
        for gap in listed:
            assert gap.kind in GAP_KINDS
            assert gap.reason.strip()
            assert FIRST_DAY <= gap.span.first <= gap.span.last <= today
