"""Merged relations: one record per relation, with every source for and against it."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from comity.models import ClaimBasis, Record, RelationKind, interval_of


class Stance(StrEnum):
    SUPPORTS = "supports"
    CONTRADICTS = "contradicts"


class RelationSource(Record):
    """One sentence's word on a relation, and whether it agrees with the record."""

    claim_id: str
    doc_id: str
    source: str  # the document's path or URL
    sentence: str
    start: int
    end: int
    stance: Stance
    basis: ClaimBasis
    event_id: str | None = None
    since: str | None = None
    negated: bool = False


class Relation(Record):
    """The state of one relation between two actors, merged over all documents."""

    id: str
    a: str
    b: str | None
    kind: RelationKind
    object: str | None = None
    object_key: str | None = None
    since: str | None = None
    until: str | None = None
    negated: bool = False
    confidence: float
    sources: tuple[RelationSource, ...]

    @property
    def supporting(self) -> list[RelationSource]:
        return [s for s in self.sources if s.stance is Stance.SUPPORTS]

    @property
    def contradicting(self) -> list[RelationSource]:
        return [s for s in self.sources if s.stance is Stance.CONTRADICTS]

    @property
    def docs(self) -> list[str]:
        """The documents that support the record, each once, in order."""
        return list(dict.fromkeys(s.source for s in self.supporting))

    def involves(self, code: str) -> bool:
        return code.upper() in (self.a, self.b)

    def holds_on(self, day: date) -> bool:
        """True when the record says the relation held on `day` (undated starts count)."""
        if self.negated:
            return False
        if self.since is not None and interval_of(self.since)[0] > day:
            return False
        return self.until is None or interval_of(self.until)[1] >= day
