"""Read sessions: a store's read view reads one snapshot over one connection."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import builders
import pytest
from sqlalchemy import event as sqlalchemy_event

from comity.models import Document, Event
from comity.store import Store
from comity.store import aggregates as agg


def report(number: int) -> tuple[Document, list[Any], list[Event]]:
    """A document with one event and no mentions, as `save_document` takes them."""
    doc = builders.make_document(f"Report {number} on a meeting of neighbours.")
    return doc, [], [builders.make_event(doc, f"ev-{number}", source="KAZ", target="KGZ")]


@pytest.fixture
def checkouts(store: Store) -> Iterator[list[int]]:
    """Grows by one each time the store's engine hands out a pooled connection."""
    seen: list[int] = []

    def on_checkout(*_args: Any) -> None:
        seen.append(1)

    sqlalchemy_event.listen(store._engine, "checkout", on_checkout)
    yield seen
    sqlalchemy_event.remove(store._engine, "checkout", on_checkout)


def test_reads_in_a_view_share_one_connection(store: Store, checkouts: list[int]) -> None:
    store.save_document(*report(1))
    checkouts.clear()
    with store.reading() as view:
        assert view.count_events() == 1
        assert [event.id for event in view.events(actor="KAZ")] == ["ev-1"]
        assert agg.type_tallies(view, actor="KGZ")[0].events == 1
        assert view.stats()["documents"] == 1
    assert len(checkouts) == 1
    assert store.count_events() == 1  # the store itself reads as before
    assert len(checkouts) == 2


def test_a_view_sees_one_snapshot_while_another_connection_writes(store: Store) -> None:
    store.save_document(*report(1))
    with store.reading() as view:
        assert view.count_events() == 1
        store.save_document(*report(2))  # committed by another connection meanwhile
        assert store.count_events() == 2
        assert view.count_events() == 1
        assert [event.id for event in agg.sorted_events(view, limit=10)] == ["ev-1"]
    with store.reading() as later:
        assert later.count_events() == 2


def test_a_view_opens_nothing_until_it_reads_and_gives_its_connection_back(
    store: Store, checkouts: list[int]
) -> None:
    view = store.read_view()
    assert not view.read_session_opened
    assert checkouts == []
    assert view.count_events() == 0
    assert view.read_session_opened
    view.end_reading()
    assert not view.read_session_opened
    assert store._engine.pool.checkedout() == 0
    with pytest.raises(RuntimeError, match="closed"):
        view.count_events()


def test_writes_through_a_view_commit_on_their_own(store: Store) -> None:
    with store.reading() as view:
        assert view.count_events() == 0
        assert view.save_document(*report(3))
    assert store.count_events() == 1


def test_closing_a_view_leaves_the_store_open(store: Store) -> None:
    view = store.read_view()
    view.count_events()
    view.close()
    assert store.count_events() == 0
