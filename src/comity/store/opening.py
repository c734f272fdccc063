"""Opening a store: a `--db` value to a migrated database, or a clear StoreError.

A SQLite file gets its folder made and is checked to be a database; a URL gets
its driver; then pending migrations are applied in one transaction (retried if
the server is briefly away), and the `Store` is handed out.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Engine, make_url
from sqlalchemy.exc import SQLAlchemyError

from comity.errors import StoreError
from comity.store.database import Store
from comity.store.engine import (
    build_engine,
    is_memory_sqlite,
    resolve_db_url,
    sqlite_file,
    transaction,
)
from comity.store.migrations import MIGRATIONS
from comity.store.retry import RetryPolicy, retry_transient


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
        retry_transient(lambda: _migrate(engine), action="cannot open", policy=RetryPolicy())
    except (SQLAlchemyError, StoreError) as error:
        if keepalive is not None:
            keepalive.close()
        engine.dispose()
        if isinstance(error, StoreError):
            raise
        raise StoreError(_open_failure(url, path, error)) from error
    return Store(engine, keepalive=keepalive)


def _migrate(engine: Engine) -> None:
    with transaction(engine, write=True) as connection:
        MIGRATIONS.apply(connection)


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
