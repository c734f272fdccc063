"""Summaries the web API needs: sorted event pages, dyad and actor tallies, trends.

Each function takes a `Store` and the same filters as `Store.events`, and lets
the database do the grouping, so a network over 100k events is one GROUP BY
rather than 100k records read into Python. Every value reaches SQL as a bound
parameter (through `EventFilter`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Unpack

from sqlalchemy import ColumnElement, Select, func, literal, or_, select, union_all
from sqlalchemy import event as sqlalchemy_event

from comity.models import Event
from comity.store import records, schema
from comity.store.database import Store
from comity.store.query import EventFilter, EventFilters, select_events

events = schema.events
SortKey = Literal["date", "goldstein", "confidence"]
SORT_KEYS: tuple[str, ...] = ("date", "goldstein", "confidence")


@dataclass(frozen=True)
class TypeTally:
    """Matching events of one source, target and PLOVER type (an actor may be None)."""

    source: str | None
    target: str | None
    plover: str
    events: int
    goldstein_sum: float
    first_day: str | None
    last_day: str | None


@dataclass(frozen=True)
class DyadTally:
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


@dataclass(frozen=True)
class MonthTally:
    """Events dated (to the day or month) within one month, and their mean Goldstein."""

    month: str
    events: int
    goldstein_mean: float


@dataclass(frozen=True)
class StoredActor:
    """An actor code as the store knows it: its name from the events, if any."""

    code: str
    name: str | None
    kind: str | None


@dataclass(frozen=True)
class DocumentSummary:
    id: str
    source: str
    title: str | None
    published: str | None
    events: int


EVENT_FIELDS = tuple(Event.model_fields)


def sorted_events(
    store: Store,
    *,
    sort: SortKey = "date",
    descending: bool = False,
    limit: int = 50,
    offset: int = 0,
    **filters: Unpack[EventFilters],
) -> list[Event]:
    """One page of matching events; "date" ascending is the store's timeline order."""
    statement = _select_page(sort, descending, limit, offset, EventFilter.from_query(filters))
    return [records.event_from_row(row) for row in store._rows(statement)]


def sorted_event_rows(
    store: Store,
    *,
    sort: SortKey = "date",
    descending: bool = False,
    limit: int = 50,
    offset: int = 0,
    **filters: Unpack[EventFilters],
) -> list[dict[str, Any]]:
    """The page `sorted_events` gives, each event as the dict its JSON form holds.

    No records are built: they were validated when stored, and building a page of
    them cost more than its query. For answers that go straight out as JSON.
    """
    statement = _select_page(sort, descending, limit, offset, EventFilter.from_query(filters))
    statement = statement.with_only_columns(*(events.c[name] for name in EVENT_FIELDS))
    return [dict(zip(EVENT_FIELDS, row, strict=True)) for row in _tuples(store, statement)]


def _select_page(
    sort: SortKey, descending: bool, limit: int, offset: int, where: EventFilter
) -> Select[Any]:
    if sort == "date" and not descending:
        return select_events(where, limit=limit, offset=offset)
    return _select_sorted(where, sort, descending, limit, offset)


def _tuples(store: Store, statement: Select[Any]) -> Sequence[Any]:
    """The rows of `statement` as they come (no mapping by name), in the store's session."""
    return store.transact("cannot read the store", lambda c: c.execute(statement).all())


def _select_sorted(
    where: EventFilter, sort: SortKey, descending: bool, limit: int, offset: int
) -> Select[Any]:
    if sort not in SORT_KEYS:
        raise ValueError(f"sort: expected one of {', '.join(SORT_KEYS)}, got {sort!r}")
    if limit < 0 or offset < 0:
        raise ValueError("limit and offset must be 0 or more")
    column = events.c.date_first if sort == "date" else events.c[sort]
    first = (column.desc() if descending else column.asc()).nulls_last()
    return (
        select(events)
        .where(*where.conditions())
        .order_by(first, events.c.doc_id, events.c.span_start, events.c.trigger_start, events.c.id)
        .limit(limit)
        .offset(offset)
    )


