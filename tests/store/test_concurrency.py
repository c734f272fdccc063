"""Several processes saving the same documents at once store each of them once."""

from __future__ import annotations

import multiprocessing
import random

import pytest
from builders import make_document, make_event, make_mention

from comity.models import Document, EntityKind
from comity.store import Store, open_store
from comity.store.stories import link_to_story

WRITERS = 3
DOCUMENTS = 24
STATES = ("KAZ", "KGZ", "UZB", "TJK", "TKM", "AZE", "TUR", "GEO")


def _document(number: int) -> Document:
    return make_document(
        f"Report {number}: delegations of two neighbours met and signed a protocol."
    )


def _save_all(url: str, seed: int) -> tuple[int, int]:
    """Save every document in an order of its own, linking each to its story as an
    ingest does; returns (documents this writer added, documents it skipped)."""
    order = list(range(DOCUMENTS))
    random.Random(seed).shuffle(order)
    added = skipped = 0
    with open_store(url) as store:
        for number in order:
            doc = _document(number)
            # Overlapping entities in clashing orders: the upserts must not deadlock.
            codes = random.Random(seed * 100 + number).sample(STATES, 4)
            mentions = [
                make_mention(code, n * 5, code, kind=EntityKind.STATE)
                for n, code in enumerate(codes)
            ]
            events = [
                make_event(doc, f"{doc.id[:12]}-{n}", source=codes[n], target=codes[n + 1])
                for n in range(3)
            ]
            if store.save_document(doc, mentions, events):
                added += 1
                link_to_story(store, doc)
            else:
                skipped += 1
    return added, skipped


@pytest.mark.slow
def test_concurrent_writers_store_every_document_once(store: Store, db_url: str) -> None:
    with multiprocessing.get_context("fork").Pool(WRITERS) as pool:
        results = pool.starmap(_save_all, [(db_url, seed) for seed in range(WRITERS)])
    assert sum(added for added, _ in results) == DOCUMENTS
    assert sum(skipped for _, skipped in results) == DOCUMENTS * (WRITERS - 1)
    stats = store.stats()
    assert (stats["documents"], stats["events"]) == (DOCUMENTS, DOCUMENTS * 3)
    assert stats["entities"] == len(STATES)
    for number in range(DOCUMENTS):
        assert len(store.mentions(_document(number).id)) == 4
