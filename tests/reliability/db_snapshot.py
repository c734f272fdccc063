"""A database's content as comparable data, for SQLite and PostgreSQL alike.

Like `snapshot.py` (which reads SQLite files with sqlite3), but through
SQLAlchemy and comity's schema, so a PostgreSQL database can be compared with a
SQLite one. Run bookkeeping (`runs`, `schema_migrations`, `*_at` timestamps,
`run_id`) and numbered keys (mentions' `id`) are left out.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import Column, Integer, create_engine, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from comity.store import resolve_db_url, schema
from comity.store.engine import driver_url
from reliability.snapshot import Snapshot

BOOKKEEPING_TABLES = frozenset({"runs", "schema_migrations"})


def snapshot_of(db: str) -> Snapshot:
    """Each data table's rows (comparable columns only) with how often each occurs."""
    engine = create_engine(driver_url(resolve_db_url(db)), poolclass=NullPool)
    try:
        with engine.connect() as connection:
            return {
                table.name: Counter(
                    tuple(row) for row in connection.execute(select(*_comparable(table.columns)))
                )
                for table in schema.metadata.sorted_tables
                if table.name not in BOOKKEEPING_TABLES
            }
    finally:
        engine.dispose()


def count_rows(db: str, table: str) -> int:
    """Rows of `table` as a new connection sees them now; -1 when it cannot be read."""
    engine = create_engine(driver_url(resolve_db_url(db)), poolclass=NullPool)
    statement = select(func.count()).select_from(schema.metadata.tables[table])
    try:
        with engine.connect() as connection:
            return int(connection.scalar(statement) or 0)
    except SQLAlchemyError:  # the server is restarting, or the table is not made yet
        return -1
    finally:
        engine.dispose()


def _comparable(columns: object) -> list[Column[object]]:
    return [
        column
        for column in columns  # type: ignore[attr-defined]
        if not (column.primary_key and isinstance(column.type, Integer) and column.autoincrement)
        and column.name != "run_id"
        and not column.name.endswith("_at")
    ]
