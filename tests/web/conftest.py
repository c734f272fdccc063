"""A small store of hand-built events (no NLP) and an app serving it."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.exceptions import StarletteDeprecationWarning

with warnings.catch_warnings():
    # Starlette asks for the httpx2 fork; the httpx it falls back to works the same here.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

from comity.kb import KnowledgeBase
from comity.models import Document, Event, Mention
from comity.store import Store, open_store
from comity.web import WebSettings, create_app
from web.records import DOCUMENTS, fill


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


@pytest.fixture(scope="session")
def web_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web") / "web.db"
    with open_store(path) as store:
        fill(store)
    return path


@pytest.fixture(scope="session")
def store(web_db: Path) -> Iterator[Store]:
    with open_store(web_db) as opened:
        yield opened


@pytest.fixture(scope="session")
def client(store: Store, kb: KnowledgeBase) -> Iterator[TestClient]:
    """A client of the read-only app over the shared store (no cache, no relations)."""
    app = create_app(store, WebSettings(cache_entries=0), kb=kb, load_relations=False)
    with TestClient(app) as test_client:
        yield test_client


AppClient = Callable[..., TestClient]


@pytest.fixture
def make_client(kb: KnowledgeBase) -> Iterator[AppClient]:
    """Build a client for an app with other settings; closed after the test."""
    opened: list[TestClient] = []

    def make(store: Store, settings: WebSettings | None = None, **options: Any) -> TestClient:
        options.setdefault("load_relations", False)
        app = create_app(store, settings or WebSettings(cache_entries=0), kb=kb, **options)
        test_client = TestClient(app)
        opened.append(test_client)
        return test_client

    yield make
    for test_client in opened:
        test_client.close()


@pytest.fixture
def memory_store() -> Iterator[Store]:
    """A fresh in-memory store holding the same documents as the shared one."""
    with open_store(":memory:") as opened:
        fill(opened)
        yield opened


@pytest.fixture(scope="session")
def documents() -> dict[Document, tuple[list[Mention], list[Event]]]:
    return DOCUMENTS
