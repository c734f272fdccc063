"""Querying relations: the merged records of a store, by actor, pair, date and kind.

`RelationIndex` holds every record to answer questions about them;
`stream_relations` gives the records one at a time, for exports (issue 10).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from comity.models import RelationKind
from comity.relations.context import SYMMETRIC
from comity.relations.merge import OBJECT_KEYED, merge_claim_groups, merge_claims
from comity.relations.records import Relation
from comity.store import Store
from comity.store.stories import story_copies


class RelationIndex:
    """The relation records merged from a store's claims (all, or one actor's)."""

    def __init__(self, relations: list[Relation]) -> None:
        self._relations = relations

    @classmethod
    def from_store(cls, store: Store, *, actor: str | None = None) -> RelationIndex:
        return cls(merge_claims(store.claims(actor=actor), story_copies(store)))

    def __len__(self) -> int:
        return len(self._relations)

    def relations(
        self,
        actor: str | None = None,
        on: date | None = None,
        kind: str | RelationKind | None = None,
    ) -> list[Relation]:
        """Records naming `actor`, of `kind`, and (with `on`) holding on that day."""
        wanted = RelationKind(kind) if kind is not None else None
        return [
            relation
            for relation in self._relations
            if (actor is None or relation.involves(actor))
            and (wanted is None or relation.kind is wanted)
            and (on is None or relation.holds_on(on))
        ]

    def dyad(self, a: str, b: str, on: date | None = None) -> list[Relation]:
        """Records between `a` and `b`, either way round."""
        pair = {a.upper(), b.upper()}
        return [r for r in self.relations(on=on) if {r.a, r.b} == pair]

    def parties(self, object_key: str) -> list[tuple[str, str | None]]:
        """The parties of a treaty (by its key) and the date each is first known to be
        one, earliest first: a 2021 declaration that a third state joins in 2025."""
        first: dict[str, str | None] = {}
        for relation in self.relations(kind=RelationKind.TREATY):
            if relation.object_key != object_key or relation.negated:
                continue
            for party in (relation.a, relation.b):
                if party is not None and party not in first:
                    first[party] = relation.since
                elif party is not None and relation.since:
                    known = first[party]
                    first[party] = min(known, relation.since) if known else relation.since
        return sorted(first.items(), key=lambda item: (item[1] or "9999", item[0]))

    def conflicts(self) -> list[Relation]:
        """Records that at least one source contradicts."""
        return [relation for relation in self._relations if relation.contradicting]


def stream_relations(store: Store, *, actor: str | None = None) -> Iterator[Relation]:
    """The records of `RelationIndex.from_store(store, actor=actor).relations(actor=actor)`,
    in the same order, merged while the store streams its claims: memory holds one
    relation's claims at a time, whatever the size of the store."""
    claims = store.claims_by_relation(
        symmetric=sorted(kind.value for kind in SYMMETRIC),
        object_keyed=sorted(kind.value for kind in OBJECT_KEYED),
        actor=actor,
    )
    for relation in merge_claim_groups(claims, story_copies(store)):
        if actor is None or relation.involves(actor):
            yield relation
