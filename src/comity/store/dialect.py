"""What differs between SQLite and PostgreSQL, in one place.

The rest of the store builds statements through these helpers and never asks
which database it talks to: inserts that skip or merge rows whose key is
stored, strings that sort byte by byte on both, the lock that keeps two
processes from migrating one database at once, and the lock a running ingest
holds so that others can tell it is alive.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, cast

from sqlalchemy import Connection, Insert, String, Table, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.sql.elements import ColumnElement

from comity.errors import StoreError

SUPPORTED = ("sqlite", "postgresql")
# Advisory lock keys (any 64-bit numbers no other program on the server uses).
MIGRATION_LOCK = 0x636F6D6974790001  # "comity" + 1
RUN_LOCK_CLASS = 0x636F6D69  # with the run id as the second key


def byte_ordered(length: int) -> String:
    """A string column that sorts and compares by code point on both databases.

    SQLite compares bytes; PostgreSQL follows the database's locale, which may
    ignore punctuation. The "C" collation makes ids, codes and ISO dates order
    the same everywhere.
    """
    return String(length).with_variant(String(length, collation="C"), "postgresql")


def _insert_for(dialect: str, table: Table) -> Any:
    if dialect == "sqlite":
        return sqlite.insert(table)
    if dialect == "postgresql":
        return postgresql.insert(table)
    raise StoreError(f"comity does not support {dialect} databases (only {', '.join(SUPPORTED)})")


def insert_new(dialect: str, table: Table) -> Insert:
    """An INSERT that skips the rows whose primary key is already stored; its result's
    `rowcount` tells how many it stored (which some drivers leave out unless asked)."""
    statement = _insert_for(dialect, table).on_conflict_do_nothing()
    return cast(Insert, statement.execution_options(preserve_rowcount=True))


Merge = Callable[[Any], Mapping[str, ColumnElement[Any]]]


def upsert(dialect: str, table: Table, merge: Merge) -> Insert:
    """An INSERT that, for a row whose primary key is stored, sets the columns `merge`
    gives instead; `merge(excluded)` may refer to the new row's values as `excluded.c`."""
    statement = _insert_for(dialect, table)
    keys = [column for column in table.primary_key.columns]
    return cast(
        Insert,
        statement.on_conflict_do_update(index_elements=keys, set_=merge(statement.excluded)),
    )


def lock_for_migrations(connection: Connection) -> None:
    """Hold the database's migration lock until the transaction ends.

    On SQLite the write transaction (BEGIN IMMEDIATE) already excludes other
    writers; PostgreSQL needs an advisory lock, or two processes opening a new
    database at once would both create its tables.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(select(func.pg_advisory_xact_lock(MIGRATION_LOCK)))


def hold_run_lock(connection: Connection, run_id: int) -> None:
    """Take the session lock that says run `run_id` is alive (PostgreSQL only).

    The server drops it when the session ends, however the process ended.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(select(func.pg_advisory_lock(RUN_LOCK_CLASS, run_id)))


def release_run_lock(connection: Connection, run_id: int) -> None:
    """Give back run `run_id`'s session lock at once (a closed session's lock goes
    only when the server has noticed)."""
    if connection.dialect.name == "postgresql":
        connection.execute(select(func.pg_advisory_unlock(RUN_LOCK_CLASS, run_id)))


def run_lock_is_held(connection: Connection, run_id: int) -> bool | None:
    """Whether some session holds run `run_id`'s lock; None where there are no such locks."""
    if connection.dialect.name != "postgresql":
        return None
    taken = bool(connection.scalar(select(func.pg_try_advisory_lock(RUN_LOCK_CLASS, run_id))))
    if taken:
        connection.execute(select(func.pg_advisory_unlock(RUN_LOCK_CLASS, run_id)))
    return not taken
