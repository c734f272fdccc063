"""Converting comity's records to table rows and back.

Rows are plain dicts ready for a bulk insert; reading back validates them
through the pydantic models, so the store hands out the same records it took in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from comity.errors import StoreError
from comity.models import (
    Claim,
    Document,
    Event,
    Mention,
    Precision,
    interval_of,
    iso_at_precision,
)

Row = dict[str, Any]

_EVENT_FIELDS = tuple(Event.model_fields)
_MENTION_FIELDS = tuple(Mention.model_fields)
_CLAIM_FIELDS = tuple(Claim.model_fields)


def document_row(doc: Document, *, ingested_at: str, run_id: int | None) -> Row:
    published = None
    if doc.published is not None:
        published = iso_at_precision(doc.published, doc.published_precision or Precision.DAY)
    return {
        "id": doc.id,
        "source": doc.source,
        "url": doc.url,
        "title": doc.title,
        "author": doc.author,
        "published": published,
        "published_precision": doc.published_precision.value if doc.published_precision else None,
        "language": doc.language,
        "text": doc.text,
        "ingested_at": ingested_at,
        "run_id": run_id,
    }


def document_from_row(row: Mapping[Any, Any]) -> Document:
    published = interval_of(row["published"])[0] if row["published"] else None
    return Document(
        id=row["id"],
        text=row["text"],
        source=row["source"],
        url=row["url"],
        title=row["title"],
        author=row["author"],
        published=published,
        published_precision=row["published_precision"],
        language=row["language"],
    )


def mention_rows(doc_id: str, mentions: Iterable[Mention]) -> list[Row]:
    return [{"doc_id": doc_id, **mention.model_dump(mode="json")} for mention in mentions]


def mention_from_row(row: Mapping[Any, Any]) -> Mention:
    return Mention.model_validate({name: row[name] for name in _MENTION_FIELDS})


def event_rows(events: Iterable[Event]) -> list[Row]:
    rows = []
    for event in events:
        date_first, date_last = event_days(event)
        rows.append(
            {**event.model_dump(mode="json"), "date_first": date_first, "date_last": date_last}
        )
    return rows


def event_days(event: Event) -> tuple[str | None, str | None]:
    """The first and last ISO day an event's date (to its end date) covers."""
    if event.date is None:
        return None, None
    try:
        first = interval_of(event.date)[0]
        last = interval_of(event.date_end or event.date)[1]
    except ValueError as error:
        dates = f"{event.date!r}" + (f" to {event.date_end!r}" if event.date_end else "")
        raise StoreError(f"event {event.id} has an invalid date {dates}") from error
    return first.isoformat(), last.isoformat()


def event_from_row(row: Mapping[Any, Any]) -> Event:
    return Event.model_validate({name: row[name] for name in _EVENT_FIELDS})


def claim_rows(claims: Iterable[Claim]) -> list[Row]:
    return [claim.model_dump(mode="json") for claim in claims]


def claim_from_row(row: Mapping[Any, Any]) -> Claim:
    return Claim.model_validate({name: row[name] for name in _CLAIM_FIELDS})


def entity_rows(mentions: Sequence[Mention], events: Sequence[Event]) -> list[Row]:
    """One row per entity code met in the mentions and events, kind and name when known."""
    merged: dict[str, Row] = {}

    def add(code: str | None, kind: str | None, name: str | None) -> None:
        if code is None:
            return
        row = merged.setdefault(code, {"code": code, "kind": None, "name": None})
        row["kind"] = row["kind"] or kind
        row["name"] = row["name"] or name

    for mention in mentions:
        add(mention.code, mention.kind.value if mention.kind else None, None)
    for event in events:
        add(event.source, None, event.source_name)
        add(event.target, None, event.target_name)
    return list(merged.values())
