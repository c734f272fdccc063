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


def test_concurrent_misses_for_one_answer_compute_it_once() -> None:
    import asyncio

    from comity.web.cache import ResponseCache

    calls = 0
    release = asyncio.Event()

    async def slow_app(scope, receive, send):  # type: ignore[no-untyped-def]
        nonlocal calls
        calls += 1
        await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": f"answer {calls}".encode()})

    cache = ResponseCache(slow_app, version=lambda: 1)

    async def ask() -> tuple[bytes, bool]:
        scope = {"type": "http", "method": "GET", "path": "/api/network", "query_string": b""}
        sent: list[dict[str, object]] = []

        async def send(message):  # type: ignore[no-untyped-def]
            sent.append(message)

        await cache(scope, None, send)  # type: ignore[arg-type]
        hit = (b"x-comity-cache", b"hit") in sent[0]["headers"]  # type: ignore[operator]
        return sent[1]["body"], hit  # type: ignore[return-value]

    async def many() -> list[tuple[bytes, bool]]:
        asking = [asyncio.create_task(ask()) for _ in range(5)]
        await asyncio.sleep(0.05)
        release.set()
        return await asyncio.gather(*asking)

    answers = asyncio.run(many())
    assert calls == 1
    assert {body for body, _ in answers} == {b"answer 1"}
    assert sorted(hit for _, hit in answers) == [False, True, True, True, True]
