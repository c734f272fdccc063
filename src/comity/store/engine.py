"""Turning a `--db` value into a configured SQLAlchemy engine.

A plain path means a SQLite file; anything with "://" is a database URL and is
passed through (`postgresql://...`, which is served by psycopg 3). SQLite
connections get WAL, foreign keys, `synchronous=NORMAL` and a busy timeout, and
SQLAlchemy (not the sqlite3 driver) emits BEGIN, so DDL in migrations is
transactional too. PostgreSQL connections are checked before each use, so a
store outlives a server restart.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, make_url
from sqlalchemy.pool import QueuePool

DEFAULT_DB = "comity.db"
DB_ENV = "COMITY_DB"
MEMORY = ":memory:"
BUSY_TIMEOUT_MS = 30_000
WRITE_OPTION = "comity_write"
POSTGRES_SCHEMES = ("postgresql", "postgres")
POSTGRES_DRIVER = "postgresql+psycopg"
CONNECT_TIMEOUT_S = 10


def resolve_db_url(db: str | Path | None) -> str:
    """The database URL for a `--db` value, else `$COMITY_DB`, else ./comity.db."""
    value = str(db) if db is not None else os.environ.get(DB_ENV) or DEFAULT_DB
    if "://" in value:
        return value
    if value == MEMORY:
        return "sqlite://"
    return f"sqlite:///{Path(value).expanduser()}"


def sqlite_file(url: str) -> Path | None:
    """The file a SQLite URL points to; None for other databases and in-memory ones."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database
    if not database or database == MEMORY or database.startswith("file:"):
        return None
    return Path(database)


def is_memory_sqlite(url: str) -> bool:
    parsed = make_url(url)
    return parsed.get_backend_name() == "sqlite" and parsed.database in (None, "", MEMORY)


def driver_url(url: str) -> str:
    """`url` naming comity's PostgreSQL driver (psycopg 3) when it names none."""
    scheme, separator, rest = url.partition("://")
    if separator and scheme in POSTGRES_SCHEMES:
        return f"{POSTGRES_DRIVER}://{rest}"
    return url


def build_engine(url: str) -> Engine:
    """An engine for `url`, with comity's SQLite settings when it is SQLite."""
    url = driver_url(url)
    if make_url(url).get_backend_name() == "postgresql":
        return create_engine(
            url,
            pool_pre_ping=True,
            connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "comity"},
        )
    if is_memory_sqlite(url):
        # A named shared-cache database lets every pooled connection see the same
        # tables, so a streamed query and a lookup can run side by side.
        memory_url = f"sqlite:///file:comity-{uuid.uuid4().hex}?mode=memory&cache=shared&uri=true"
        engine = create_engine(
            memory_url, poolclass=QueuePool, connect_args={"check_same_thread": False}
        )
    else:
        engine = create_engine(url)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine


def _configure_sqlite(engine: Engine) -> None:
    event.listen(engine, "connect", _on_sqlite_connect)
    event.listen(engine, "begin", _on_sqlite_begin)


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Take BEGIN away from the sqlite3 driver; `_on_sqlite_begin` emits it instead.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _on_sqlite_begin(connection: Connection) -> None:
    # Writers take the write lock up front: a deferred transaction that later
    # upgrades to a writer fails at once with SQLITE_BUSY instead of waiting.
    if connection.get_execution_options().get(WRITE_OPTION):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


@contextmanager
def transaction(engine: Engine, *, write: bool = False) -> Iterator[Connection]:
    """A connection in a transaction, committed at the end of the block; `write`
    transactions take SQLite's write lock at once."""
    with engine.connect() as connection:
        if write:
            connection.execution_options(**{WRITE_OPTION: True})
        with connection.begin():
            yield connection
