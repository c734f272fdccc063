"""Event filters: keyword arguments in, SQL conditions with bound parameters out.

Every value a user gives reaches the database as a bound parameter, never as
SQL text. Periods ("2022", "2022-03", "2022-03-05") are parsed strictly and
compared with an event's date interval by overlap.

Building a statement costs SQLAlchemy more than SQLite takes to run a short one,
so the readers that run often build theirs once per *shape* (which filters are
given) from `shaped_conditions`, with named parameters that `EventFilter.parameters`
fills in (see `store/aggregates.py`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from typing import Any, TypedDict

from sqlalchemy import BindParameter, ColumnElement, Select, and_, bindparam, func, or_, select

from comity.models import interval_of
from comity.store.schema import documents, events

PERIOD_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"
_PERIOD = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
LIKE_ESCAPE = "/"
# After its date, an event's place in the timeline: its document, then where in it.
POSITION = (events.c.doc_id, events.c.span_start, events.c.trigger_start, events.c.id)
Shape = tuple[str, ...]  # the names of the filters given, in field order


class EventFilters(TypedDict, total=False):
    """The filters `Store.events` and `Store.count_events` accept."""

    actor: str | None
    dyad: tuple[str, str] | None
    plover: str | None
    cameo: str | None
    since: str | None
    until: str | None
    doc_id: str | None


class EventQuery(EventFilters, total=False):
    """Filters plus paging, as passed on by exports."""

    limit: int | None
    offset: int


def parse_period(value: str, name: str) -> tuple[date, date]:
    """ "2022-03" -> (2022-03-01, 2022-03-31); ValueError naming the accepted forms."""
    if not _PERIOD.fullmatch(value):
        raise ValueError(f"{name}: expected {PERIOD_FORMS}, got {value!r}")
    try:
        first, last, _ = interval_of(value)
    except ValueError as error:
        raise ValueError(
            f"{name}: {value!r} is not a real date ({error}); expected {PERIOD_FORMS}"
        ) from error
    return first, last


@dataclass(frozen=True)
class EventFilter:
    """A validated set of event filters; `None` means "any"."""

    actor: str | None = None
    dyad: tuple[str, str] | None = None
    plover: str | None = None
    cameo: str | None = None
    since: str | None = None
    until: str | None = None
    doc_id: str | None = None

    @classmethod
    def from_query(cls, query: Mapping[str, Any]) -> EventFilter:
        """The filter part of an `EventQuery` (paging keys are ignored)."""
        names = {field.name for field in fields(cls)}
        unknown = set(query) - names - {"limit", "offset"}
        if unknown:
            raise TypeError(f"unknown event filters: {', '.join(sorted(unknown))}")
        return cls(**{name: query[name] for name in names if name in query})

    def conditions(self) -> list[ColumnElement[bool]]:
        """The WHERE conditions, all to be AND-ed; raises ValueError on a bad period."""
        conditions: list[ColumnElement[bool]] = []
        if self.actor is not None:
            conditions.append(or_(events.c.source == self.actor, events.c.target == self.actor))
        if self.dyad is not None:
            conditions.append(_dyad_condition(*self.dyad))
        if self.plover is not None:
            conditions.append(func.upper(events.c.plover) == self.plover.upper())
        if self.cameo is not None:
            conditions.append(events.c.cameo.startswith(self.cameo, autoescape=True))
        if self.doc_id is not None:
            conditions.append(events.c.doc_id == self.doc_id)
        conditions.extend(self._period_conditions())
        return conditions

    def _period_conditions(self) -> list[ColumnElement[bool]]:
        since, until = self._period_days()
        # ISO days compare as strings; an undated event has NULLs and never matches.
        conditions: list[ColumnElement[bool]] = []
        if since is not None:
            conditions.append(events.c.date_last >= since)
        if until is not None:
            conditions.append(events.c.date_first <= until)
        return conditions

    def _period_days(self) -> tuple[str | None, str | None]:
        since = parse_period(self.since, "since")[0] if self.since is not None else None
        until = parse_period(self.until, "until")[1] if self.until is not None else None
        if since is not None and until is not None and since > until:
            raise ValueError(f"since ({self.since}) is after until ({self.until})")
        return (
            since.isoformat() if since is not None else None,
            until.isoformat() if until is not None else None,
        )

    def shape(self) -> Shape:
        """Which filters are given: one statement serves every filter of a shape."""
        return tuple(name for name in FILTER_NAMES if getattr(self, name) is not None)

    def parameters(self) -> dict[str, Any]:
        """The values of `shaped_conditions(self.shape())`; ValueError on a bad period."""
        since, until = self._period_days()
        values: dict[str, Any] = {
            "actor": self.actor,
            "plover": self.plover.upper() if self.plover is not None else None,
            "cameo": escaped_like(self.cameo) + "%" if self.cameo is not None else None,
            "doc_id": self.doc_id,
            "since": since,
            "until": until,
        }
        if self.dyad is not None:
            values["dyad_a"], values["dyad_b"] = self.dyad
        return {name: value for name, value in values.items() if value is not None}


FILTER_NAMES: tuple[str, ...] = tuple(field.name for field in fields(EventFilter))


@functools.cache
def shaped_conditions(shape: Shape) -> tuple[ColumnElement[bool], ...]:
    """The conditions of `EventFilter.conditions` for filters of this shape, each value
    a named parameter (`EventFilter.parameters`) instead of a literal."""
    given = set(shape)
    conditions: list[ColumnElement[bool]] = []
    if "actor" in given:
        actor: BindParameter[str] = bindparam("actor")
        conditions.append(or_(events.c.source == actor, events.c.target == actor))
    if "dyad" in given:
        conditions.append(_dyad_condition(bindparam("dyad_a"), bindparam("dyad_b")))
    if "plover" in given:
        conditions.append(func.upper(events.c.plover) == bindparam("plover"))
    if "cameo" in given:
        conditions.append(events.c.cameo.like(bindparam("cameo"), escape=LIKE_ESCAPE))
    if "doc_id" in given:
        conditions.append(events.c.doc_id == bindparam("doc_id"))
    if "since" in given:
        conditions.append(events.c.date_last >= bindparam("since"))
    if "until" in given:
        conditions.append(events.c.date_first <= bindparam("until"))
    return tuple(conditions)


def escaped_like(text: str) -> str:
    """`text` matched literally by LIKE ... ESCAPE '/' (its % and _ are not wildcards)."""
    for special in (LIKE_ESCAPE, "%", "_"):
        text = text.replace(special, LIKE_ESCAPE + special)
    return text


def _dyad_condition(first: Any, second: Any) -> ColumnElement[bool]:
    return or_(
        and_(events.c.source == first, events.c.target == second),
        and_(events.c.source == second, events.c.target == first),
    )


def select_events(
    where: EventFilter, *, limit: int | None = None, offset: int = 0, with_source: bool = False
) -> Select[Any]:
    """Events matching `where` in timeline order: date, then document, then position."""
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be 0 or more, got {limit}")
    if offset < 0:
        raise ValueError(f"offset must be 0 or more, got {offset}")
    columns = [events, documents.c.source.label("doc_source")] if with_source else [events]
    statement = select(*columns)
    if with_source:
        statement = statement.join(documents, documents.c.id == events.c.doc_id)
    statement = statement.where(*where.conditions()).order_by(
        events.c.date_first.asc().nulls_last(), *POSITION
    )
    if offset:
        statement = statement.offset(offset)
    return statement.limit(limit) if limit is not None else statement


def count_events(where: EventFilter) -> Select[Any]:
    return select(func.count()).select_from(events).where(*where.conditions())
