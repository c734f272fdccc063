from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from builders import make_document, make_event

from comity.errors import NotFound, StoreError
from comity.ingest import normalise_text
from comity.models import Document
from comity.store import Store, open_store
from comity.store.stories import (
    StoryLinker,
    count_distinct_events,
    distinct_events,
    link_to_story,
    link_unclustered_documents,
    reported_by,
    story_copies,
    story_documents,
    story_of,
)

NEARDUP = Path(__file__).parents[1] / "ingest" / "fixtures" / "neardup"


def fixture_document(name: str) -> Document:
    text = normalise_text((NEARDUP / f"{name}.txt").read_text("utf-8"))
    return make_document(text, source=f"wire/{name}.txt")


def save(store: Store, doc: Document, *events_of_doc: dict[str, object]) -> None:
    events = [
        make_event(doc, f"{doc.id[:8]}-{n}", **fields) for n, fields in enumerate(events_of_doc)
    ]
    assert store.save_document(doc, [], events)


def test_the_first_document_of_a_story_names_it(store: Store) -> None:
    original = fixture_document("dup01_a")
    save(store, original)
    link = link_to_story(store, original)
    assert (link.story_id, link.is_copy) == (original.id, False)
    assert story_of(store, original.id) == original.id


def test_a_near_copy_joins_the_story_of_what_it_copies(store: Store) -> None:
    original, copy = fixture_document("dup05_a"), fixture_document("dup05_b")
    other = fixture_document("diff01_a")
    for doc in (original, other, copy):
        save(store, doc)
        link_to_story(store, doc)
    assert story_of(store, copy.id) == original.id
    assert story_of(store, other.id) == other.id
    assert story_documents(store, original.id) == [original.id, copy.id]
    again = link_to_story(store, copy)
    assert again.matched_doc == original.id and again.similarity is not None


def test_a_template_release_about_another_country_is_its_own_story(store: Store) -> None:
    first, second = fixture_document("diff02_a"), fixture_document("diff02_b")
    for doc in (first, second):
        save(store, doc)
        link_to_story(store, doc)
    assert story_of(store, second.id) == second.id


def test_unknown_documents_and_stories_are_not_found(store: Store) -> None:
    with pytest.raises(NotFound):
        story_of(store, "f" * 24)
    with pytest.raises(NotFound):
        story_documents(store, "f" * 24)


def test_documents_stored_before_clustering_are_linked_later(store: Store) -> None:
    original, copy = fixture_document("dup03_a"), fixture_document("dup03_b")
    save(store, original)
    save(store, copy)
    assert story_of(store, copy.id) == copy.id  # not clustered yet: alone
    assert link_unclustered_documents(store) == 2
    assert story_of(store, copy.id) == original.id
    assert link_unclustered_documents(store) == 0
    assert story_copies(store) == {copy.id: original.id}


def test_events_of_a_copy_are_further_reports_not_new_events(store: Store) -> None:
    original, copy = fixture_document("dup07_a"), fixture_document("dup07_b")
    unrelated = fixture_document("diff06_a")
    talks = {"source": "AZE", "target": "ARM", "cameo": "040", "date": "2025-03-10"}
    save(store, original, talks, {**talks, "cameo": "057"})
    save(store, copy, talks)
    save(store, unrelated, talks)  # same key, another story: its own event
    for doc in (original, copy, unrelated):
        link_to_story(store, doc)

    found = list(distinct_events(store))
    assert store.count_events() == 4
    assert count_distinct_events(store) == len(found) == 3
    [reported_twice] = [item for item in found if len(item.reports) == 2]
    assert reported_twice.event.doc_id == original.id  # the first ingested report
    assert reported_twice.story_id == original.id
    assert reported_twice.sources == ("wire/dup07_a.txt", "wire/dup07_b.txt")
    assert reported_by(reported_twice) == "wire/dup07_a.txt (+1)"
    alone = [item for item in found if item.event.doc_id == unrelated.id]
    assert [reported_by(item) for item in alone] == ["wire/diff06_a.txt"]


def test_distinct_events_take_the_event_filters_and_paging(store: Store) -> None:
    original, copy = fixture_document("dup09_a"), fixture_document("dup09_b")
    visit = {"source": "NATO", "target": "TUR", "cameo": "042", "date": "2025-02-04"}
    save(store, original, visit, {"source": "TUR", "target": "RUS", "cameo": "010"})
    save(store, copy, visit)
    for doc in (original, copy):
        link_to_story(store, doc)
    assert [item.event.source for item in distinct_events(store, actor="NATO")] == ["NATO"]
    assert count_distinct_events(store, actor="TUR") == 2
    assert len(list(distinct_events(store, limit=1))) == 1
    assert len(list(distinct_events(store, limit=5, offset=1))) == 1
    with pytest.raises(ValueError, match="limit"):
        list(distinct_events(store, limit=-1))


def test_a_version_2_database_gets_the_story_tables(db_path: Path) -> None:
    open_store(db_path).close()
    connection = sqlite3.connect(db_path)
    with connection:
        for table in ("story_buckets", "story_members", "fetched_pages"):
            connection.execute(f"DROP TABLE {table}")
        connection.execute("DELETE FROM schema_migrations WHERE version >= 3")
    connection.close()
    with open_store(db_path) as store:
        doc = fixture_document("dup02_a")
        save(store, doc)
        assert link_to_story(store, doc).story_id == doc.id
    connection = sqlite3.connect(db_path)
    versions = [row[0] for row in connection.execute("SELECT version FROM schema_migrations")]
    connection.close()
    assert 3 in versions


def test_a_document_saved_with_its_linker_is_in_its_story_at_once(store: Store) -> None:
    original, copy = fixture_document("dup05_a"), fixture_document("dup05_b")
    for doc in (original, copy):
        linker = StoryLinker(doc)
        assert store.save_document(doc, [], [], within=linker.link)
    assert linker.result is not None and linker.result.is_copy
    assert story_of(store, copy.id) == original.id
    assert link_unclustered_documents(store) == 0
    assert story_copies(store) == {copy.id: original.id}


def test_a_failing_link_stores_nothing_of_the_document(store: Store) -> None:
    doc = fixture_document("dup01_a")

    def fail(_connection: object) -> None:
        raise StoreError("the story table is unreachable")

    with pytest.raises(StoreError):
        store.save_document(doc, [], [], within=fail)
    assert doc.id not in store.stored_ids([doc.id])
