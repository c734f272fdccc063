"""Summaries the web API needs: sorted event pages, dyad and actor tallies, trends.

Each function takes a `Store` and the same filters as `Store.events`, and lets
the database do the grouping, so a network over 100k events is one GROUP BY
rather than 100k records read into Python. Every value reaches SQL as a bound
parameter.

A web request runs a few of these, and building a SQLAlchemy statement cost
more than SQLite takes to answer a short one. So each statement is built once
per shape of its filters (which are given, `EventFilter.shape`), kept by
`functools.cache`, and run with the filters' values as named parameters.
How tallies fold into dyads and partners is in `store/tallies.py`.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Unpack

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    CompoundSelect,
    Select,
    bindparam,
    func,
    literal,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy import event as sqlalchemy_event

from comity.models import Event
from comity.store import records, schema
from comity.store.database import Store
from comity.store.lookups import mappings_of, rows_of
from comity.store.query import (
    LIKE_ESCAPE,
    POSITION,
    EventFilter,
    EventFilters,
    Shape,
    escaped_like,
    shaped_conditions,
)
from comity.store.tallies import DyadTally, TypeTally, dyads_of

events = schema.events
SortKey = Literal["date", "goldstein", "confidence"]
SORT_KEYS: tuple[str, ...] = ("date", "goldstein", "confidence")
EVENT_FIELDS = tuple(Event.model_fields)
TIMELINE_COLUMNS = (
    "id", "date", "date_end", "date_precision", "date_first", "date_last",
    "plover", "goldstein", "mode", "source", "target",
)  # fmt: skip


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


def _filter(filters: EventFilters) -> tuple[Shape, dict[str, Any]]:
    where = EventFilter.from_query(filters)
    return where.shape(), where.parameters()


# -- event pages and timelines ----------------------------------------------------


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
    statement, values = _page(sort, descending, limit, offset, filters, EVENT_FIELDS)
    return [records.event_from_row(row) for row in mappings_of(store, statement, values)]


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
    statement, values = _page(sort, descending, limit, offset, filters, EVENT_FIELDS)
    return [dict(zip(EVENT_FIELDS, row, strict=True)) for row in rows_of(store, statement, values)]


def _page(
    sort: SortKey,
    descending: bool,
    limit: int,
    offset: int,
    filters: EventFilters,
    columns: tuple[str, ...],
) -> tuple[Select[Any], dict[str, Any]]:
    if sort not in SORT_KEYS:
        raise ValueError(f"sort: expected one of {', '.join(SORT_KEYS)}, got {sort!r}")
    if limit < 0 or offset < 0:
        raise ValueError("limit and offset must be 0 or more")
    shape, values = _filter(filters)
    values.update(limit=limit, offset=offset, last=offset + limit - 1)
    cut = limit > 0 and sort == "date" and not CUT_FILTERS.isdisjoint(shape)
    return _page_statement(shape, sort, descending, columns, cut=cut), values


@functools.cache
def _page_statement(
    shape: Shape, sort: SortKey, descending: bool, columns: tuple[str, ...], *, cut: bool
) -> Select[Any]:
    """A page in the order of `sort` (undated or unscored last), then document and
    position in it.

    With `cut`, rows sorting after the page's last one are left out before the rows
    are read: that one's sort value is found first, from the filters' index alone,
    so a page of 20 among 5000 matches reads 20 rows of the table, not 5000. (Where
    an index gives the rows in date order anyway, the extra pass costs more than it
    saves: see `CUT_FILTERS`.)
    """
    column = events.c.date_first if sort == "date" else events.c[sort]
    order = (column.desc() if descending else column.asc()).nulls_last()
    conditions = list(shaped_conditions(shape))
    if cut:
        last = (
            select(column)
            .where(*conditions)
            .order_by(order)
            .limit(1)
            .offset(bindparam("last"))
            .scalar_subquery()
        )
        # Unknown (no last row, or an undated one) keeps every row: the order still holds.
        conditions.append(func.coalesce(column >= last if descending else column <= last, true()))
    return (
        select(*(events.c[name] for name in columns))
        .where(*conditions)
        .order_by(order, *POSITION)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )


# Filters answered from an index that is not in date order (an actor's events, a
# type's): a page of them by date reads every match unless it is cut (measured on
# SQLite over 50k events: 7-10 ms -> 1.5 ms; slower for the others).
CUT_FILTERS = frozenset({"actor", "plover"})


def count_events(store: Store, **filters: Unpack[EventFilters]) -> int:
    """How many events match (as `Store.count_events`)."""
    shape, values = _filter(filters)
    return int(rows_of(store, _count_statement(shape), values)[0][0] or 0)


@functools.cache
def _count_statement(shape: Shape) -> Select[Any]:
    return select(func.count()).select_from(events).where(*shaped_conditions(shape))


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
    if limit < 0:
        raise ValueError(f"limit must be 0 or more, got {limit}")
    shape, values = _filter(filters)
    values["limit"] = limit
    return rows_of(store, _timeline_statement(shape), values)


@functools.cache
def _timeline_statement(shape: Shape) -> Select[Any]:
    return (
        select(*(events.c[name] for name in TIMELINE_COLUMNS))
        .where(*shaped_conditions(shape))
        .order_by(events.c.date_first.asc().nulls_last(), *POSITION)
        .limit(bindparam("limit"))
    )


# -- tallies ---------------------------------------------------------------------


def type_tallies(store: Store, **filters: Unpack[EventFilters]) -> list[TypeTally]:
    """The matching events grouped by source, target and PLOVER type, in one query."""
    shape, values = _filter(filters)
    # Rows come as the tuple is laid out: (count, sum) are int and float on both databases.
    return list(map(TypeTally._make, rows_of(store, _type_tally_statement(shape), values)))


@functools.cache
def _type_tally_statement(shape: Shape) -> Select[Any] | CompoundSelect[Any]:
    if "actor" not in shape:
        return _tallied(shaped_conditions(shape))
    # An actor's events, as source then as target, each read in the order of its own
    # index and counted once: 15% faster than the OR of both (which collects the
    # row ids of both indexes), with the same groups and sums.
    actor: BindParameter[str] = bindparam("actor")
    others = shaped_conditions(tuple(name for name in shape if name != "actor"))
    as_source = _tallied((events.c.source == actor, *others))
    not_as_source = or_(events.c.source.is_(None), events.c.source != actor)
    as_target = _tallied((events.c.target == actor, not_as_source, *others))
    return union_all(as_source, as_target)


def _tallied(conditions: Sequence[ColumnElement[bool]]) -> Select[Any]:
    """Matching events grouped by source, target and PLOVER type."""
    return (
        select(
            events.c.source,
            events.c.target,
            events.c.plover,
            func.count().label("n"),
            func.sum(events.c.goldstein).label("goldstein"),
            func.min(events.c.date_first).label("first_day"),
            func.max(events.c.date_last).label("last_day"),
        )
        .where(*conditions)
        .group_by(events.c.source, events.c.target, events.c.plover)
    )


def dyad_tallies(store: Store, **filters: Unpack[EventFilters]) -> list[DyadTally]:
    """Directed dyads (source → target) of the matching events, most events first."""
    return dyads_of(type_tallies(store, **filters))


def actor_event_counts(
    store: Store, *, codes: Sequence[str] | None = None, **filters: Unpack[EventFilters]
) -> dict[str, int]:
    """Events each actor (of `codes`, else every one) is source or target of.

    An event from an actor to itself counts once.
    """
    shape, values = _filter(filters)
    if codes is not None:
        values["codes"] = list(codes)
    statement = _actor_count_statement(shape, some=codes is not None)
    return {str(code): int(n) for code, n in rows_of(store, statement, values)}


@functools.cache
def _actor_count_statement(shape: Shape, *, some: bool) -> Select[Any]:
    conditions = shaped_conditions(shape)
    codes: BindParameter[list[str]] = bindparam("codes", expanding=True)
    # Each side is counted on its own index first, so the union holds one row per
    # actor and side instead of one per event (60 ms -> 12 ms over 50k events).
    as_source = (
        select(events.c.source.label("code"), func.count().label("n"))
        .where(*conditions, events.c.source.in_(codes) if some else events.c.source.is_not(None))
        .group_by(events.c.source)
    )
    as_target = (
        select(events.c.target.label("code"), func.count().label("n"))
        .where(
            *conditions,
            events.c.target.in_(codes) if some else events.c.target.is_not(None),
            or_(events.c.source.is_(None), events.c.source != events.c.target),
        )
        .group_by(events.c.target)
    )
    both = union_all(as_source, as_target).subquery()
    return select(both.c.code, func.sum(both.c.n).label("n")).group_by(both.c.code)


def monthly_trend(store: Store, **filters: Unpack[EventFilters]) -> list[MonthTally]:
    """Events per month with their mean Goldstein; year-precise events are left out."""
    shape, values = _filter(filters)
    return [
        MonthTally(str(month), int(n), round(float(goldstein), 4))
        for month, n, goldstein in rows_of(store, _trend_statement(shape), values)
    ]


@functools.cache
def _trend_statement(shape: Shape) -> Select[Any]:
    month = func.substr(events.c.date_first, 1, 7).label("month")
    return (
        select(month, func.count().label("n"), func.avg(events.c.goldstein).label("goldstein"))
        .where(
            *shaped_conditions(shape),
            events.c.date_first.is_not(None),
            or_(events.c.date_precision.is_(None), events.c.date_precision != "year"),
        )
        .group_by(month)
        .order_by(month)
    )


def counts_by(
    store: Store,
    field: Literal["plover", "mode", "year", "quad_class"],
    **filters: Unpack[EventFilters],
) -> dict[str, int]:
    """How many matching events have each value of `field` ("year": of the first day)."""
    shape, values = _filter(filters)
    return {
        ("undated" if key is None else str(key)): int(n)
        for key, n in rows_of(store, _counts_by_statement(shape, field), values)
    }


@functools.cache
def _counts_by_statement(shape: Shape, field: str) -> Select[Any]:
    column: ColumnElement[Any] = (
        func.substr(events.c.date_first, 1, 4) if field == "year" else events.c[field]
    )
    key = column.label("key")
    return (
        select(key, func.count().label("n"))
        .where(*shaped_conditions(shape))
        .group_by(key)
        .order_by(key)
    )


def date_span(store: Store, **filters: Unpack[EventFilters]) -> tuple[str | None, str | None]:
    """The first and last ISO day the matching dated events cover."""
    shape, values = _filter(filters)
    first, last = rows_of(store, _span_statement(shape), values)[0]
    return first, last


@functools.cache
def _span_statement(shape: Shape) -> Select[Any]:
    return select(func.min(events.c.date_first), func.max(events.c.date_last)).where(
        *shaped_conditions(shape)
    )


# -- actors, documents and single records ----------------------------------------


def stored_actors(store: Store, text: str = "", *, limit: int = 50) -> list[StoredActor]:
    """Entities in the store whose code or name contains `text` (any case)."""
    needle = text.strip().lower()
    values: dict[str, Any] = {"limit": limit, "pattern": f"%{escaped_like(needle)}%"}
    rows = rows_of(store, _stored_actors_statement(searched=bool(needle)), values)
    return [StoredActor(code, name, kind) for code, name, kind in rows]


@functools.cache
def _stored_actors_statement(*, searched: bool) -> Select[Any]:
    table = schema.entities
    statement = select(table.c.code, table.c.name, table.c.kind).order_by(table.c.code)
    if searched:
        pattern: BindParameter[str] = bindparam("pattern")
        statement = statement.where(
            or_(
                func.lower(table.c.code).like(pattern, escape=LIKE_ESCAPE),
                func.lower(func.coalesce(table.c.name, literal(""))).like(
                    pattern, escape=LIKE_ESCAPE
                ),
            )
        )
    return statement.limit(bindparam("limit"))


def entity_names(store: Store, codes: Sequence[str]) -> dict[str, str]:
    """The stored names of these codes (codes without a stored name are left out)."""
    rows = rows_of(store, _ENTITY_NAMES, {"codes": list(codes)})
    return {str(code): str(name) for code, name in rows}


_ENTITY_NAMES = select(schema.entities.c.code, schema.entities.c.name).where(
    schema.entities.c.code.in_(bindparam("codes", expanding=True)),
    schema.entities.c.name.is_not(None),
)


def stored_actor(store: Store, code: str) -> StoredActor | None:
    rows = rows_of(store, _STORED_ACTOR, {"code": code})
    return StoredActor(*rows[0]) if rows else None


_STORED_ACTOR = select(
    schema.entities.c.code, schema.entities.c.name, schema.entities.c.kind
).where(schema.entities.c.code == bindparam("code"))


def document_summaries(store: Store, *, limit: int = 50, offset: int = 0) -> list[DocumentSummary]:
    """Stored documents, newest publication first, with their event counts."""
    rows = rows_of(store, _SUMMARIES, {"limit": limit, "offset": offset})
    return [
        DocumentSummary(id_, source, title, published, int(n))
        for id_, source, title, published, n in rows
    ]


def _summaries_statement() -> Select[Any]:
    documents = schema.documents
    counted = select(events.c.doc_id, func.count().label("n")).group_by(events.c.doc_id).subquery()
    return (
        select(
            documents.c.id,
            documents.c.source,
            documents.c.title,
            documents.c.published,
            func.coalesce(counted.c.n, 0).label("n"),
        )
        .outerjoin(counted, counted.c.doc_id == documents.c.id)
        .order_by(documents.c.published.desc().nulls_last(), documents.c.id)
        .limit(bindparam("limit"))
        .offset(bindparam("offset"))
    )


_SUMMARIES = _summaries_statement()


def count_documents(store: Store) -> int:
    return int(rows_of(store, _COUNT_DOCUMENTS, {})[0][0] or 0)


_COUNT_DOCUMENTS = select(func.count()).select_from(schema.documents)


def tune_for_reading(store: Store, *, cache_mb: int = 64, mmap_mb: int = 256) -> None:
    """Give each SQLite connection a larger page cache and memory-mapped reads.

    A long-running reader (the web server) answers many queries over the same
    pages; SQLite's default 2 MB cache per connection makes each re-read them
    from the OS. No effect on other databases.
    """
    if store.backend != "sqlite":
        return
    engine = store._engine

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA cache_size = -{int(cache_mb) * 1024}")
            cursor.execute(f"PRAGMA mmap_size = {int(mmap_mb) * 1024 * 1024}")
        finally:
            cursor.close()

    sqlalchemy_event.listen(engine, "connect", on_connect)
    engine.pool.dispose()  # pooled connections were made before; new ones get the settings
