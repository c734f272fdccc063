"""Query parameters shared by several routes, checked before anything reaches the store.

`event_filters` takes the filters of `comity events` (actor, dyad, type, cameo,
since, until, plus doc_id) and answers 400 with the reason for a malformed
value; values go on to the store only as bound parameters.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import HTTPException, Query

from comity.store import PERIOD_FORMS, EventFilters
from comity.store.query import parse_period

CODE_MAX = 64

Actor = Annotated[
    str | None,
    Query(max_length=CODE_MAX, description="events where this actor is source or target"),
]
DyadParam = Annotated[
    str | None,
    Query(max_length=2 * CODE_MAX + 1, description="two actor codes, e.g. KGZ,TUR (either way)"),
]
PloverParam = Annotated[
    str | None, Query(alias="type", max_length=32, description="PLOVER type, e.g. CONSULT")
]
Cameo = Annotated[
    str | None, Query(max_length=8, pattern=r"^\d{1,4}$", description="CAMEO code or prefix")
]
Since = Annotated[
    str | None, Query(max_length=10, description=f"from this date on: {PERIOD_FORMS}")
]
Until = Annotated[str | None, Query(max_length=10, description=f"up to this date: {PERIOD_FORMS}")]
DocId = Annotated[str | None, Query(max_length=128, description="events of one document")]


def bad_request(reason: str) -> HTTPException:
    return HTTPException(status_code=400, detail=reason)


async def event_filters(
    actor: Actor = None,
    dyad: DyadParam = None,
    plover: PloverParam = None,
    cameo: Cameo = None,
    since: Since = None,
    until: Until = None,
    doc_id: DocId = None,
) -> EventFilters:
    """The event filters of a request; 400 naming the bad parameter.

    Async though it never waits: a plain function would cost each request a trip
    through the handler threads, queued behind the other requests.
    """
    check_period(since, until)
    return EventFilters(
        actor=actor.strip().upper() if actor else None,
        dyad=parse_dyad(dyad) if dyad is not None else None,
        plover=plover.strip() if plover else None,
        cameo=cameo,
        since=since,
        until=until,
        doc_id=doc_id,
    )


def check_period(since: str | None, until: str | None) -> None:
    """400 when a period is malformed or `since` is after `until`."""
    try:
        first = parse_period(since, "since")[0] if since is not None else None
        last = parse_period(until, "until")[1] if until is not None else None
    except ValueError as error:
        raise bad_request(str(error)) from error
    if first is not None and last is not None and first > last:
        raise bad_request(f"since ({since}) is after until ({until})")


def parse_dyad(value: str) -> tuple[str, str]:
    parts = [part.strip().upper() for part in value.split(",") if part.strip()]
    if len(parts) != 2:
        raise bad_request("dyad takes two actor codes separated by a comma, e.g. KGZ,TUR")
    return parts[0], parts[1]


def actor_code(value: str) -> str:
    """A path's actor code, stripped; 400 when empty or too long."""
    code = value.strip()
    if not code or len(code) > CODE_MAX:
        raise bad_request(f"an actor code has 1 to {CODE_MAX} characters")
    return code
