"""Ordered schema migrations, recorded in `schema_migrations`.

Each migration is a function registered with `@MIGRATIONS(version)`; opening a
store applies the pending ones, in version order, inside the caller's transaction
and records each version as applied. Version 1 creates the tables as `schema.py`
defines them *now*, so a later migration that adds a column or table must first
check whether it already exists (a brand-new database already has it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Column, Connection, func, insert, inspect, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.schema import CreateIndex

from comity.errors import StoreError
from comity.store import schema
from comity.store.dialect import lock_for_migrations

MigrationFunction = Callable[[Connection], None]


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: MigrationFunction


class Migrations:
    """A registry of migrations keyed by version number."""

    def __init__(self) -> None:
        self._by_version: dict[int, Migration] = {}

    def __call__(self, version: int) -> Callable[[MigrationFunction], MigrationFunction]:
        """Decorator registering a function as the migration to `version`."""

        def register(function: MigrationFunction) -> MigrationFunction:
            if version in self._by_version:
                raise ValueError(f"migration version {version} is registered twice")
            self._by_version[version] = Migration(version, function.__name__, function)
            return function

        return register

    @property
    def latest(self) -> int:
        return max(self._by_version, default=0)

    def pending(self, applied: int) -> list[Migration]:
        """The migrations newer than version `applied`, oldest first."""
        return [self._by_version[v] for v in sorted(self._by_version) if v > applied]

    def apply(self, connection: Connection) -> list[int]:
        """Bring the database on `connection` up to date; returns the versions applied.

        The caller owns the transaction, so a failing migration leaves nothing behind;
        a second process opening the database meanwhile waits for it.
        """
        lock_for_migrations(connection)
        schema.schema_migrations.create(connection, checkfirst=True)
        current = applied_version(connection)
        if current > self.latest:
            raise StoreError(
                f"the database is at schema version {current}, but this comity knows "
                f"versions up to {self.latest}; upgrade comity to open it"
            )
        done: list[int] = []
        for migration in self.pending(current):
            try:
                migration.apply(connection)
            except SQLAlchemyError as error:
                reason = getattr(error, "orig", None) or error
                raise StoreError(
                    f"migration {migration.version} ({migration.name}) failed: {reason}"
                ) from error
            _record(connection, migration.version)
            done.append(migration.version)
        return done


def applied_version(connection: Connection) -> int:
    """The highest migration version recorded in the database (0 for none)."""
    version = connection.scalar(select(func.max(schema.schema_migrations.c.version)))
    return int(version or 0)


def _record(connection: Connection, version: int) -> None:
    applied_at = datetime.now(UTC).isoformat(timespec="seconds")
    connection.execute(
        insert(schema.schema_migrations).values(version=version, applied_at=applied_at)
    )


MIGRATIONS = Migrations()


@MIGRATIONS(1)
def create_tables(connection: Connection) -> None:
    schema.metadata.create_all(connection, tables=list(schema.DATA_TABLES))


@MIGRATIONS(2)
def add_relation_claims(connection: Connection) -> None:
    schema.relation_claims.create(connection, checkfirst=True)


@MIGRATIONS(3)
def add_story_clusters(connection: Connection) -> None:
    """Issue 13: near-duplicate story clusters and the fetch history of web pages."""
    schema.metadata.create_all(connection, tables=list(schema.STORY_TABLES), checkfirst=True)


@MIGRATIONS(4)
def add_covering_indexes(connection: Connection) -> None:
    """Issue 7: indexes that answer the web API's tallies without reading the rows.

    The single-column indexes they start with go: they only slowed writes, and
    SQLite chose them over the covering ones, then read every row to filter dates.
    """
    # IF NOT EXISTS rather than checkfirst: checkfirst reflects the table's indexes,
    # and SQLAlchemy warns that it cannot reflect the expression index on plover.
    for index in schema.COVERING_INDEXES:
        connection.execute(CreateIndex(index, if_not_exists=True))
    for name in schema.REPLACED_INDEXES:
        connection.execute(text(f"DROP INDEX IF EXISTS {name}"))


@MIGRATIONS(5)
def add_run_owner(connection: Connection) -> None:
    """Issue 8: each run records the process and host running it (see store/runs.py)."""
    _add_missing_columns(connection, schema.runs.c.pid, schema.runs.c.host)


@MIGRATIONS(6)
def add_document_author(connection: Connection) -> None:
    """Issue 13: the byline of a document, from its page, feed entry, manifest or JSONL."""
    _add_missing_columns(connection, schema.documents.c.author)


@MIGRATIONS(7)
def index_plover_with_dates(connection: Connection) -> None:
    """Issue 7: "events of a type since a date" read from one index, not the table.

    The new index starts with the upper-cased type, so the index on that alone goes.
    """
    connection.execute(CreateIndex(schema.PLOVER_DATES_INDEX, if_not_exists=True))
    connection.execute(text("DROP INDEX IF EXISTS ix_events_plover_upper"))


def _add_missing_columns(connection: Connection, *columns: Column[object]) -> None:
    for column in columns:
        table = column.table.name
        present = {info["name"] for info in inspect(connection).get_columns(table)}
        if column.name not in present:
            kind = column.type.compile(dialect=connection.dialect)
            connection.execute(text(f"ALTER TABLE {table} ADD COLUMN {column.name} {kind}"))
