"""Hand-built documents, mentions and events for the store tests (no NLP).

Every test that takes `store` or `db_url` runs twice: on a SQLite file and on
a fresh database of a throwaway PostgreSQL cluster (made once per session, see
`postgres.py`; each test gets its own copy of a migrated template database).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from builders import make_document

from comity.models import Document, Event, Precision
from comity.store import Store, open_store
from store.postgres import TEMPLATE, Cluster, remove_cluster, start_cluster

DocumentFactory = Callable[..., Document]
EventFactory = Callable[..., Event]

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.slow)]


@pytest.fixture(scope="session")
def postgres() -> Iterator[Cluster]:
    """A running throwaway cluster with a migrated template database."""
    cluster = start_cluster()
    try:
        cluster.execute(f"CREATE DATABASE {TEMPLATE}")
        open_store(cluster.url(TEMPLATE)).close()
        yield cluster
    finally:
        remove_cluster(cluster)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "comity.db"


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, db_path: Path) -> Iterator[str]:
    """A new database: a SQLite file's path, or a PostgreSQL URL."""
    if request.param == "sqlite":
        yield str(db_path)
        return
    cluster: Cluster = request.getfixturevalue("postgres")
    name = cluster.fresh_database(template=TEMPLATE)
    try:
        yield cluster.url(name)
    finally:
        cluster.drop_database(name)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with open_store(db_url) as opened:
        yield opened


@pytest.fixture
def sqlite_store(db_path: Path) -> Iterator[Store]:
    """A store on a SQLite file, for what only SQLite has (PRAGMAs, the file itself)."""
    with open_store(db_path) as opened:
        yield opened


@pytest.fixture
def water_talks() -> Document:
    return make_document(
        "Kazakh and Kyrgyz officials met in Almaty on 12 May 2023 to talk about river quotas.",
        source="feeds/water-talks.html",
        url="https://example.org/water-talks",
        title="River quota talks",
        published=date(2023, 5, 1),
        published_precision=Precision.MONTH,
        language="en",
    )
