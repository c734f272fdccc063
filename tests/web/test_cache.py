"""The response cache: a repeated question is answered from memory until the store changes."""

from __future__ import annotations

from collections.abc import Callable

import builders
from fastapi.testclient import TestClient

from comity.store import Store
from comity.web import WebSettings

AppClient = Callable[..., TestClient]


def cached_client(make_client: AppClient, store: Store) -> TestClient:
    return make_client(store, WebSettings(cache_entries=16))


def test_a_repeated_request_is_a_hit_whatever_the_parameter_order(
    make_client: AppClient, memory_store: Store
) -> None:
    client = cached_client(make_client, memory_store)
    first = client.get("/api/events?actor=TUR&limit=2")
    again = client.get("/api/events?limit=2&actor=TUR")
    assert "x-comity-cache" not in first.headers
    assert again.headers["x-comity-cache"] == "hit"
    assert again.json() == first.json()


def test_errors_and_health_are_never_cached(make_client: AppClient, memory_store: Store) -> None:
    client = cached_client(make_client, memory_store)
    for _ in range(2):
        bad = client.get("/api/events?since=nope")
        health = client.get("/api/health")
    assert bad.status_code == 400
    assert "x-comity-cache" not in bad.headers
    assert "x-comity-cache" not in health.headers


def test_a_new_document_drops_the_cached_answers(
    make_client: AppClient, memory_store: Store
) -> None:
    client = make_client(memory_store, WebSettings(cache_entries=16))
    assert client.get("/api/events?actor=TJK").json()["total"] == 0
    doc = builders.make_document("Tajikistan thanked Kyrgyzstan.", source="news/thanks.txt")
    memory_store.save_document(doc, [], [builders.make_event(doc, "ev-thanks", source="TJK")])
    middleware = find_cache(client)
    middleware._checked = float("-inf")  # as if the recheck interval had passed
    assert client.get("/api/events?actor=TJK").json()["total"] == 1


def test_the_cache_keeps_at_most_its_size(make_client: AppClient, memory_store: Store) -> None:
    client = make_client(memory_store, WebSettings(cache_entries=2))
    for actor in ("TUR", "AZE", "KGZ"):
        client.get("/api/events", params={"actor": actor})
    assert "x-comity-cache" not in client.get("/api/events", params={"actor": "TUR"}).headers
    assert client.get("/api/events", params={"actor": "TUR"}).headers["x-comity-cache"] == "hit"


def find_cache(client: TestClient):  # type: ignore[no-untyped-def]
    from comity.web.cache import ResponseCache

    layer = client.app.middleware_stack  # type: ignore[attr-defined]
    while not isinstance(layer, ResponseCache):
        layer = layer.app
    return layer
