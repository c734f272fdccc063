"""Fifty API readers while an ingest writes: nobody sees a half-written document.

The real pipeline (trained model) ingests a generated corpus into a SQLite file
while the web app, served by uvicorn in a thread on loopback with its default
settings (response cache on), answers 50 readers, each on its own keep-alive
connection. Readers list documents, open them, page their events and open
events. A document is stored with its mentions and events in one transaction,
so every document a reader sees must show all its events (the count it has
once the ingest is over) and every event all its highlighted mentions. The
readers' latency percentiles are printed and recorded as test properties.
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from comity.pipeline import run_ingest
from comity.store import open_store
from comity.store.aggregates import document_summaries
from comity.web import WebSettings, create_app
from comity.web.views import highlights
from reliability.corpus import write_event_corpus

pytestmark = [pytest.mark.slow, pytest.mark.model]

READERS = 50
FILES, LINES = 30, 12
# Readers go on after the ingest, past the cache's 2 s recheck, to see the final state.
AFTER_INGEST_SECONDS = 3.0
DEADLINE_SECONDS = 240.0
REQUEST_TIMEOUT = 30.0


@dataclass
class Seen:
    """What the readers saw: event counts per document, highlights per event, latencies."""

    event_counts: list[tuple[str, int, str]] = field(default_factory=list)
    highlights: list[tuple[str, int]] = field(default_factory=list)
    listed: list[int] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    doc_ids: set[str] = field(default_factory=set)
    event_ids: set[str] = field(default_factory=set)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """An empty database file and the URL of a uvicorn thread serving it."""
    import uvicorn

    db = tmp_path / "live.db"
    with open_store(db) as store:
        app = create_app(store, WebSettings(), load_relations=False)
        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning")
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.started, "uvicorn did not start"
        port = server.servers[0].sockets[0].getsockname()[1]
        yield db, f"http://127.0.0.1:{port}"
        server.should_exit = True
        thread.join(timeout=10)


def test_readers_never_see_a_half_written_document(
    served: tuple[Path, str],
    tmp_path: Path,
    extractor: Any,
    record_property: Callable[[str, object], None],
) -> None:
    db, base_url = served
    corpus = write_event_corpus(tmp_path / "corpus", files=FILES, lines=LINES)
    ingest_done = threading.Event()
    ingest_errors: list[BaseException] = []

    def ingest() -> None:
        try:
            with open_store(db) as store:
                run_ingest([str(corpus / "texts"), str(corpus / "corpus.jsonl")], store, extractor)
        except BaseException as error:  # reported by the test below
            ingest_errors.append(error)
        finally:
            ingest_done.set()

    seen = asyncio.run(_read_while(base_url, ingest, ingest_done))
    assert not ingest_errors, ingest_errors
    assert not seen.failures, seen.failures[:5]

    final_counts, final_highlights = _final_state(db, seen.event_ids)
    stored = len(final_counts)
    assert stored >= FILES and sum(final_counts.values()) > stored  # the corpus went in
    assert min(seen.listed) < stored and max(seen.listed) == stored  # reads overlapped writes
    torn = [
        (doc_id, count, final_counts[doc_id], where)
        for doc_id, count, where in seen.event_counts
        if count != final_counts[doc_id] and not (count == 0 and where == "events?doc_id")
    ]
    assert torn == [], f"documents seen with part of their events: {torn[:5]}"
    partial = [
        (event_id, count, final_highlights[event_id])
        for event_id, count in seen.highlights
        if count != final_highlights[event_id]
    ]
    assert partial == [], f"events seen without all their mentions: {partial[:5]}"
    _report(seen, record_property)


async def _read_while(
    base_url: str, ingest: Callable[[], None], ingest_done: threading.Event
) -> Seen:
    seen = Seen()
    clients = [_client(base_url) for _ in range(READERS)]
    try:
        await clients[0].get("/api/health")
        writer = threading.Thread(target=ingest, daemon=True)
        deadline = time.monotonic() + DEADLINE_SECONDS
        readers = [
            _reader(client, random.Random(number), seen, ingest_done, deadline)
            for number, client in enumerate(clients)
        ]
        writer.start()
        await asyncio.gather(*readers)
        writer.join(timeout=1)
        assert ingest_done.is_set(), f"the ingest did not end within {DEADLINE_SECONDS:g} s"
    finally:
        for client in clients:
            await client.aclose()
    return seen


def _client(base_url: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=base_url, timeout=REQUEST_TIMEOUT, limits=httpx.Limits(max_connections=1)
    )


async def _reader(
    client: httpx.AsyncClient,
    chooser: random.Random,
    seen: Seen,
    ingest_done: threading.Event,
    deadline: float,
) -> None:
    finished_at: float | None = None
    while time.monotonic() < deadline:
        if ingest_done.is_set():
            finished_at = finished_at or time.monotonic()
            if time.monotonic() - finished_at > AFTER_INGEST_SECONDS:
                return
        await _one_request(client, chooser, seen)


async def _one_request(client: httpx.AsyncClient, chooser: random.Random, seen: Seen) -> None:
    choice = chooser.random()
    if choice < 0.3 or not seen.doc_ids:
        body = await _get(client, "/api/documents", seen, limit=500)
        if body is not None:
            seen.listed.append(body["total"])
            for item in body["items"]:
                seen.doc_ids.add(item["id"])
                seen.event_counts.append((item["id"], item["events"], "documents"))
    elif choice < 0.55:
        doc_id = chooser.choice(sorted(seen.doc_ids))
        body = await _get(client, f"/api/documents/{doc_id}", seen)
        if body is not None:
            seen.event_counts.append((doc_id, len(body["events"]), "documents/{id}"))
            seen.event_ids.update(event["id"] for event in body["events"])
    elif choice < 0.8 or not seen.event_ids:
        doc_id = chooser.choice(sorted(seen.doc_ids))
        body = await _get(client, "/api/events", seen, doc_id=doc_id, limit=500)
        if body is not None:
            seen.event_counts.append((doc_id, len(body["items"]), "events?doc_id"))
    else:
        event_id = chooser.choice(sorted(seen.event_ids))
        body = await _get(client, f"/api/events/{event_id}", seen)
        if body is not None:
            seen.highlights.append((event_id, len(body["highlights"])))


async def _get(
    client: httpx.AsyncClient, path: str, seen: Seen, **params: object
) -> dict[str, Any] | None:
    began = time.perf_counter()
    try:
        response = await client.get(path, params=params)
    except httpx.HTTPError as error:
        seen.failures.append(f"{path}: {error!r}")
        return None
    seen.latencies.append(time.perf_counter() - began)
    if response.status_code != 200:
        seen.failures.append(f"{path}: {response.status_code} {response.text[:200]}")
        return None
    body: dict[str, Any] = response.json()
    return body


def _final_state(db: Path, event_ids: set[str]) -> tuple[dict[str, int], dict[str, int]]:
    """Read from the store itself once the ingest is over: the event count of every
    stored document, and the highlights of every event a reader opened."""
    with open_store(db) as store:
        listed = document_summaries(store, limit=store.stats()["documents"])
        counts = {summary.id: 0 for summary in listed}
        for event in store.events():
            counts[event.doc_id] += 1
        marked = {
            event_id: len(highlights(event, store.mentions(event.doc_id)))
            for event_id in event_ids
            for event in [store.event(event_id)]
        }
    return counts, marked


def _report(seen: Seen, record_property: Callable[[str, object], None]) -> None:
    latencies = sorted(seen.latencies)

    def percentile(share: float) -> float:
        return 1000 * latencies[min(len(latencies) - 1, int(share * len(latencies)))]

    figures = {
        "requests": len(latencies),
        "p50_ms": round(percentile(0.50), 1),
        "p99_ms": round(percentile(0.99), 1),
        "max_ms": round(1000 * latencies[-1], 1),
    }
    for name, value in figures.items():
        record_property(name, value)
    print(f"\n{READERS} readers during the ingest: {figures}")
