"""The response cache: a repeated question is answered from memory until the store changes."""

from __future__ import annotations

import asyncio
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


def asgi_app_answering(status: int, calls: list[int], release: asyncio.Event):  # type: ignore[no-untyped-def]
    """An ASGI app that waits for `release`, then answers `status`; it records in
    `calls` how many answers were being computed at once when each began."""
    running = 0

    async def app(scope, receive, send):  # type: ignore[no-untyped-def]
        nonlocal running
        running += 1
        calls.append(running)
        await release.wait()
        await asyncio.sleep(0.01)  # the time a query takes
        running -= 1
        await send({"type": "http.response.start", "status": status, "headers": []})
        await send({"type": "http.response.body", "body": f"status {status}".encode()})

    return app


async def ask_concurrently(cache, asking: int, release: asyncio.Event) -> list[tuple[int, bool]]:  # type: ignore[no-untyped-def]
    """`asking` identical GETs at once; (status, hit) of each answer."""

    async def ask() -> tuple[int, bool]:
        scope = {"type": "http", "method": "GET", "path": "/api/events/gone", "query_string": b""}
        sent: list[dict[str, object]] = []

        async def send(message):  # type: ignore[no-untyped-def]
            sent.append(message)

        await cache(scope, None, send)
        return sent[0]["status"], (b"x-comity-cache", b"hit") in sent[0]["headers"]  # type: ignore[return-value,operator]

    tasks = [asyncio.create_task(ask()) for _ in range(asking)]
    await asyncio.sleep(0.05)  # all of them are in: one computing, the others waiting
    release.set()
    return await asyncio.wait_for(asyncio.gather(*tasks), timeout=5)


def test_waiters_for_a_missing_record_share_the_answer_and_it_is_kept() -> None:
    from comity.web.cache import ResponseCache

    calls: list[int] = []

    async def scenario() -> tuple[list[tuple[int, bool]], list[tuple[int, bool]]]:
        release = asyncio.Event()
        cache = ResponseCache(asgi_app_answering(404, calls, release), version=lambda: 1)
        first = await ask_concurrently(cache, 6, release)
        later = await ask_concurrently(cache, 1, asyncio.Event())  # never released: a hit
        return first, later

    first, later = asyncio.run(scenario())
    assert calls == [1]  # computed once, not once per waiter in turn
    assert [status for status, _ in first] == [404] * 6
    assert sorted(hit for _, hit in first) == [False] + [True] * 5
    assert later == [(404, True)]


def test_waiters_for_a_failed_answer_compute_their_own_side_by_side() -> None:
    from comity.web.cache import ResponseCache

    calls: list[int] = []

    async def scenario() -> list[tuple[int, bool]]:
        release = asyncio.Event()
        cache = ResponseCache(asgi_app_answering(503, calls, release), version=lambda: 1)
        return await ask_concurrently(cache, 5, release)

    answers = asyncio.run(scenario())
    assert answers == [(503, False)] * 5  # a server error is neither shared nor kept
    assert len(calls) == 5
    assert max(calls) == 4  # the four waiters ran at once, not one after another
