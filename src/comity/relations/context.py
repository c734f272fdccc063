"""What relation derivation sees of one sentence: its text, actors, dates and events."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from comity.models import Claim, ClaimBasis, Event, Mention, RelationKind, TimeExpr

# Relations that read the same either way round; the others have a direction
# (an embassy's owner and host, a member and its organisation, a supporter and the
# state whose position it backs).
SYMMETRIC = frozenset(
    {RelationKind.DIPLOMATIC_RELATIONS, RelationKind.TREATY, RelationKind.ALLIANCE}
)


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

    def date_near(
        self, start: int, end: int | None = None, *, before: int = 80, after: int = 80
    ) -> TimeExpr | None:
        """The date closest to the sentence span `start`..`end` (a point when `end` is
        None), at most `before` characters before it or `after` characters after it."""
        end = start if end is None else end
        best: tuple[int, TimeExpr] | None = None
        for expr in self.dates:
            first, last = expr.start - self.offset, expr.end - self.offset
            is_after = first >= end
            distance = first - end if is_after else max(0, start - last)
            limit = after if is_after else before
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
    """Stable across runs: the same sentence stating the same relation gets the same id
    (for a symmetric relation, whichever way round the sentence puts the pair)."""
    if kind in SYMMETRIC and b is not None and b < a:
        a, b = b, a
    text = "\x1f".join((doc_id, str(offset), kind.value, a, b or "", key or ""))
    return hashlib.blake2b(text.encode(), digest_size=10).hexdigest()


def mission_key(kind: RelationKind, owner: str, host: str) -> str:
    """The object key of an embassy or consulate: one per owner and host state."""
    return f"{kind.value}:{owner}:{host}"
