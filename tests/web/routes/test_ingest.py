"""POST /api/ingest: absent unless allowed, then only with the bearer token.

A stand-in extractor codes one event per text, so no language model is loaded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

import builders
import pytest
from fastapi.testclient import TestClient

from comity.errors import ConfigError
from comity.extract.extractor import Extraction
from comity.models import Document
from comity.store import Store
from comity.web import WebSettings

AppClient = Callable[..., TestClient]
TOKEN = "a-long-enough-secret-token"
TEXT = "Tajikistan and Kyrgyzstan signed a border treaty on 5 June 2025."


class OneEventExtractor:
    """Codes every document as one TJK → KGZ agreement over its whole text."""

    def extract_many(self, documents: Iterable[Document]) -> Iterator[Extraction]:
        for document in documents:
            event = builders.make_event(
                document, f"ingest-{document.id[:8]}", source="TJK", target="KGZ", plover="AGREE"
            )
            yield Extraction(document, [], [event], 1, 1, [])


def ingest_client(make_client: AppClient, store: Store) -> TestClient:
    settings = WebSettings(allow_ingest=True, token=TOKEN, cache_entries=0)
    return make_client(store, settings, load_extractor=OneEventExtractor)


def test_a_read_only_server_has_no_ingest(make_client: AppClient, memory_store: Store) -> None:
    client = make_client(memory_store)
    response = client.post(
        "/api/ingest", content=TEXT, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert response.status_code in (404, 405)
    assert "/api/ingest" not in client.get("/openapi.json").json()["paths"]


def test_ingest_needs_a_long_token() -> None:
    with pytest.raises(ConfigError, match="--token"):
        WebSettings(allow_ingest=True, token="short")


@pytest.mark.parametrize(
    ("headers", "status"),
    [({}, 401), ({"Authorization": "Basic abc"}, 401), ({"Authorization": "Bearer wrong"}, 403)],
)
def test_ingest_without_the_right_token_is_refused_and_stores_nothing(
    make_client: AppClient, memory_store: Store, headers: dict[str, str], status: int
) -> None:
    client = ingest_client(make_client, memory_store)
    before = memory_store.stats()
    response = client.post("/api/ingest", content=TEXT, headers=headers)
    assert response.status_code == status
    assert response.json()["detail"]
    assert memory_store.stats() == before


def test_ingest_with_the_token_stores_the_text_once(
    make_client: AppClient, memory_store: Store
) -> None:
    client = ingest_client(make_client, memory_store)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    first = client.post(
        "/api/ingest", content=TEXT, headers=auth, params={"published": "2025-06-06"}
    )
    assert first.status_code == 200
    assert (first.json()["added"], first.json()["events"]) == (1, 1)
    again = client.post("/api/ingest", content=TEXT, headers=auth).json()
    assert (again["added"], again["skipped"]) == (0, 1)
    events = client.get("/api/events", params={"actor": "TJK"}).json()
    assert events["total"] == 1


def test_a_rejected_text_says_why(make_client: AppClient, memory_store: Store) -> None:
    client = ingest_client(make_client, memory_store)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    body = client.post("/api/ingest", content=b"\xff\xfe\x00binary", headers=auth).json()
    assert body["added"] == 0
    assert body["rejected"] and body["rejected"][0]["reason"]
