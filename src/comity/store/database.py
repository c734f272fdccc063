"""The `Store`: saving documents with their mentions and events, and querying them.

This is the only code in comity that talks to the database. Writes go in one
transaction per document, with one bulk insert per table; reads stream rows
instead of loading them, so an export of millions of events stays small.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from types import TracebackType
from typing import Any, Unpack, cast

from sqlalchemy import (
    Connection,
    Engine,
    Insert,
    RowMapping,
    Select,
    func,
    insert,
    make_url,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from comity.errors import NotFound, StoreError
from comity.models import Claim, Document, Event, Mention
from comity.store import records, schema
from comity.store.engine import (
    WRITE_OPTION,
    build_engine,
    is_memory_sqlite,
    resolve_db_url,
    sqlite_file,
)
from comity.store.migrations import MIGRATIONS
from comity.store.query import EventFilter, EventFilters, EventQuery, count_events, select_events

MIN_ID_PREFIX = 6
STREAM_BATCH = 500


def open_store(db: str | Path | None = None) -> Store:
    """Open (creating and migrating if needed) the database a `--db` value names.

    Raises StoreError when it cannot be opened, is not a database, or was written
    by a newer comity.
    """
    url = resolve_db_url(db)
    path = _sqlite_path(url)
    if path is not None:
        _prepare_sqlite_file(path)
    engine = _build_engine(url)
    keepalive: Connection | None = None
    try:
        # A shared-cache memory database lives only while a connection is open.
        keepalive = engine.connect() if is_memory_sqlite(url) else None
        with _transaction(engine, write=True) as connection:
            MIGRATIONS.apply(connection)
    except (SQLAlchemyError, StoreError) as error:
        if keepalive is not None:
            keepalive.close()
        engine.dispose()
        if isinstance(error, StoreError):
            raise
        raise StoreError(_open_failure(url, path, error)) from error
    return Store(engine, keepalive=keepalive)


def _sqlite_path(url: str) -> Path | None:
    try:
        return sqlite_file(url)
    except SQLAlchemyError as error:
        raise StoreError(f"{url!r} is not a database URL comity can use: {error}") from error


def _build_engine(url: str) -> Engine:
    shown = make_url(url).render_as_string(hide_password=True)
    try:
        return build_engine(url)
    except ImportError as error:
        raise StoreError(f"the driver for {shown} is not installed: {error}") from error
    except SQLAlchemyError as error:
        raise StoreError(f"cannot use {shown}: {error}") from error


def _prepare_sqlite_file(path: Path) -> None:
    if path.is_dir():
        raise StoreError(f"{path} is not a SQLite database (it is a directory)")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"cannot create the folder for {path}: {error}") from error


def _open_failure(url: str, path: Path | None, error: SQLAlchemyError) -> str:
    reason = str(getattr(error, "orig", None) or error)
    if path is not None and "not a database" in reason:
        return f"{path} is not a SQLite database"
    where = path or make_url(url).render_as_string(hide_password=True)
    return f"cannot open {where}: {reason}"


@contextmanager
def _transaction(engine: Engine, *, write: bool = False) -> Iterator[Connection]:
    with engine.connect() as connection:
        if write:
            connection.execution_options(**{WRITE_OPTION: True})
        with connection.begin():
            yield connection


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
    """A comity database. Use `open_store` to get one; close it (or use `with`)."""

    def __init__(self, engine: Engine, *, keepalive: Connection | None = None) -> None:
        self._engine = engine
        self._keepalive = keepalive

    @property
    def url(self) -> str:
        """The database URL, password hidden."""
        return self._engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
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
    ) -> bool:
        """Store a document with its mentions, events, relation claims and their entities,
        all or nothing.

        Returns False, writing nothing, when the document is already stored.
        Raises StoreError when anything fails; then nothing of it is stored.
        """
        _check_belongs_to(doc, events)
        document_row = records.document_row(doc, ingested_at=_now(), run_id=run_id)
        mention_rows = records.mention_rows(doc.id, mentions)
        event_rows = records.event_rows(events)
        entity_rows = records.entity_rows(mentions, events)
        claim_rows = records.claim_rows(claims)
        with self._errors(f"cannot save document {doc.id}"), self._write() as connection:
            inserted = connection.execute(self._document_insert, document_row)
            if inserted.rowcount == 0:
                return False
            if entity_rows:
                connection.execute(self._entity_upsert, entity_rows)
            if mention_rows:
                connection.execute(insert(schema.mentions), mention_rows)
            if event_rows:
                connection.execute(insert(schema.events), event_rows)
            if claim_rows:
                connection.execute(insert(schema.relation_claims), claim_rows)
        return True

    def start_run(self, arguments: str) -> int:
        """Record the start of an ingest run; returns its id."""
        row = {"started_at": _now(), "arguments": arguments, "status": "running"}
        with self._errors("cannot record the run"), self._write() as connection:
            result = connection.execute(insert(schema.runs).values(**row))
            key = result.inserted_primary_key
        if key is None:
            raise StoreError("cannot record the run: the database returned no run id")
        return int(key[0])

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
        with self._errors(f"cannot finish run {run_id}"), self._write() as connection:
            result = connection.execute(
                update(schema.runs).where(schema.runs.c.id == run_id).values(**values)
            )
        if result.rowcount == 0:
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
        with self._errors("cannot read the store"), _transaction(self._engine) as connection:
            row = connection.execute(select(*counts)).one()
        return {name: int(count) for name, count in zip(tables, row, strict=True)}

    # -- plumbing --------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with _transaction(self._engine, write=True) as connection:
            yield connection

    @contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        try:
            yield
        except IntegrityError as error:
            raise StoreError(f"{action}: conflicting or invalid data ({error.orig})") from error
        except SQLAlchemyError as error:
            raise StoreError(f"{action}: {getattr(error, 'orig', None) or error}") from error

    # Built once per store: rebuilt for every document, they took a quarter of a save.
    @cached_property
    def _document_insert(self) -> Insert:
        return self._insert_new(schema.documents)

    @cached_property
    def _entity_upsert(self) -> Insert:
        return self._upsert_entities()

    def _insert_new(self, table: Any) -> Insert:
        """An INSERT that skips rows whose key is already stored."""
        return cast(Insert, self._dialect_insert(table).on_conflict_do_nothing())

    def _upsert_entities(self) -> Insert:
        """Insert entities; fill in the kind or name of a known one when it lacked them."""
        statement = self._dialect_insert(schema.entities)
        upsert = statement.on_conflict_do_update(
            index_elements=[schema.entities.c.code],
            set_={
                "kind": func.coalesce(schema.entities.c.kind, statement.excluded.kind),
                "name": func.coalesce(schema.entities.c.name, statement.excluded.name),
            },
        )
        return cast(Insert, upsert)

    def _dialect_insert(self, table: Any) -> Any:
        dialect = self._engine.dialect.name
        if dialect == "sqlite":
            return sqlite.insert(table)
        if dialect == "postgresql":
            return postgresql.insert(table)
        raise StoreError(f"comity does not support {dialect} databases")

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
        with self._errors("cannot read the store"), _transaction(self._engine) as connection:
            return connection.scalar(statement)

    def _rows(self, statement: Select[Any]) -> list[RowMapping]:
        with self._errors("cannot read the store"), _transaction(self._engine) as connection:
            return list(connection.execute(statement).mappings())

    def _stream(self, statement: Select[Any]) -> Iterator[RowMapping]:
        with self._errors("cannot read the store"), _transaction(self._engine) as connection:
            result = connection.execution_options(yield_per=STREAM_BATCH).execute(statement)
            yield from result.mappings()
