from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from comity.errors import StoreError
from comity.store import Store, open_store, resolve_db_url
from comity.store.engine import sqlite_file


def test_a_plain_path_becomes_a_sqlite_url(tmp_path: Path) -> None:
    assert resolve_db_url(tmp_path / "x.db") == f"sqlite:///{tmp_path / 'x.db'}"


def test_urls_pass_through_unchanged() -> None:
    url = "postgresql://comity@db.example/comity"
    assert resolve_db_url(url) == url
    assert resolve_db_url("sqlite:////var/lib/comity.db") == "sqlite:////var/lib/comity.db"


def test_the_environment_names_the_database_when_no_value_is_given(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("COMITY_DB", str(tmp_path / "from-env.db"))
    assert resolve_db_url(None) == f"sqlite:///{tmp_path / 'from-env.db'}"
    assert resolve_db_url(tmp_path / "given.db").endswith("given.db")


def test_the_default_is_comity_db_in_the_current_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COMITY_DB", raising=False)
    assert resolve_db_url(None) == "sqlite:///comity.db"


def test_open_store_uses_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    target = tmp_path / "nested" / "env.db"
    monkeypatch.setenv("COMITY_DB", str(target))
    with open_store() as store:
        assert store.stats()["documents"] == 0
    assert target.is_file()


def test_sqlite_file_is_known_only_for_file_databases(tmp_path: Path) -> None:
    assert sqlite_file(resolve_db_url(tmp_path / "a.db")) == tmp_path / "a.db"
    assert sqlite_file(resolve_db_url(":memory:")) is None
    assert sqlite_file("postgresql://host/comity") is None


def _pragma(store: Store, name: str) -> object:
    with store._engine.connect() as connection:
        return connection.exec_driver_sql(f"PRAGMA {name}").scalar()


def test_sqlite_connections_are_configured(sqlite_store: Store) -> None:
    assert _pragma(sqlite_store, "journal_mode") == "wal"
    assert _pragma(sqlite_store, "foreign_keys") == 1
    assert _pragma(sqlite_store, "synchronous") == 1  # NORMAL
    assert int(str(_pragma(sqlite_store, "busy_timeout"))) > 0


def test_the_database_file_is_in_wal_mode_for_other_readers(
    sqlite_store: Store, db_path: Path
) -> None:
    connection = sqlite3.connect(db_path)
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        connection.close()


def test_a_memory_store_keeps_its_tables_between_connections() -> None:
    with open_store(":memory:") as store:
        assert store.stats() == {
            "documents": 0,
            "events": 0,
            "relation_claims": 0,
            "entities": 0,
            "runs": 0,
        }
        run_id = store.start_run("ingest --test")
        store.finish_run(run_id, added=0, skipped=0, rejected=0, events=0)
        assert store.stats()["runs"] == 1


@pytest.mark.parametrize("url", ["nosuchdb://host/x", "postgresql+nosuchdriver://host/x"])
def test_an_unusable_url_is_a_store_error(url: str) -> None:
    with pytest.raises(StoreError):
        open_store(url)
