"""Turning comity's records and the store's tallies into the API's response models."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

from comity.models import Document, Event, Mention
from comity.store import EventFilters, Store
from comity.store.aggregates import DyadTally, MonthTally, timeline_rows
from comity.web.schemas import (
    DocumentOut,
    DocumentRef,
    EdgeOut,
    EventSpan,
    Highlight,
    MonthOut,
    Timeline,
    TimelineItem,
)


def timeline_item(row: Mapping[str, Any]) -> TimelineItem:
    """A timeline entry from a row of `aggregates.timeline_rows`."""
    return TimelineItem(
        id=row["id"],
        date=row["date"],
        date_end=row["date_end"],
        precision=row["date_precision"],
        first=row["date_first"],
        last=row["date_last"],
        plover=row["plover"],
        goldstein=row["goldstein"],
        mode=row["mode"],
        source=row["source"],
        target=row["target"],
    )


def build_timeline(
    store: Store, filters: EventFilters, limit: int, *, total: int | None = None
) -> Timeline:
    """The first `limit` matching events in timeline order, and how many match
    (counted unless the caller knows)."""
    if total is None:
        total = store.count_events(**filters)
    items = [timeline_item(row) for row in timeline_rows(store, limit=limit, **filters)]
    return Timeline(total=total, truncated=total > len(items), items=items)


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


def document_out(document: Document, events: Iterable[Event]) -> DocumentOut:
    return DocumentOut(
        id=document.id,
        source=document.source,
        url=document.url,
        title=document.title,
        published=document.published.isoformat() if document.published else None,
        language=document.language,
        text=document.text,
        events=[
            EventSpan(
                id=event.id,
                span_start=event.span_start,
                span_end=event.span_end,
                trigger_start=event.trigger_start,
                trigger_end=event.trigger_end,
                plover=event.plover,
                source=event.source,
                target=event.target,
                mode=event.mode.value,
            )
            for event in events
        ],
    )
