"""What relation derivation sees of one sentence: its text, actors, dates and events."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from comity.models import Claim, ClaimBasis, Event, Mention, RelationKind, TimeExpr


@dataclass(frozen=True)
class SentenceActor:
    """A name in the sentence that can hold a relation, at sentence offsets."""

    start: int
    end: int
    code: str
    mention: Mention


@dataclass
class SentenceContext:
    """One sentence of a document, everything in it at sentence offsets."""

    doc_id: str
    offset: int  # where the sentence starts in the document
    text: str
    paragraph: int
    actors: list[SentenceActor]
    places: list[SentenceActor]  # cities and capitals named as places, with their state
    dates: list[TimeExpr]  # at document offsets
    events: list[Event] = field(default_factory=list)
    day: date | None = None  # the day roles are resolved on

    def date_near(self, position: int, *, before: int = 80, after: int = 80) -> TimeExpr | None:
        """The date closest to sentence offset `position` within the given distances."""
        best: tuple[int, TimeExpr] | None = None
        for expr in self.dates:
            start, end = expr.start - self.offset, expr.end - self.offset
            distance = start - position if start >= position else position - end
            limit = after if start >= position else before
            if distance <= limit and (best is None or distance < best[0]):
                best = (distance, expr)
        return best[1] if best else None

    def claim(
        self,
        kind: RelationKind,
        a: str,
        b: str | None,
        *,
        basis: ClaimBasis,
        confidence: float,
        object: str | None = None,
        object_key: str | None = None,
        since: str | None = None,
        until: str | None = None,
        since_inferred: bool = False,
        negated: bool = False,
        event_id: str | None = None,
    ) -> Claim:
        return Claim(
            id=claim_id(self.doc_id, self.offset, kind, a, b, object_key),
            doc_id=self.doc_id,
            kind=kind,
            a=a,
            b=b,
            object=object,
            object_key=object_key,
            since=since,
            until=until,
            since_inferred=since_inferred,
            negated=negated,
            basis=basis,
            event_id=event_id,
            sentence=self.text,
            span_start=self.offset,
            span_end=self.offset + len(self.text),
            confidence=confidence,
        )

    def claim_with_partner(self, claim: Claim, partner: str) -> Claim:
        """`claim` with its other party filled in (and its id made anew)."""
        return claim.model_copy(
            update={
                "b": partner,
                "id": claim_id(
                    self.doc_id, self.offset, claim.kind, claim.a, partner, claim.object_key
                ),
            }
        )


def claim_id(
    doc_id: str, offset: int, kind: RelationKind, a: str, b: str | None, key: str | None
) -> str:
    """Stable across runs: the same sentence stating the same relation gets the same id."""
    text = "\x1f".join((doc_id, str(offset), kind.value, a, b or "", key or ""))
    return hashlib.blake2b(text.encode(), digest_size=10).hexdigest()
