"""Single records and small facts a web request reads, through statements built once.

Each statement here is made when the module loads and run with named parameters:
a request reads an event, its document and mentions, or the store's version,
and building the statement each time cost SQLAlchemy more than SQLite took to
answer. `Store.event` and `Store.document` also take an id prefix; these take
exact ids, and the caller falls back to them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, Executable, Select, bindparam, func, literal_column, select

from comity.models import Document, Event, Mention
from comity.store import records, schema
from comity.store.database import Store
from comity.store.query import POSITION

events = schema.events
# Where each event sits in its document's text, as a document's answer lists them.
SPAN_COLUMNS = (
    "id", "span_start", "span_end", "trigger_start", "trigger_end",
    "plover", "source", "target", "mode",
)  # fmt: skip


def rows_of(store: Store, statement: Executable, values: dict[str, Any]) -> Sequence[Any]:
    """The rows of `statement` with its named `values`, in the store's session."""
    return store.transact("cannot read the store", lambda c: c.execute(statement, values).all())


def mappings_of(store: Store, statement: Select[Any], values: dict[str, Any]) -> Sequence[Any]:
    """As `rows_of`, each row a mapping by column name."""
    return store.transact(
        "cannot read the store", lambda c: c.execute(statement, values).mappings().all()
    )


def event_by_id(store: Store, event_id: str) -> Event | None:
    """The event with exactly this id (`Store.event` also takes a prefix)."""
    rows = mappings_of(store, _EVENT_BY_ID, {"id": event_id})
    return records.event_from_row(rows[0]) if rows else None


_EVENT_BY_ID = select(events).where(events.c.id == bindparam("id"))


def document_by_id(store: Store, doc_id: str) -> Document | None:
    """The document with exactly this id (`Store.document` also takes a prefix)."""
    rows = mappings_of(store, _DOCUMENT_BY_ID, {"id": doc_id})
    return records.document_from_row(rows[0]) if rows else None


_DOCUMENT_BY_ID = select(schema.documents).where(schema.documents.c.id == bindparam("id"))


def document_mentions(store: Store, doc_id: str) -> list[Mention]:
    """A stored document's mentions in text order (as `Store.mentions`, which also
    checks that the document exists)."""
    rows = mappings_of(store, _MENTIONS, {"doc_id": doc_id})
    return [records.mention_from_row(row) for row in rows]


_MENTIONS = (
    select(schema.mentions)
    .where(schema.mentions.c.doc_id == bindparam("doc_id"))
    .order_by(schema.mentions.c.start, schema.mentions.c.id)
)


def event_spans(store: Store, doc_id: str) -> list[dict[str, Any]]:
    """A document's events in timeline order, each as (`SPAN_COLUMNS`) where it sits
    in the text."""
    rows = rows_of(store, _SPANS, {"doc_id": doc_id})
    return [dict(zip(SPAN_COLUMNS, row, strict=True)) for row in rows]


_SPANS = (
    select(*(events.c[name] for name in SPAN_COLUMNS))
    .where(events.c.doc_id == bindparam("doc_id"))
    .order_by(events.c.date_first.asc().nulls_last(), *POSITION)
)


def data_version(store: Store) -> tuple[int, int]:
    """What changes whenever a document (with its events) is stored.

    Nothing is ever deleted, so on SQLite the highest row ids of documents and
    events do, read from the ends of their tables; elsewhere, their counts.
    """
    statement = _MAX_ROW_IDS if store.backend == "sqlite" else _ROW_COUNTS
    documents, events_ = rows_of(store, statement, {})[0]
    return int(documents or 0), int(events_ or 0)


def _highest(table: Any, value: ColumnElement[Any]) -> Any:
    return select(func.max(value)).select_from(table).scalar_subquery()


_MAX_ROW_IDS = select(
    _highest(schema.documents, literal_column("rowid")), _highest(events, literal_column("rowid"))
)
_ROW_COUNTS = select(
    select(func.count()).select_from(schema.documents).scalar_subquery(),
    select(func.count()).select_from(events).scalar_subquery(),
)
