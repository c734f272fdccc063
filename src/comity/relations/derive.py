"""The relation stage of extraction: a document's events and sentences in, claims out.

Runs right after event coding, on the same sentences and dates, so that a document's
claims are stored in the same transaction as its events.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from comity.extract.actors import ActorResolver
from comity.kb import KnowledgeBase
from comity.models import Claim, Document, EntityKind, Event, Mention, RelationKind, TimeExpr
from comity.nlp.sentences import SentenceSpan
from comity.relations.context import SentenceActor, SentenceContext
from comity.relations.from_events import claims_from_events
from comity.relations.rules import RelationRules
from comity.relations.statements import StatementReader

# How far back (in sentences of the same paragraph) a one-sided claim looks for the
# other party: "Three countries appointed ambassadors to Cyprus. Kyrgyzstan, while
# not yet establishing formal diplomatic representation, ..."
_PARTNER_LOOKBACK = 2


@dataclass(frozen=True)
class SentenceInput:
    span: SentenceSpan
    mentions: Sequence[Mention]


class ClaimDeriver:
    """Derives relation claims from one document's coded sentences."""

    def __init__(self, kb: KnowledgeBase, rules: RelationRules | None = None) -> None:
        self.kb = kb
        self.rules = rules or RelationRules.load()
        self.resolver = ActorResolver(kb)
        self.statements = StatementReader(self.rules, kb)

    def derive(
        self,
        document: Document,
        sentences: Iterable[SentenceInput],
        events: Sequence[Event],
        dates: Sequence[TimeExpr],
    ) -> list[Claim]:
        by_sentence: dict[int, list[Event]] = {}
        for event in events:
            by_sentence.setdefault(event.span_start, []).append(event)
        contexts = [
            self._context(document, sentence, by_sentence.get(sentence.span.start, []), dates)
            for sentence in sentences
        ]
        found: list[tuple[SentenceContext, Claim]] = []
        for context in contexts:
            if not context.actors:
                continue
            for claim in (
                *claims_from_events(context, self.rules, self.kb),
                *self.statements.claims(context),
            ):
                found.append((context, claim))
        return _distinct(_with_partners(found))

    def _context(
        self,
        document: Document,
        sentence: SentenceInput,
        events: list[Event],
        dates: Sequence[TimeExpr],
    ) -> SentenceContext:
        span = sentence.span
        in_sentence = [expr for expr in dates if span.start <= expr.start < span.end]
        day = _day_of(in_sentence, document.published)
        actors, places = [], []
        for mention in sentence.mentions:
            item = self._sentence_actor(mention, span.start, day)
            if item is None:
                continue
            if mention.kind is EntityKind.PLACE:
                places.append(item)
            else:
                actors.append(item)
        return SentenceContext(
            doc_id=document.id,
            offset=span.start,
            text=document.text[span.start : span.end],
            paragraph=span.paragraph,
            actors=actors,
            places=places,
            dates=in_sentence,
            events=events,
            day=day,
        )

    def _sentence_actor(
        self, mention: Mention, offset: int, day: date | None
    ) -> SentenceActor | None:
        start, end = mention.start - offset, mention.end - offset
        if mention.kind is EntityKind.PLACE:
            return SentenceActor(start, end, mention.code, mention) if mention.code else None
        actor = self.resolver.resolve(mention, day)
        return SentenceActor(start, end, actor.code, mention) if actor else None


def _day_of(dates: Sequence[TimeExpr], published: date | None) -> date | None:
    explicit = [expr for expr in dates if not expr.relative]
    return explicit[0].first if explicit else (dates[0].first if dates else published)


def _with_partners(found: list[tuple[SentenceContext, Claim]]) -> list[Claim]:
    """Claims with their missing other party filled from the claims just before them
    in the same paragraph; one-sided claims that find none are dropped, except
    treaty accessions, whose other parties the treaty itself gives."""
    claims: list[Claim] = []
    for index, (context, claim) in enumerate(found):
        if claim.b is not None or claim.kind is RelationKind.TREATY:
            claims.append(claim)
            continue
        partner = _recent_partner(found[:index], context, claim)
        if partner is not None:
            claims.append(context.claim_with_partner(claim, partner))
    return claims


def _recent_partner(
    earlier: list[tuple[SentenceContext, Claim]], context: SentenceContext, claim: Claim
) -> str | None:
    offsets = sorted({c.offset for c, _ in earlier if c.paragraph == context.paragraph})
    window = set(offsets[-_PARTNER_LOOKBACK:])
    for other_context, other in reversed(earlier):
        if other_context.offset not in window and other_context.offset != context.offset:
            continue
        if other.kind is claim.kind and other.b is not None and other.b != claim.a:
            return other.b
    return None


def _distinct(claims: list[Claim]) -> list[Claim]:
    """One claim per id: an event's claim first, named by a statement's when it has none."""
    seen: dict[str, Claim] = {}
    for claim in claims:
        kept = seen.setdefault(claim.id, claim)
        if kept.object is None and claim.object is not None:
            seen[claim.id] = kept.model_copy(update={"object": claim.object})
    return list(seen.values())
