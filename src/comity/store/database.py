"""The `Store`: saving documents with their mentions and events, and querying them.

This is the only code in comity that talks to the database. Writes go in one
transaction per document, with one bulk insert per table; reads stream rows
instead of loading them, so an export of millions of events stays small.
A transaction that fails for a passing reason (a lost connection, a conflict
with another writer) is retried whole (`store/retry.py`), so several processes
can ingest into one PostgreSQL database and outlive a restart of its server.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cached_property
from types import TracebackType
from typing import Any, TypeVar, Unpack

from sqlalchemy import (
    Connection,
    Engine,
    Insert,
    RowMapping,
    Select,
    func,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from comity.errors import NotFound, StoreError
from comity.models import Claim, Document, Event, Mention
from comity.store import dialect, records, runs, schema
from comity.store.engine import transaction
from comity.store.query import EventFilter, EventFilters, EventQuery, count_events, select_events
from comity.store.relation_order import GroupedClaim, select_claims_by_relation
from comity.store.retry import (
    RetryListener,
    RetryPolicy,
    announce,
    retry_transient,
    transient_reason,
)
from comity.store.session import ReadSession

MIN_ID_PREFIX = 6
STREAM_BATCH = 500
T = TypeVar("T")


def _check_belongs_to(doc: Document, events: Sequence[Event]) -> None:
    for event in events:
        if event.doc_id != doc.id:
            raise StoreError(
                f"cannot save document {doc.id}: event {event.id} belongs to document "
                f"{event.doc_id}"
            )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Store:
    """A comity database. Use `open_store` (store/opening.py) to get one; close it
    (or use `with`)."""

    def __init__(
        self,
        engine: Engine,
        *,
        keepalive: Connection | None = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        self._engine = engine
        self._keepalive = keepalive
        self._retry = retry or RetryPolicy()
        self._retry_listeners: list[RetryListener] = []
        self._leases = runs.RunLeases(engine)
        self._session: ReadSession | None = None

    @property
    def url(self) -> str:
        """The database URL, password hidden."""
        return self._engine.url.render_as_string(hide_password=True)

    @property
    def backend(self) -> str:
        """The kind of database: "sqlite" or "postgresql"."""
        return str(self._engine.dialect.name)

    def close(self) -> None:
        if self._session is not None:
            self.end_reading()  # a read view: the store it views stays open
            return
        self._leases.release_all()
        if self._keepalive is not None:
            self._keepalive.close()
            self._keepalive = None
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------

    def save_document(
        self,
        doc: Document,
        mentions: Sequence[Mention],
        events: Sequence[Event],
        *,
        claims: Sequence[Claim] = (),
        run_id: int | None = None,
        within: Callable[[Connection], object] | None = None,
    ) -> bool:
        """Store a document with its mentions, events, relation claims and their entities,
        all or nothing.

        `within` runs in the same transaction once the document is written (the
        pipeline links it to its story there, so a crash never leaves it unlinked).
        Returns False, writing nothing, when the document is already stored.
        Raises StoreError when anything fails; then nothing of it is stored.
        """
        _check_belongs_to(doc, events)
        document_row = records.document_row(doc, ingested_at=_now(), run_id=run_id)
        mention_rows = records.mention_rows(doc.id, mentions)
        event_rows = records.event_rows(events)
        entity_rows = records.entity_rows(mentions, events)
        claim_rows = records.claim_rows(claims)
        # The same order in every process: concurrent upserts of the same
        # entities then wait for each other instead of deadlocking.
        entity_rows.sort(key=lambda row: str(row["code"]))

        attempts = 0

        def save(connection: Connection) -> bool:
            nonlocal attempts
            attempts += 1
            inserted = connection.execute(self._document_insert, document_row)
            if inserted.rowcount == 0:
                # Stored before (by another process, or run), unless this is a retry
                # and a lost connection hid that the first attempt's commit went through.
                retried = attempts > 1 and run_id is not None
                return retried and self._stored_by_run(connection, doc.id) == run_id
            if entity_rows:
                connection.execute(self._entity_upsert, entity_rows)
            if mention_rows:
                connection.execute(insert(schema.mentions), mention_rows)
            if event_rows:
                connection.execute(insert(schema.events), event_rows)
            if claim_rows:
                connection.execute(insert(schema.relation_claims), claim_rows)
            if within is not None:
                within(connection)
            return True

        return self.transact(f"cannot save document {doc.id}", save, write=True)

    def start_run(self, arguments: str) -> int:
        """Record the start of an ingest run; returns its id.

        First marks the runs whose process is gone as interrupted (`store/runs.py`).
        """
        owner = runs.Owner.this_process()

        def record(connection: Connection) -> int:
            runs.mark_interrupted(connection, owner, _now())
            return runs.insert_run(connection, arguments, owner, _now())

        def start() -> int:
            return self._leases.start(record)

        with self._errors("cannot record the run"):
            return retry_transient(start, action="cannot record the run", **self._retrying)

    def runs(self, *, limit: int | None = None) -> list[runs.Run]:
        """The ingest runs, newest first; those whose process is gone marked interrupted."""
        here = runs.Owner.this_process()

        def listed(connection: Connection) -> list[runs.Run]:
            runs.mark_interrupted(connection, here, _now())
            return runs.list_runs(connection, limit=limit)

        return self.transact("cannot list the runs", listed, write=True)

    def finish_run(
        self,
        run_id: int,
        *,
        added: int,
        skipped: int,
        rejected: int,
        events: int,
        status: str = "ok",
    ) -> None:
        """Record how a run ended; NotFound when there is no such run."""
        values = {
            "finished_at": _now(),
            "documents_added": added,
            "documents_skipped": skipped,
            "documents_rejected": rejected,
            "events_added": events,
            "status": status,
        }
        statement = update(schema.runs).where(schema.runs.c.id == run_id).values(**values)
        try:
            found = self.transact(
                f"cannot finish run {run_id}",
                lambda connection: connection.execute(statement).rowcount,
                write=True,
            )
        finally:
            self._leases.release(run_id)
        if found == 0:
            raise NotFound(f"no run {run_id}")

    # -- reading ---------------------------------------------------------------

    def has_document(self, doc_id: str) -> bool:
        statement = select(schema.documents.c.id).where(schema.documents.c.id == doc_id)
        return self._scalar(statement) is not None

    def stored_ids(self, doc_ids: Sequence[str]) -> set[str]:
        """Which of `doc_ids` are stored documents, found with one query."""
        if not doc_ids:
            return set()
        table = schema.documents
        statement = select(table.c.id).where(table.c.id.in_(sorted(set(doc_ids))))
        return {str(row["id"]) for row in self._rows(statement)}

    def document(self, doc_id: str) -> Document:
        """The document with this id or unique id prefix (≥ 6 characters)."""
        row = self._row_by_id(schema.documents, doc_id, "document")
        return records.document_from_row(row)

    def document_source(self, doc_id: str) -> str:
        """The file, URL or "stdin" a document came from."""
        source = self._scalar(
            select(schema.documents.c.source).where(schema.documents.c.id == doc_id)
        )
        if source is None:
            raise NotFound(f"no document {doc_id}")
        return str(source)

    def mentions(self, doc_id: str) -> list[Mention]:
        """A document's mentions in text order; NotFound for an unknown document."""
        if not self.has_document(doc_id):
            raise NotFound(f"no document {doc_id}")
        table = schema.mentions
        statement = (
            select(table).where(table.c.doc_id == doc_id).order_by(table.c.start, table.c.id)
        )
        return [records.mention_from_row(row) for row in self._rows(statement)]

    def event(self, event_id: str) -> Event:
        """The event with this id or unique id prefix (≥ 6 characters)."""
        return records.event_from_row(self._row_by_id(schema.events, event_id, "event"))

    def events(
        self,
        *,
        actor: str | None = None,
        dyad: tuple[str, str] | None = None,
        plover: str | None = None,
        cameo: str | None = None,
        since: str | None = None,
        until: str | None = None,
        doc_id: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> Iterator[Event]:
        """Stream the events matching every given filter, in timeline order.

        actor: source or target; dyad: the pair either way round; plover: exact,
        any case; cameo: code prefix; since/until ("YYYY", "YYYY-MM" or
        "YYYY-MM-DD"): the event's dates overlap the period (undated events are
        left out). Order: date (undated last), document, position in the text.
        Raises ValueError at once for a malformed period.
        """
        where = EventFilter(actor, dyad, plover, cameo, since, until, doc_id)
        statement = select_events(where, limit=limit, offset=offset)
        return (records.event_from_row(row) for row in self._stream(statement))

    def events_with_source(self, **query: Unpack[EventQuery]) -> Iterator[tuple[Event, str]]:
        """Like `events`, each event paired with its document's source (for exports)."""
        statement = select_events(
            EventFilter.from_query(query),
            limit=query.get("limit"),
            offset=query.get("offset", 0),
            with_source=True,
        )
        return (
            (records.event_from_row(row), str(row["doc_source"])) for row in self._stream(statement)
        )

    def claims(self, *, actor: str | None = None) -> Iterator[tuple[Claim, str]]:
        """Stream relation claims (those naming `actor` as either party, when given),
        each with its document's source, in document and text order."""
        table, documents = schema.relation_claims, schema.documents
        statement = select(table, documents.c.source.label("doc_source")).join(
            documents, documents.c.id == table.c.doc_id
        )
        if actor is not None:
            code = actor.upper()
            statement = statement.where((table.c.a == code) | (table.c.b == code))
        statement = statement.order_by(table.c.doc_id, table.c.span_start, table.c.id)
        return (
            (records.claim_from_row(row), str(row["doc_source"])) for row in self._stream(statement)
        )

    def claims_by_relation(
        self, *, symmetric: Collection[str], object_keyed: Collection[str], actor: str | None = None
    ) -> Iterator[GroupedClaim]:
        """Stream claims (naming `actor`, when given) one relation after another, each
        with its document's source and its relation's parties, relations in listing
        order; `symmetric` and `object_keyed` are kinds (see `relation_order`)."""
        statement = select_claims_by_relation(
            symmetric=symmetric, object_keyed=object_keyed, actor=actor
        )
        return (
            GroupedClaim(
                records.claim_from_row(row),
                str(row["doc_source"]),
                (row["group_a"], row["group_b"]),
            )
            for row in self._stream(statement)
        )

    def count_claims(self, *, actor: str | None = None) -> int:
        """How many relation claims there are (naming `actor`, when given)."""
        table = schema.relation_claims
        statement = select(func.count()).select_from(table)
        if actor is not None:
            statement = statement.where((table.c.a == actor.upper()) | (table.c.b == actor.upper()))
        return int(self._scalar(statement) or 0)

    def count_events(self, **filters: Unpack[EventFilters]) -> int:
        """How many events `events(**filters)` would give (without paging)."""
        return int(self._scalar(count_events(EventFilter.from_query(filters))) or 0)

    def stats(self) -> dict[str, int]:
        """Row counts of documents, events, entities and runs."""
        tables = {
            "documents": schema.documents,
            "events": schema.events,
            "relation_claims": schema.relation_claims,
            "entities": schema.entities,
            "runs": schema.runs,
        }
        counts = [
            select(func.count()).select_from(table).scalar_subquery() for table in tables.values()
        ]
        row = self.transact("cannot read the store", lambda c: c.execute(select(*counts)).one())
        return {name: int(count) for name, count in zip(tables, row, strict=True)}

    # -- read sessions ---------------------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[Store]:
        """A view of this store whose reads all share one connection and one read
        transaction, so they see one snapshot (`store/session.py`); it ends with the
        block. Writes through the view run in their own transactions, as usual."""
        view = self.read_view()
        try:
            yield view
        finally:
            view.end_reading()

    def read_view(self) -> Store:
        """The view `reading()` yields, for a caller that ends it elsewhere: call
        `end_reading()` on it when done."""
        view = copy.copy(self)
        view._session = ReadSession(self._engine)
        return view

    @property
    def read_session_opened(self) -> bool:
        """Whether this is a read view whose session a read has opened."""
        return self._session is not None and self._session.opened

    def end_reading(self) -> None:
        """End a read view's transaction and return its connection (no-op otherwise)."""
        if self._session is not None:
            with self._errors("cannot end the read session", retried=False):
                self._session.close()

    # -- transactions ----------------------------------------------------------

    def transact(self, action: str, work: Callable[[Connection], T], *, write: bool = False) -> T:
        """`work(connection)` in one transaction, run again whole after a passing failure
        (lost connection, serialisation failure, deadlock); StoreError(`action`: why).

        In a read view, reads run in its session's transaction, once (a retry could
        not go back to the snapshot the earlier reads saw)."""
        if self._session is not None and not write:
            with self._errors(action, retried=False):
                return work(self._session.connection())

        def attempt() -> T:
            with transaction(self._engine, write=write) as connection:
                return work(connection)

        with self._errors(action):
            result = retry_transient(attempt, action=action, **self._retrying)
        self._leases.renew_if_lost(lambda message: announce(message, self._retry_listeners))
        return result

    @contextmanager
    def connection(self, action: str, *, write: bool = False) -> Iterator[Connection]:
        """A transaction for a block that cannot be run again (a stream being read);
        SQL errors become StoreError(`action`: why)."""
        errors = self._errors(action, retried=False)
        if self._session is not None and not write:
            with errors:
                yield self._session.connection()
            return
        with errors, transaction(self._engine, write=write) as connection:
            yield connection

    def add_retry_listener(self, listener: RetryListener) -> None:
        """Tell `listener` each retried failure, as one line, until it is removed."""
        self._retry_listeners.append(listener)

    def remove_retry_listener(self, listener: RetryListener) -> None:
        self._retry_listeners.remove(listener)

    # -- plumbing --------------------------------------------------------------

    @property
    def _retrying(self) -> dict[str, Any]:
        listeners = (*self._retry_listeners, self._on_retry)
        return {"policy": self._retry, "listeners": listeners}

    def _on_retry(self, _message: str) -> None:
        self._leases.suspect()

    def _stored_by_run(self, connection: Connection, doc_id: str) -> int | None:
        table = schema.documents
        return connection.scalar(select(table.c.run_id).where(table.c.id == doc_id))

    @contextmanager
    def _errors(self, action: str, *, retried: bool = True) -> Iterator[None]:
        try:
            yield
        except IntegrityError as error:
            raise StoreError(f"{action}: conflicting or invalid data ({error.orig})") from error
        except SQLAlchemyError as error:
            reason = getattr(error, "orig", None) or error
            passing = transient_reason(error)
            if passing is not None and retried:
                tries = self._retry.attempts
                reason = f"{passing}, gave up after {tries} attempts ({reason})"
            raise StoreError(f"{action}: {reason}") from error

    # Built once per store: rebuilt for every document, they took a quarter of a save.
    @cached_property
    def _document_insert(self) -> Insert:
        return self._insert_new(schema.documents)

    @cached_property
    def _entity_upsert(self) -> Insert:
        return self._upsert_entities()

    def _insert_new(self, table: Any) -> Insert:
        """An INSERT that skips rows whose key is already stored."""
        return dialect.insert_new(self._engine.dialect.name, table)

    def _upsert_entities(self) -> Insert:
        """Insert entities; fill in the kind or name of a known one when it lacked them."""
        entities = schema.entities
        return dialect.upsert(
            self._engine.dialect.name,
            entities,
            lambda new: {
                "kind": func.coalesce(entities.c.kind, new.kind),
                "name": func.coalesce(entities.c.name, new.name),
            },
        )

    def _row_by_id(self, table: Any, key: str, what: str) -> RowMapping:
        exact = self._rows(select(table).where(table.c.id == key))
        if exact:
            return exact[0]
        if len(key) < MIN_ID_PREFIX:
            raise NotFound(f"no {what} {key}")
        candidates = self._rows(
            select(table).where(table.c.id.startswith(key, autoescape=True)).limit(2)
        )
        if not candidates:
            raise NotFound(f"no {what} {key}")
        if len(candidates) > 1:
            raise NotFound(f"{what} id {key} is ambiguous: give more characters")
        return candidates[0]

    def _scalar(self, statement: Select[Any]) -> Any:
        return self.transact("cannot read the store", lambda c: c.scalar(statement))

    def _rows(self, statement: Select[Any]) -> list[RowMapping]:
        return self.transact(
            "cannot read the store", lambda c: list(c.execute(statement).mappings())
        )

    def _stream(self, statement: Select[Any]) -> Iterator[RowMapping]:
        with self.connection("cannot read the store") as connection:
            # Per statement: a read session's connection serves other reads too.
            result = connection.execute(statement, execution_options={"yield_per": STREAM_BATCH})
            yield from result.mappings()
