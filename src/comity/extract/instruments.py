"""Treaties named with their parties and their date, as signing events.

"The founding documents are the Treaty on Eternal Friendship between X and Y of
October 24, 1997": official pages list the treaties of a relationship this way,
with no verb of signing. The relation stage reads such a sentence as a treaty
between X and Y since that day (`comity.relations.statements`); here the same
claim also becomes the signing event it reports (CAMEO 057, each party the other's
target), unless the sentence already has an event of that kind between the two.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from comity.extract.codebook import Codebook
from comity.extract.coder import event_id
from comity.kb import KnowledgeBase
from comity.models import Claim, ClaimBasis, Document, Event, RelationKind, interval_of

SIGN_AGREEMENT = "057"
_CONFIDENCE = 0.6  # a statement, not a report of the act itself


def signing_events(
    document: Document,
    claims: Iterable[Claim],
    events: Sequence[Event],
    codebook: Codebook,
    kb: KnowledgeBase,
    *,
    extractor: str,
) -> list[Event]:
    """The signings that dated, two-party treaty statements among `claims` report."""
    coded = {(e.span_start, e.source, e.target) for e in events if e.cameo.startswith("05")}
    found: dict[str, Event] = {}
    for claim in claims:
        if not _reports_a_signing(claim):
            continue
        other = claim.b or ""
        for source, target in ((claim.a, other), (other, claim.a)):
            if (claim.span_start, source, target) in coded:
                continue
            event = _signing(document, claim, source, target, codebook, kb, extractor)
            if event is not None:
                found.setdefault(event.id, event)
    return list(found.values())


def _reports_a_signing(claim: Claim) -> bool:
    return (
        claim.kind is RelationKind.TREATY
        and claim.basis is ClaimBasis.STATEMENT
        and claim.b is not None
        and claim.since is not None
        and not claim.since_inferred
        and not claim.negated
        and claim.object is not None
    )


def _signing(
    document: Document,
    claim: Claim,
    source: str,
    target: str,
    codebook: Codebook,
    kb: KnowledgeBase,
    extractor: str,
) -> Event | None:
    name = claim.object or ""
    offset = claim.sentence.lower().find(name.lower())
    if offset < 0:
        return None
    trigger_start = claim.span_start + offset
    info = codebook.lookup(SIGN_AGREEMENT)
    _, _, precision = interval_of(claim.since or "")
    return Event(
        id=event_id(document.id, trigger_start, source, target, info.code),
        doc_id=document.id,
        source=source,
        source_name=_name(kb, source),
        target=target,
        target_name=_name(kb, target),
        plover=info.plover or "",
        cameo=info.code,
        goldstein=info.goldstein,
        quad_class=info.quad_class,
        date=claim.since,
        date_precision=precision,
        sentence=claim.sentence,
        span_start=claim.span_start,
        span_end=claim.span_end,
        trigger=document.text[trigger_start : trigger_start + len(name)],
        trigger_start=trigger_start,
        trigger_end=trigger_start + len(name),
        language=document.language or "en",
        confidence=_CONFIDENCE,
        extractor=extractor,
    )


def _name(kb: KnowledgeBase, code: str) -> str:
    entity = kb.get(code)
    return entity.name if entity is not None else code
