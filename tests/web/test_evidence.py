"""The relation cache: built from the store, rebuilt when documents are added."""

from __future__ import annotations

import builders

from comity.store import Store
from comity.web.evidence import RelationCache, relation_index_builder


def test_the_index_is_rebuilt_only_when_documents_change(memory_store: Store) -> None:
    builds: list[int] = []

    def build(store: Store) -> list[int]:
        builds.append(store.stats()["documents"])
        return builds

    cache = RelationCache(memory_store, build, recheck_seconds=0.0)
    cache.index()
    cache.index()
    assert builds == [5]
    doc = builders.make_document("Georgia thanked Armenia.", source="news/thanks.txt")
    memory_store.save_document(doc, [], [])
    cache.index()
    assert builds == [5, 6]


def test_between_rechecks_the_index_is_kept(memory_store: Store) -> None:
    builds: list[int] = []
    cache = RelationCache(memory_store, lambda store: builds.append(1), recheck_seconds=3600)
    cache.index()
    memory_store.save_document(builders.make_document("Another text."), [], [])
    cache.index()
    assert builds == [1]
    cache.invalidate()
    cache.index()
    assert builds == [1, 1]


def test_the_builder_is_the_relation_index() -> None:
    from comity.relations import RelationIndex

    assert relation_index_builder() == RelationIndex.from_store
