from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest
from builders import make_document
from sqlalchemy import Connection, create_engine, inspect, select, text

from comity.errors import StoreError
from comity.store import open_store, opening, schema
from comity.store.migrations import MIGRATIONS, Migrations, applied_version, create_tables
from store.postgres import Cluster


def _recorded(db_path: Path) -> list[tuple[int, str]]:
    connection = sqlite3.connect(db_path)
    try:
        return connection.execute(
            "SELECT version, applied_at FROM schema_migrations ORDER BY version"
        ).fetchall()
    finally:
        connection.close()


def test_a_new_database_gets_every_table_and_the_latest_version(db_path: Path) -> None:
    open_store(db_path).close()
    engine = create_engine(f"sqlite:///{db_path}")
    try:
        tables = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert {"documents", "entities", "mentions", "events", "runs", "schema_migrations"} <= tables
    assert [version for version, _ in _recorded(db_path)] == list(range(1, MIGRATIONS.latest + 1))


def test_reopening_does_not_apply_migrations_again(db_path: Path) -> None:
    open_store(db_path).close()
    first = _recorded(db_path)
    open_store(db_path).close()
    assert _recorded(db_path) == first


def test_a_database_from_a_newer_comity_is_refused(db_path: Path) -> None:
    open_store(db_path).close()
    connection = sqlite3.connect(db_path)
    with connection:
        connection.execute(
            "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
            (MIGRATIONS.latest + 5, "2030-01-01T00:00:00+00:00"),
        )
    connection.close()
    with pytest.raises(StoreError, match=f"schema version {MIGRATIONS.latest + 5}"):
        open_store(db_path)


def test_pending_migrations_run_in_version_order_once() -> None:
    migrations = Migrations()
    calls: list[int] = []

    @migrations(2)
    def second(connection: Connection) -> None:
        calls.append(2)

    @migrations(1)
    def first(connection: Connection) -> None:
        calls.append(1)

    engine = create_engine("sqlite://")
    with engine.connect() as connection:
        assert migrations.apply(connection) == [1, 2]
        assert migrations.apply(connection) == []
        assert applied_version(connection) == 2
    engine.dispose()
    assert calls == [1, 2]


def test_a_version_cannot_be_registered_twice() -> None:
    migrations = Migrations()

    @migrations(1)
    def create(connection: Connection) -> None:
        pass

    with pytest.raises(ValueError, match="registered twice"):
        migrations(1)(create)


def test_a_failing_migration_leaves_nothing_behind(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    migrations = Migrations()
    migrations(1)(create_tables)

    @migrations(2)
    def half_done(connection: Connection) -> None:
        connection.execute(text("CREATE TABLE half (x INTEGER)"))
        connection.execute(text("INSERT INTO no_such_table VALUES (1)"))

    monkeypatch.setattr(opening, "MIGRATIONS", migrations)
    with pytest.raises(StoreError, match=r"migration 2 \(half_done\) failed"):
        open_store(db_path)
    connection = sqlite3.connect(db_path)
    try:
        tables = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        names = [name for (name,) in tables]
    finally:
        connection.close()
    assert names == []


# -- on both databases (issue 8) ---------------------------------------------------


def _run_columns(db_url: str) -> set[str]:
    with open_store(db_url) as store:
        return {column["name"] for column in inspect(store._engine).get_columns("runs")}


def test_a_version_4_database_gains_the_run_owner_columns(db_url: str) -> None:
    with open_store(db_url) as store, store._engine.begin() as connection:
        connection.execute(text("ALTER TABLE runs DROP COLUMN pid"))
        connection.execute(text("ALTER TABLE runs DROP COLUMN host"))
        connection.execute(text("DELETE FROM schema_migrations WHERE version >= 5"))
    assert {"pid", "host"} <= _run_columns(db_url)
    with open_store(db_url) as store:
        versions = store._rows(select(schema.schema_migrations.c.version))
    assert 5 in {row["version"] for row in versions}


def test_a_version_5_database_gains_the_author_column_and_keeps_its_documents(
    db_url: str,
) -> None:
    doc = make_document("Kazakhstan and Uzbekistan opened a new border post.")
    with open_store(db_url) as store:
        store.save_document(doc, [], [])
    with open_store(db_url) as store, store._engine.begin() as connection:
        connection.execute(text("ALTER TABLE documents DROP COLUMN author"))
        connection.execute(text("DELETE FROM schema_migrations WHERE version >= 6"))
    with open_store(db_url) as store:
        columns = {column["name"] for column in inspect(store._engine).get_columns("documents")}
        assert "author" in columns
        assert store.document(doc.id) == doc


def _open_and_count_versions(url: str) -> int:
    with open_store(url) as store:
        return len(store._rows(select(schema.schema_migrations.c.version)))


@pytest.mark.slow
def test_processes_opening_a_new_database_at_once_migrate_it_once(postgres: Cluster) -> None:
    name = postgres.fresh_database()  # empty: no tables yet
    url = postgres.url(name)
    try:
        with multiprocessing.get_context("fork").Pool(3) as pool:
            counts = pool.map(_open_and_count_versions, [url] * 3)
        assert counts == [MIGRATIONS.latest] * 3
    finally:
        postgres.drop_database(name)


def test_a_version_6_database_gets_the_type_and_date_index(db_url: str) -> None:
    with open_store(db_url) as store, store._engine.begin() as connection:
        connection.execute(text("DROP INDEX ix_events_plover_dates"))
        connection.execute(text("CREATE INDEX ix_events_plover_upper ON events (upper(plover))"))
        connection.execute(text("DELETE FROM schema_migrations WHERE version >= 7"))
    with open_store(db_url) as store, store._engine.connect() as connection:
        # Read from the catalogue: SQLAlchemy's reflection warns on expression indexes.
        query = (
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'"
            if connection.dialect.name == "sqlite"
            else "SELECT indexname FROM pg_indexes WHERE tablename = 'events'"
        )
        names = set(connection.scalars(text(query)))
    assert "ix_events_plover_dates" in names
    assert "ix_events_plover_upper" not in names


def test_events_of_a_type_since_a_date_are_found_through_the_index(db_path: Path) -> None:
    with open_store(db_path) as store, store._engine.connect() as connection:
        plan = " ".join(
            str(row[-1])
            for row in connection.execute(
                text(
                    "EXPLAIN QUERY PLAN SELECT count(*) FROM events "
                    "WHERE upper(plover) = 'CONSULT' AND date_last >= '2024-01-01'"
                )
            )
        )
    assert "ix_events_plover_dates" in plan
