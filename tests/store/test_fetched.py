from __future__ import annotations

from builders import make_document

from comity.ingest.fetch import Remembered, Validators
from comity.store import Store, open_store
from comity.store.fetched import StorePageMemory


def test_nothing_is_known_of_a_new_url(store: Store) -> None:
    assert StorePageMemory(store).recall("https://news.example/a") is None


def test_a_listing_is_remembered_without_a_document(store: Store) -> None:
    memory = StorePageMemory(store)
    memory.remember("https://news.example/feed", Validators('"f1"', None), None)
    assert memory.recall("https://news.example/feed") == Remembered(Validators('"f1"', None), None)


def test_a_page_gives_back_its_document_only_while_it_is_stored(store: Store) -> None:
    memory = StorePageMemory(store)
    doc = make_document("Envoys from two capitals met at the border to talk about trade.")
    memory.remember(
        "https://news.example/a", Validators(None, "Tue, 01 Apr 2025 08:00:00 GMT"), doc
    )
    recalled = memory.recall("https://news.example/a")
    assert recalled is not None and recalled.document is None  # fetched, but not stored
    store.save_document(doc, [], [])
    recalled = memory.recall("https://news.example/a")
    assert recalled is not None and recalled.document == doc
    assert recalled.validators.last_modified == "Tue, 01 Apr 2025 08:00:00 GMT"


def test_the_latest_fetch_wins_and_survives_reopening(db_url: str) -> None:
    with open_store(db_url) as store:
        memory = StorePageMemory(store)
        memory.remember("https://news.example/feed", Validators('"v1"'), None)
        memory.remember("https://news.example/feed", Validators('"v2"'), None)
    with open_store(db_url) as store:
        recalled = StorePageMemory(store).recall("https://news.example/feed")
    assert recalled is not None and recalled.validators == Validators('"v2"')