def type_tallies(store: Store, **filters: Unpack[EventFilters]) -> list[TypeTally]:
    """The matching events grouped by source, target and PLOVER type, in one query."""
    statement = (
        select(
            events.c.source,
            events.c.target,
            events.c.plover,
            func.count().label("n"),
            func.sum(events.c.goldstein).label("goldstein"),
            func.min(events.c.date_first).label("first_day"),
            func.max(events.c.date_last).label("last_day"),
        )
        .where(*EventFilter.from_query(filters).conditions())
        .group_by(events.c.source, events.c.target, events.c.plover)
    )
    return [
        TypeTally(source, target, str(plover), int(n), float(goldstein), first_day, last_day)
        for source, target, plover, n, goldstein, first_day, last_day in _tuples(store, statement)
    ]


TIMELINE_COLUMNS = (
    "id", "date", "date_end", "date_precision", "date_first", "date_last",
    "plover", "goldstein", "mode", "source", "target",
)  # fmt: skip


def timeline_rows(
    store: Store, *, limit: int, **filters: Unpack[EventFilters]
) -> list[dict[str, Any]]:
    """The first `limit` matching events in timeline order, only the columns a
    timeline draws (no sentence, no validation of whole records)."""
    return [
        dict(zip(TIMELINE_COLUMNS, row, strict=True))
        for row in timeline_tuples(store, limit=limit, **filters)
    ]


def timeline_tuples(store: Store, *, limit: int, **filters: Unpack[EventFilters]) -> Sequence[Any]:
    """`timeline_rows` as rows of values in `TIMELINE_COLUMNS` order."""
    statement = select_events(EventFilter.from_query(filters), limit=limit).with_only_columns(
        *(events.c[name] for name in TIMELINE_COLUMNS)
    )
    return _tuples(store, statement)


def dyad_tallies(store: Store, **filters: Unpack[EventFilters]) -> list[DyadTally]:
    """Directed dyads (source → target) of the matching events, most events first."""
    return dyads_of(type_tallies(store, **filters))


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
    return _ranked([found.tally(pair) for pair, found in sums.items()])


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


def undirected(tallies: Iterable[DyadTally]) -> list[DyadTally]:
    """One tally per pair of actors, both directions summed (the pair in code order)."""
    pairs: dict[tuple[str, str], list[DyadTally]] = {}
    for tally in tallies:
        pair = (min(tally.source, tally.target), max(tally.source, tally.target))
        pairs.setdefault(pair, []).append(tally)
    return _ranked([merge(pair, parts) for pair, parts in pairs.items()])


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


def _ranked(tallies: list[DyadTally]) -> list[DyadTally]:
    return sorted(tallies, key=lambda tally: (-tally.events, tally.source, tally.target))


def dominant(counts: dict[str, int]) -> str:
    """The most frequent key; a tie goes to the alphabetically first (as the graph export)."""
    return min(counts.items(), key=lambda item: (-item[1], item[0]))[0]


def actor_event_counts(
    store: Store, *, codes: Sequence[str] | None = None, **filters: Unpack[EventFilters]
) -> dict[str, int]:
    """Events each actor (of `codes`, else every one) is source or target of.

    An event from an actor to itself counts once.
    """
    conditions = EventFilter.from_query(filters).conditions()
    # Each side is counted on its own index first, so the union holds one row per
    # actor and side instead of one per event (60 ms -> 12 ms over 50k events).
    as_source = (
        select(events.c.source.label("code"), func.count().label("n"))
        .where(
            *conditions,
            events.c.source.is_not(None) if codes is None else events.c.source.in_(codes),
        )
        .group_by(events.c.source)
    )
    as_target = (
        select(events.c.target.label("code"), func.count().label("n"))
        .where(
            *conditions,
            events.c.target.is_not(None) if codes is None else events.c.target.in_(codes),
            or_(events.c.source.is_(None), events.c.source != events.c.target),
        )
        .group_by(events.c.target)
    )
    both = union_all(as_source, as_target).subquery()
    statement = select(both.c.code, func.sum(both.c.n).label("n")).group_by(both.c.code)
    return {str(row["code"]): int(row["n"]) for row in store._rows(statement)}


def monthly_trend(store: Store, **filters: Unpack[EventFilters]) -> list[MonthTally]:
    """Events per month with their mean Goldstein; year-precise events are left out."""
    month = func.substr(events.c.date_first, 1, 7).label("month")
    statement = (
        select(month, func.count().label("n"), func.avg(events.c.goldstein).label("goldstein"))
        .where(
            *EventFilter.from_query(filters).conditions(),
            events.c.date_first.is_not(None),
            or_(events.c.date_precision.is_(None), events.c.date_precision != "year"),
        )
        .group_by(month)
        .order_by(month)
    )
    return [
        MonthTally(str(row["month"]), int(row["n"]), round(float(row["goldstein"]), 4))
        for row in store._rows(statement)
    ]


