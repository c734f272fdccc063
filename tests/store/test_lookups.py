"""Single records by exact id, a document's spans, and the store's version."""

from __future__ import annotations

import builders

from comity.models import Precision
from comity.store import Store, lookups

TEXT = "Bishkek and Astana met. Astana then wrote to Bishkek."


def saved(store: Store) -> str:
    doc = builders.make_document(TEXT, source="news/met.txt", title="Met")
    later = builders.make_event(
        doc,
        "ev-wrote",
        span_start=24,
        span_end=len(TEXT),
        trigger="wrote",
        trigger_start=31,
        trigger_end=36,
        date="2024-02",
        date_precision=Precision.MONTH,
    )
    first = builders.make_event(doc, "ev-met", span_end=23, date="2024-01-09")
    mentions = [
        builders.make_mention("Astana", 24, "KAZ"),
        builders.make_mention("Bishkek", 0, "KGZ"),
    ]
    store.save_document(doc, mentions, [later, first])
    return doc.id


def test_records_are_found_by_their_exact_id_only(store: Store) -> None:
    doc_id = saved(store)
    assert lookups.event_by_id(store, "ev-met") == store.event("ev-met")
    assert lookups.event_by_id(store, "ev-me") is None  # a prefix is `Store.event`'s job
    assert lookups.document_by_id(store, doc_id) == store.document(doc_id)
    assert lookups.document_by_id(store, doc_id[:10]) is None


def test_a_documents_mentions_and_spans_come_in_order(store: Store) -> None:
    doc_id = saved(store)
    assert lookups.document_mentions(store, doc_id) == store.mentions(doc_id)
    spans = lookups.event_spans(store, doc_id)
    assert [span["id"] for span in spans] == ["ev-met", "ev-wrote"]  # by date
    assert spans[1] == {
        "id": "ev-wrote", "span_start": 24, "span_end": len(TEXT), "trigger_start": 31,
        "trigger_end": 36, "plover": "CONSULT", "source": "KAZ", "target": "KGZ",
        "mode": "asserted",
    }  # fmt: skip


def test_the_version_changes_with_each_stored_document_only(store: Store) -> None:
    empty = lookups.data_version(store)
    saved(store)
    after = lookups.data_version(store)
    assert after != empty
    assert lookups.data_version(store) == after  # reading changes nothing
    other = builders.make_document("Dushanbe wrote to Tashkent.")
    store.save_document(other, [], [])
    assert lookups.data_version(store) != after  # a document without events counts too
