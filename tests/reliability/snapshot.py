"""A database's content as comparable data: every table's rows by value, not by rowid.

Run bookkeeping (the `runs` table, migration records, `*_at` timestamps,
`run_id`) and rowid keys (with the columns pointing at them) differ between two
runs that stored the same things, so they are left out of the comparison.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from contextlib import closing
from pathlib import Path

BOOKKEEPING_TABLES = frozenset({"runs", "schema_migrations"})
BOOKKEEPING_COLUMNS = frozenset({"run_id"})

Snapshot = dict[str, Counter[tuple[object, ...]]]


def snapshot(path: Path) -> Snapshot:
    """Each data table's rows (comparable columns only) with how often each occurs."""
    with _read_only(path) as connection:
        return {
            table: Counter(connection.execute(_select(connection, table)))
            for table in data_tables(connection)
        }


def data_tables(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name"
    ).fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
    return [
        name
        for name, _sql in rows
        if name not in BOOKKEEPING_TABLES
        and not name.startswith("sqlite_")
        and not any(name.startswith(f"{owner}_") for owner in virtual)  # FTS shadow tables
    ]


def comparable_columns(connection: sqlite3.Connection, table: str) -> list[str]:
    info = connection.execute(f'PRAGMA table_info("{table}")').fetchall()
    rowid_keys = _rowid_keys(connection)
    pointers = {
        column
        for _id, _seq, target, column, to, *_rest in connection.execute(
            f'PRAGMA foreign_key_list("{table}")'
        )
        if target in BOOKKEEPING_TABLES
        or (target in rowid_keys and to in (None, rowid_keys[target]))
    }
    return [
        name
        for _cid, name, *_rest in info
        if rowid_keys.get(table) != name
        and name not in pointers
        and name not in BOOKKEEPING_COLUMNS
        and not name.endswith("_at")
    ]


def integrity(path: Path) -> tuple[str, list[tuple[object, ...]]]:
    """`PRAGMA integrity_check`'s verdict and the rows `PRAGMA foreign_key_check` finds."""
    with _read_only(path) as connection:
        verdict = connection.execute("PRAGMA integrity_check").fetchone()[0]
        orphans = connection.execute("PRAGMA foreign_key_check").fetchall()
    return str(verdict), orphans


def duplicates(shot: Snapshot) -> dict[str, list[tuple[object, ...]]]:
    """Rows stored more than once, by table."""
    return {
        table: [row for row, count in rows.items() if count > 1]
        for table, rows in shot.items()
        if any(count > 1 for count in rows.values())
    }


def differences(found: Snapshot, expected: Snapshot) -> dict[str, str]:
    """For each table that differs: how many expected rows are missing, how many are extra."""
    summary: dict[str, str] = {}
    for table in sorted(set(found) | set(expected)):
        have, want = found.get(table, Counter()), expected.get(table, Counter())
        missing, extra = sum((want - have).values()), sum((have - want).values())
        if missing or extra:
            summary[table] = f"{missing} rows missing, {extra} extra"
    return summary


def _rowid_keys(connection: sqlite3.Connection) -> dict[str, str]:
    """Table -> its INTEGER PRIMARY KEY column: a rowid, numbered in insertion order."""
    keys: dict[str, str] = {}
    for table in data_tables(connection):
        info = connection.execute(f'PRAGMA table_info("{table}")').fetchall()
        primary = [row for row in info if row[5] > 0]
        if len(primary) == 1 and str(primary[0][2]).upper() == "INTEGER":
            keys[table] = primary[0][1]
    return keys


def _select(connection: sqlite3.Connection, table: str) -> str:
    columns = ", ".join(f'"{name}"' for name in comparable_columns(connection, table))
    return f'SELECT {columns or "1"} FROM "{table}"'


def _read_only(path: Path) -> closing[sqlite3.Connection]:
    return closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True))
