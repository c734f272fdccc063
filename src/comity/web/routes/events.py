"""Events: filtered, sorted pages; one event with its highlighted sentence; timelines."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response

from comity.store import aggregates as agg
from comity.store import lookups
from comity.web.evidence import evidence_for_event
from comity.web.routes.common import (
    BAD_REQUEST,
    NOT_FOUND,
    Context,
    Filters,
    json_answer,
    json_data,
    reads,
)
from comity.web.schemas import EventDetail, EventPage, Timeline
from comity.web.views import document_ref, highlights, page_total, timeline_data

router = APIRouter(tags=["events"])

Sort = Literal["date", "-date", "goldstein", "-goldstein", "confidence", "-confidence"]
MAX_PAGE = 500
MAX_TIMELINE = 5000


@router.get("/events", response_model=EventPage, responses=BAD_REQUEST)
@reads
def list_events(
    context: Context,
    filters: Filters,
    limit: Annotated[int, Query(ge=0, le=MAX_PAGE, description="events per page")] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    sort: Annotated[Sort, Query(description="field to sort by; a leading - sorts descending")] = (
        "date"
    ),
) -> Response:
    """Events matching every filter of `comity events`, one page at a time."""
    key = sort.removeprefix("-")
    items = agg.sorted_event_rows(
        context.store,
        sort=key,  # type: ignore[arg-type]
        descending=sort.startswith("-"),
        limit=limit,
        offset=offset,
        **filters,
    )
    total = page_total(
        len(items), limit, offset, lambda: agg.count_events(context.store, **filters)
    )
    page = {"total": total, "limit": limit, "offset": offset, "sort": sort, "items": items}
    return json_data(page)


@router.get("/events/{event_id}", response_model=EventDetail, responses=NOT_FOUND)
@reads
def event_detail(
    context: Context, event_id: Annotated[str, Path(min_length=1, max_length=128)]
) -> Response:
    """One event (by id or a unique prefix of 6+ characters) with the proof behind it."""
    store = context.store
    event = lookups.event_by_id(store, event_id) or store.event(event_id)  # or by a prefix
    document = lookups.document_by_id(store, event.doc_id) or store.document(event.doc_id)
    return json_answer(
        EventDetail(
            event=event,
            document=document_ref(document),
            highlights=highlights(event, lookups.document_mentions(store, document.id)),
            relations_available=context.relations is not None,
            evidence=evidence_for_event(context.relations, event),
        )
    )


@router.get("/timeline", response_model=Timeline, responses=BAD_REQUEST)
@reads
def timeline(
    context: Context,
    filters: Filters,
    limit: Annotated[int, Query(ge=1, le=MAX_TIMELINE)] = 2000,
) -> Response:
    """Events placed in time, compact: a month-precise event spans its whole month."""
    return json_data(timeline_data(context.store, filters, limit))
