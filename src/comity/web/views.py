"""Turning comity's records and the store's tallies into the API's response models."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

from comity.models import Document, Event, Mention
from comity.store import EventFilters, Store
from comity.store.aggregates import TIMELINE_COLUMNS, MonthTally, count_events, timeline_tuples
from comity.store.tallies import DyadTally
from comity.web.schemas import (
    DocumentRef,
    EdgeOut,
    Highlight,
    MonthOut,
    Timeline,
)

# A timeline row's columns as a timeline item names them (the rest keep their names).
TIMELINE_NAMES = {"date_precision": "precision", "date_first": "first", "date_last": "last"}
TIMELINE_ITEM_KEYS = tuple(TIMELINE_NAMES.get(name, name) for name in TIMELINE_COLUMNS)


def build_timeline(
    store: Store, filters: EventFilters, limit: int, *, total: int | None = None
) -> Timeline:
    """`timeline_data` as a `Timeline`, for answers that hold one."""
    return Timeline.model_validate(timeline_data(store, filters, limit, total=total))


def timeline_data(
    store: Store, filters: EventFilters, limit: int, *, total: int | None = None
) -> dict[str, Any]:
    """The first `limit` matching events in timeline order, and how many match
    (counted unless the caller knows, or the page shows they all fit), as the
    dict a `Timeline` dumps to.

    Made straight from the rows: a timeline holds thousands of items, and
    building (even validating) a model for each was most of the answer's time.
    """
    rows = timeline_tuples(store, limit=limit, **filters)
    if total is None:
        total = page_total(len(rows), limit, 0, lambda: count_events(store, **filters))
    items = [dict(zip(TIMELINE_ITEM_KEYS, row, strict=True)) for row in rows]
    return {"total": total, "truncated": total > len(items), "items": items}


def page_total(shown: int, limit: int, offset: int, count: Callable[[], int]) -> int:
    """How many records match, given a page of `shown` of them from `offset`.

    A page that is neither full nor past the end holds the last match, so the
    total is known without a second query (which costs as much as the page).
    """
    if shown < limit and (shown > 0 or offset == 0):
        return offset + shown
    return count()


def edge_out(tally: DyadTally) -> EdgeOut:
    return EdgeOut(
        source=tally.source,
        target=tally.target,
        events=tally.events,
        goldstein_mean=tally.goldstein_mean,
        plover=tally.plover,
        first_day=tally.first_day,
        last_day=tally.last_day,
    )


def month_out(tally: MonthTally) -> MonthOut:
    return MonthOut(month=tally.month, events=tally.events, goldstein_mean=tally.goldstein_mean)


def highlights(event: Event, mentions: Sequence[Mention]) -> list[Highlight]:
    """The trigger and every actor mention inside the sentence, sentence-relative."""
    offset = event.span_start
    found = [
        Highlight(
            role=_mention_role(event, mention),
            start=mention.start - offset,
            end=mention.end - offset,
            text=mention.text,
            code=mention.code,
        )
        for mention in mentions
        if event.span_start <= mention.start and mention.end <= event.span_end
    ]
    found.append(
        Highlight(
            role="trigger",
            start=event.trigger_start - offset,
            end=event.trigger_end - offset,
            text=event.trigger,
        )
    )
    return sorted(found, key=lambda highlight: (highlight.start, highlight.end))


def _mention_role(event: Event, mention: Mention) -> Literal["source", "target", "actor"]:
    if mention.code is not None and mention.code == event.source:
        return "source"
    if mention.code is not None and mention.code == event.target:
        return "target"
    return "actor"


def document_ref(document: Document) -> DocumentRef:
    return DocumentRef(
        id=document.id,
        source=document.source,
        url=document.url,
        title=document.title,
        published=document.published.isoformat() if document.published else None,
    )


def document_data(document: Document, spans: list[dict[str, Any]]) -> dict[str, Any]:
    """A document's text and its events' spans (`SPAN_COLUMNS` rows), as the dict a
    `DocumentOut` dumps to."""
    return {
        "id": document.id,
        "source": document.source,
        "url": document.url,
        "title": document.title,
        "author": document.author,
        "published": document.published.isoformat() if document.published else None,
        "language": document.language,
        "text": document.text,
        "events": spans,
    }
