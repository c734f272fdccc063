from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from builders import make_document, make_event, make_mention
from sqlalchemy import select

from comity.errors import NotFound, StoreError
from comity.models import Document, EntityKind, Mode, NameKind, Precision
from comity.store import Store, open_store, schema


def _entities(store: Store) -> dict[str, tuple[str | None, str | None]]:
    rows = store._rows(select(schema.entities))
    return {row["code"]: (row["kind"], row["name"]) for row in rows}


# -- opening -------------------------------------------------------------------


def test_a_directory_is_not_a_database(tmp_path: Path) -> None:
    folder = tmp_path / "x.db"
    folder.mkdir()
    with pytest.raises(StoreError, match="x.db is not a SQLite database"):
        open_store(folder)


def test_a_text_file_is_not_a_database(tmp_path: Path) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("these are meeting notes, not a database\n" * 50)
    with pytest.raises(StoreError, match="notes.db is not a SQLite database"):
        open_store(notes)


def test_opening_creates_the_file_and_its_folders(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b" / "comity.db"
    open_store(target).close()
    assert target.is_file()


# -- saving ------------------------------------------------------------------------


def test_a_store_names_its_kind_of_database(store: Store, db_url: str) -> None:
    assert store.backend in {"sqlite", "postgresql"}
    assert db_url.startswith(store.backend) or (store.backend == "sqlite" and "://" not in db_url)


def test_a_saved_document_comes_back_unchanged(store: Store, water_talks: Document) -> None:
    mentions = [make_mention("Kazakh", 0, "KAZ", name_kind=NameKind.ADJECTIVE)]
    event = make_event(water_talks, "a1b2c3d4e5f6", date="2023-05-12", date_precision=Precision.DAY)
    assert store.save_document(water_talks, mentions, [event]) is True
    assert store.has_document(water_talks.id)
    assert store.document(water_talks.id) == water_talks
    assert store.document_source(water_talks.id) == "feeds/water-talks.html"
    assert store.mentions(water_talks.id) == mentions
    assert store.event(event.id) == event


def test_a_document_without_publication_date_round_trips(store: Store) -> None:
    doc = make_document("Azerbaijan recalled its envoy.", source="stdin")
    store.save_document(doc, [], [])
    assert store.document(doc.id) == doc


def test_a_day_date_without_precision_keeps_its_day(store: Store) -> None:
    doc = make_document("Tajik envoys arrived.", published=date(2024, 2, 29))
    store.save_document(doc, [], [])
    assert store.document(doc.id).published == date(2024, 2, 29)


def test_saving_the_same_document_again_writes_nothing(store: Store, water_talks: Document) -> None:
    event = make_event(water_talks, "dup000000001")
    mention = make_mention("Kyrgyz", 10, "KGZ")
    assert store.save_document(water_talks, [mention], [event]) is True
    assert store.save_document(water_talks, [mention], [event]) is False
    stats = store.stats()
    assert (stats["documents"], stats["events"]) == (1, 1)
    assert len(store.mentions(water_talks.id)) == 1


def test_entities_come_from_mentions_and_event_actors(store: Store) -> None:
    doc = make_document("Uzbek and Turkmen delegations signed a gas memorandum.")
    mentions = [
        make_mention("Uzbek", 0, "UZB", name_kind=NameKind.ADJECTIVE),
        make_mention("Turkmen", 10, "TKM", name_kind=NameKind.ADJECTIVE),
        make_mention("delegations", 18, None, kind=None),
    ]
    event = make_event(
        doc,
        "ent000000001",
        source="UZB",
        source_name="Uzbekistan",
        target="TKM",
        target_name="Turkmenistan",
    )
    store.save_document(doc, mentions, [event])
    assert _entities(store) == {
        "UZB": ("state", "Uzbekistan"),
        "TKM": ("state", "Turkmenistan"),
    }


def test_a_known_entity_gains_a_missing_name_but_keeps_its_own(store: Store) -> None:
    first = make_document("The Turkic Council summit opened.")
    store.save_document(
        first, [make_mention("Turkic Council", 4, "OTS", kind=EntityKind.ORGANISATION)], []
    )
    assert _entities(store)["OTS"] == ("organisation", None)
    second = make_document("The OTS welcomed Hungary as an observer.")
    event = make_event(
        second,
        "ots000000001",
        source="OTS",
        source_name="Organization of Turkic States",
        target="HUN",
        target_name="Hungary",
    )
    store.save_document(second, [], [event])
    third = make_document("OTS ministers met again.")
    renamed = make_event(third, "ots000000002", source="OTS", source_name="Another name")
    store.save_document(third, [], [renamed])
    assert _entities(store)["OTS"] == ("organisation", "Organization of Turkic States")


def test_colliding_event_ids_store_nothing_of_the_document(
    store: Store, water_talks: Document
) -> None:
    first = make_event(water_talks, "same00000001")
    second = make_event(water_talks, "same00000001", span_start=5)
    mention = make_mention("Kazakh", 0, "KAZ")
    with pytest.raises(StoreError, match=water_talks.id):
        store.save_document(water_talks, [mention], [first, second])
    assert not store.has_document(water_talks.id)
    assert store.stats() == {
        "documents": 0,
        "events": 0,
        "relation_claims": 0,
        "entities": 0,
        "runs": 0,
    }


def test_a_failure_after_earlier_documents_keeps_them_and_drops_only_the_failing_one(
    store: Store,
) -> None:
    kept = make_document("Georgia and Armenia held consultations.")
    store.save_document(kept, [], [make_event(kept, "clash0000001", source="GEO", target="ARM")])
    failing = make_document("Mongolia hosted a forum.")
    mention = make_mention("Mongolia", 0, "MNG")
    clash = make_event(failing, "clash0000001", source="MNG", source_name="Mongolia")
    with pytest.raises(StoreError):
        store.save_document(failing, [mention], [clash])
    assert store.has_document(kept.id)
    assert not store.has_document(failing.id)
    assert "MNG" not in _entities(store)
    assert store.count_events() == 1


def test_an_event_of_another_document_is_refused(store: Store, water_talks: Document) -> None:
    other = make_document("Some other text.")
    with pytest.raises(StoreError, match="belongs to document"):
        store.save_document(water_talks, [], [make_event(other, "other0000001")])
    assert not store.has_document(water_talks.id)


def test_an_unreadable_event_date_is_a_store_error(store: Store, water_talks: Document) -> None:
    with pytest.raises(StoreError, match="invalid date"):
        store.save_document(water_talks, [], [make_event(water_talks, "bad000000001", date="May")])


def test_saving_many_documents_is_fast(store: Store) -> None:
    docs = [make_document(f"Report {n}: the sides met and signed protocols.") for n in range(60)]
    started = time.perf_counter()
    for n, doc in enumerate(docs):
        events = [make_event(doc, f"speed{n:03d}{k:04d}", span_start=k) for k in range(10)]
        mentions = [make_mention("sides", 14, None, kind=None)] * 3
        store.save_document(doc, mentions, events)
    elapsed = time.perf_counter() - started
    assert store.count_events() == 600
    assert elapsed < 6.0, f"60 documents took {elapsed:.1f}s"  # the ingest needs ~30/s


# -- runs ------------------------------------------------------------------------


def test_runs_are_recorded_and_linked_to_their_documents(
    store: Store, water_talks: Document
) -> None:
    run_id = store.start_run("ingest news/ --lang en")
    store.save_document(water_talks, [], [], run_id=run_id)
    store.finish_run(run_id, added=1, skipped=2, rejected=3, events=0, status="partial")
    [run] = store.runs()
    assert (run.id, run.arguments, run.status) == (run_id, "ingest news/ --lang en", "partial")
    assert (run.documents_added, run.documents_skipped, run.documents_rejected) == (1, 2, 3)
    assert run.finished_at is not None
    linked = store._scalar(select(schema.documents.c.run_id))
    assert linked == run_id
    assert store.stats()["runs"] == 1


def test_finishing_an_unknown_run_is_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        store.finish_run(404, added=0, skipped=0, rejected=0, events=0)


# -- looking up ------------------------------------------------------------------


def test_an_event_is_found_by_a_unique_prefix(store: Store, water_talks: Document) -> None:
    event = make_event(water_talks, "7f3e9a0b1c2d", mode=Mode.INTENDED)
    store.save_document(water_talks, [], [event])
    assert store.event("7f3e9a") == event


def test_a_short_or_ambiguous_prefix_is_not_found(store: Store, water_talks: Document) -> None:
    events = [make_event(water_talks, "abcdef111111"), make_event(water_talks, "abcdef222222")]
    store.save_document(water_talks, [], events)
    with pytest.raises(NotFound, match="ambiguous"):
        store.event("abcdef")
    with pytest.raises(NotFound):
        store.event("abcde")
    assert store.event("abcdef2").id == "abcdef222222"


def test_a_prefix_with_like_wildcards_matches_literally(
    store: Store, water_talks: Document
) -> None:
    store.save_document(water_talks, [], [make_event(water_talks, "abcdef111111")])
    with pytest.raises(NotFound):
        store.event("abc%%%")
    with pytest.raises(NotFound):
        store.event("abcde_")


def test_unknown_ids_are_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        store.event("0123456789")
    with pytest.raises(NotFound):
        store.document("0123456789")
    with pytest.raises(NotFound):
        store.document_source("0123456789")
    with pytest.raises(NotFound):
        store.mentions("0123456789")
    assert store.has_document("0123456789") is False


def test_stats_count_each_table(store: Store, water_talks: Document) -> None:
    mentions = [make_mention("Kazakh", 0, "KAZ"), make_mention("Kyrgyz", 10, "KGZ")]
    events = [make_event(water_talks, f"stat{n:08d}") for n in range(3)]
    store.save_document(water_talks, mentions, events)
    store.start_run("ingest")
    assert store.stats() == {
        "documents": 1,
        "events": 3,
        "relation_claims": 0,
        "entities": 2,
        "runs": 1,
    }


# -- stored ids (issue 9: one lookup per batch of sources) ------------------------


def test_stored_ids_names_only_the_stored_documents(store: Store, water_talks: Document) -> None:
    other = make_document("Uzbek and Tajik ministers met in Dushanbe on 3 June 2023.")
    assert store.stored_ids([water_talks.id, other.id]) == set()
    store.save_document(water_talks, [], [])
    assert store.stored_ids([water_talks.id, other.id, water_talks.id]) == {water_talks.id}
    assert store.stored_ids([]) == set()


def test_a_documents_author_is_stored(store: Store) -> None:
    doc = make_document("Kyrgyzstan recalled its envoy.").model_copy(
        update={"author": "Aibek Osmonov"}
    )
    store.save_document(doc, [], [])
    assert store.document(doc.id).author == "Aibek Osmonov"
