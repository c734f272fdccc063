"""Relation state and its sources, from the relation index (comity.relations).

The index is optional: a server without it answers with empty lists and
`relations_available: false`. It is built from the store's claims and rebuilt
when the number of stored documents changes (checked every few seconds), so a
server sees what an ingest running beside it adds. Relations are converted to
the API's own models here.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from comity.models import Event
from comity.store import Store
from comity.store.aggregates import count_documents
from comity.web.schemas import RelationEvidence, RelationOut, RelationSource

RECHECK_SECONDS = 5.0


def relation_index_builder() -> Callable[[Store], Any] | None:
    """`RelationIndex.from_store`, or None when comity.relations is not installed."""
    try:
        from comity.relations import RelationIndex
    except ImportError:
        return None
    build: Callable[[Store], Any] = RelationIndex.from_store
    return build


class RelationCache:
    """A store's relation index, rebuilt when documents are added."""

    def __init__(
        self,
        store: Store,
        build: Callable[[Store], Any],
        *,
        recheck_seconds: float = RECHECK_SECONDS,
    ) -> None:
        self._store = store
        self._build = build
        self._recheck = recheck_seconds
        self._lock = threading.Lock()
        self._index: Any = None
        self._documents = -1
        self._checked = float("-inf")

    def index(self) -> Any:
        with self._lock:
            if time.monotonic() - self._checked >= self._recheck:
                self._refresh()
            return self._index

    def invalidate(self) -> None:
        with self._lock:
            self._checked = float("-inf")

    def _refresh(self) -> None:
        documents = count_documents(self._store)
        if documents != self._documents or self._index is None:
            self._index = self._build(self._store)
            self._documents = documents
        self._checked = time.monotonic()


class FixedRelations(RelationCache):
    """An index built by the caller, answered as it is (never rebuilt)."""

    def __init__(self, index: Any) -> None:
        self._fixed = index

    def index(self) -> Any:
        return self._fixed

    def invalidate(self) -> None:
        pass


def relation_out(relation: Any) -> RelationOut:
    data = relation.model_dump(mode="json") if hasattr(relation, "model_dump") else relation
    return RelationOut.model_validate(data)


def relations_out(relations: Iterable[Any]) -> list[RelationOut]:
    return [relation_out(relation) for relation in relations]


def evidence_for_event(cache: RelationCache | None, event: Event) -> list[RelationEvidence]:
    """Relations of the event's dyad that cite its sentence, with the stance it takes."""
    if cache is None or event.source is None or event.target is None:
        return []
    evidence = []
    for relation in relations_out(cache.index().dyad(event.source, event.target)):
        stance = _stance_of(relation.sources, event)
        if stance is not None:
            evidence.append(RelationEvidence(relation=relation, stance=stance))
    return evidence


def _stance_of(sources: Iterable[RelationSource], event: Event) -> Any:
    for source in sources:
        if source.event_id == event.id or (
            source.doc_id == event.doc_id
            and source.start <= event.span_start
            and event.span_end <= source.end
        ):
            return source.stance
    return None
