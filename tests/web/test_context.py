"""Each request reads the store in one read session: one connection, one snapshot."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event as sqlalchemy_event

from comity.store import Store, open_store
from web.conftest import AppClient
from web.records import EVENT_COUNT, event_on, fill, sentence_doc


@pytest.fixture
def file_store(tmp_path: Path) -> Iterator[Store]:
    """A store of the web records in a SQLite file (WAL: a writer beside readers)."""
    with open_store(tmp_path / "served.db") as opened:
        fill(opened)
        yield opened


@pytest.fixture
def checkouts(file_store: Store) -> Iterator[list[str]]:
    """ "checkout" each time the served store's engine hands out a connection,
    "checkin" each time one comes back."""
    seen: list[str] = []

    def on_checkout(*_args: Any) -> None:
        seen.append("checkout")

    def on_checkin(*_args: Any) -> None:
        seen.append("checkin")

    sqlalchemy_event.listen(file_store._engine, "checkout", on_checkout)
    sqlalchemy_event.listen(file_store._engine, "checkin", on_checkin)
    yield seen
    sqlalchemy_event.remove(file_store._engine, "checkout", on_checkout)
    sqlalchemy_event.remove(file_store._engine, "checkin", on_checkin)


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/events", {"limit": 2}),  # a full page: the page, then the total
        ("/api/dyads/KGZ/TUR", {}),  # tallies, trend, timeline, names
        ("/api/stats", {}),
        ("/api/actors/KGZ", {}),
    ],
)
def test_a_request_checks_out_one_connection(
    make_client: AppClient,
    file_store: Store,
    checkouts: list[str],
    path: str,
    params: dict[str, Any],
) -> None:
    client = make_client(file_store)
    checkouts.clear()
    response = client.get(path, params=params)
    assert response.status_code == 200
    assert checkouts == ["checkout", "checkin"]  # given back once answered


def test_an_events_page_and_its_total_come_from_one_snapshot(
    make_client: AppClient, file_store: Store, tmp_path: Path
) -> None:
    """A writer commits right after the page was read; the total must not count it."""
    client = make_client(file_store)
    late = sentence_doc("Tajikistan met Kyrgyzstan on water quotas in 2024.", "news/late.txt")
    wrote: list[bool] = []

    def write_after_the_page(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if wrote or "ORDER BY" not in statement:
            return
        with open_store(tmp_path / "served.db") as writer:
            writer.save_document(late, [], [event_on(late, "ev-late", "met", source="TJK")])
        wrote.append(True)

    sqlalchemy_event.listen(file_store._engine, "after_cursor_execute", write_after_the_page)
    try:
        body = client.get("/api/events", params={"limit": 2}).json()
    finally:
        sqlalchemy_event.remove(file_store._engine, "after_cursor_execute", write_after_the_page)
    assert wrote == [True]
    assert body["total"] == EVENT_COUNT
    assert len(body["items"]) == 2
    assert client.get("/api/events", params={"limit": 2}).json()["total"] == EVENT_COUNT + 1


def test_reads_run_on_the_event_loop_on_sqlite_and_in_a_worker_thread_elsewhere(
    make_client: AppClient, file_store: Store, checkouts: list[str]
) -> None:
    client = make_client(file_store)
    assert client.app.state.context.reads_inline  # type: ignore[attr-defined]
    client.app.state.context.reads_inline = False  # type: ignore[attr-defined]  # as PostgreSQL
    seen: list[int] = []

    def note(*_args: Any) -> None:
        seen.append(threading.get_ident())

    sqlalchemy_event.listen(file_store._engine, "before_cursor_execute", note)
    try:
        with client:
            loop_thread = client.portal.call(threading.get_ident)
            checkouts.clear()
            assert client.get("/api/events", params={"limit": 2}).status_code == 200
            assert checkouts == ["checkout", "checkin"]  # one read session in the thread too
            client.app.state.context.reads_inline = True  # type: ignore[attr-defined]
            inline_from = len(seen)
            assert client.get("/api/events", params={"limit": 3}).status_code == 200
    finally:
        sqlalchemy_event.remove(file_store._engine, "before_cursor_execute", note)
    assert seen[:inline_from] and loop_thread not in seen[:inline_from]
    assert set(seen[inline_from:]) == {loop_thread}