def counts_by(
    store: Store,
    field: Literal["plover", "mode", "year", "quad_class"],
    **filters: Unpack[EventFilters],
) -> dict[str, int]:
    """How many matching events have each value of `field` ("year": of the first day)."""
    column: ColumnElement[Any] = (
        func.substr(events.c.date_first, 1, 4) if field == "year" else events.c[field]
    )
    key = column.label("key")
    statement = (
        select(key, func.count().label("n"))
        .where(*EventFilter.from_query(filters).conditions())
        .group_by(key)
        .order_by(key)
    )
    return {
        ("undated" if row["key"] is None else str(row["key"])): int(row["n"])
        for row in store._rows(statement)
    }


def date_span(store: Store, **filters: Unpack[EventFilters]) -> tuple[str | None, str | None]:
    """The first and last ISO day the matching dated events cover."""
    statement = select(
        func.min(events.c.date_first).label("first"), func.max(events.c.date_last).label("last")
    ).where(*EventFilter.from_query(filters).conditions())
    row = store._rows(statement)[0]
    return row["first"], row["last"]


def stored_actors(store: Store, text: str = "", *, limit: int = 50) -> list[StoredActor]:
    """Entities in the store whose code or name contains `text` (any case)."""
    table = schema.entities
    needle = text.strip().lower()
    statement = select(table.c.code, table.c.name, table.c.kind).order_by(table.c.code)
    if needle:
        statement = statement.where(
            or_(
                func.lower(table.c.code).contains(needle, autoescape=True),
                func.lower(func.coalesce(table.c.name, literal(""))).contains(
                    needle, autoescape=True
                ),
            )
        )
    rows = store._rows(statement.limit(limit))
    return [StoredActor(row["code"], row["name"], row["kind"]) for row in rows]


def entity_names(store: Store, codes: Sequence[str]) -> dict[str, str]:
    """The stored names of these codes (codes without a stored name are left out)."""
    table = schema.entities
    statement = select(table.c.code, table.c.name).where(
        table.c.code.in_(codes), table.c.name.is_not(None)
    )
    return {str(row["code"]): str(row["name"]) for row in store._rows(statement)}


def stored_actor(store: Store, code: str) -> StoredActor | None:
    table = schema.entities
    rows = store._rows(select(table.c.code, table.c.name, table.c.kind).where(table.c.code == code))
    return StoredActor(rows[0]["code"], rows[0]["name"], rows[0]["kind"]) if rows else None


def document_summaries(store: Store, *, limit: int = 50, offset: int = 0) -> list[DocumentSummary]:
    """Stored documents, newest publication first, with their event counts."""
    documents = schema.documents
    counted = select(events.c.doc_id, func.count().label("n")).group_by(events.c.doc_id).subquery()
    statement = (
        select(
            documents.c.id,
            documents.c.source,
            documents.c.title,
            documents.c.published,
            func.coalesce(counted.c.n, 0).label("n"),
        )
        .outerjoin(counted, counted.c.doc_id == documents.c.id)
        .order_by(documents.c.published.desc().nulls_last(), documents.c.id)
        .limit(limit)
        .offset(offset)
    )
    return [
        DocumentSummary(row["id"], row["source"], row["title"], row["published"], int(row["n"]))
        for row in store._rows(statement)
    ]


def tune_for_reading(store: Store, *, cache_mb: int = 64, mmap_mb: int = 256) -> None:
    """Give each SQLite connection a larger page cache and memory-mapped reads.

    A long-running reader (the web server) answers many queries over the same
    pages; SQLite's default 2 MB cache per connection makes each re-read them
    from the OS. No effect on other databases.
    """
    engine = store._engine
    if engine.dialect.name != "sqlite":
        return

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA cache_size = -{int(cache_mb) * 1024}")
            cursor.execute(f"PRAGMA mmap_size = {int(mmap_mb) * 1024 * 1024}")
        finally:
            cursor.close()

    sqlalchemy_event.listen(engine, "connect", on_connect)
    engine.pool.dispose()  # pooled connections were made before; new ones get the settings


def count_documents(store: Store) -> int:
    return int(store._scalar(select(func.count()).select_from(schema.documents)) or 0)
