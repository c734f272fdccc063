"""Relation claims from coded events: "established diplomatic relations", "joined NATO".

Each rule of `rules.toml` names the CAMEO codes, trigger words and sentence cues of
events that start or end a relation; the event's actors become the relation's
parties and its date the relation's start (or end).
"""

from __future__ import annotations

from collections.abc import Iterator

from comity.kb import KnowledgeBase
from comity.models import Claim, ClaimBasis, EntityKind, Event, Mode, RelationKind
from comity.relations.context import SentenceContext, mission_key
from comity.relations.objects import Found, find_instruments, find_positions
from comity.relations.rules import EventRule, RelationRules

_EVENT_CONFIDENCE = 0.8


def claims_from_events(
    context: SentenceContext, rules: RelationRules, kb: KnowledgeBase
) -> Iterator[Claim]:
    """Claims of the sentence's asserted and negated events, one per event and kind."""
    for event in context.events:
        if event.source is None or event.mode not in (Mode.ASSERTED, Mode.NEGATED):
            continue
        done: set[RelationKind] = set()
        for rule in rules.events:
            if rule.kind in done or not _applies(rule, event, context, kb):
                continue
            claim = _claim(rule, event, context, rules, kb)
            if claim is not None:
                done.add(rule.kind)
                yield claim


def _applies(rule: EventRule, event: Event, context: SentenceContext, kb: KnowledgeBase) -> bool:
    if not event.cameo.startswith(rule.cameo):
        return False
    if rule.triggers is not None and not rule.triggers.match(event.trigger):
        return False
    if rule.cues is not None and not rule.cues.search(context.text):
        return False
    return rule.target is None or _kind_of(event.target, kb) == rule.target


def _kind_of(code: str | None, kb: KnowledgeBase) -> str | None:
    entity = kb.get(code) if code else None
    if entity is None:
        return None
    return "organisation" if entity.kind is EntityKind.ORGANISATION else "state"


def _claim(
    rule: EventRule,
    event: Event,
    context: SentenceContext,
    rules: RelationRules,
    kb: KnowledgeBase,
) -> Claim | None:
    assert event.source is not None
    b, found = event.target, None
    if rule.needs == "instrument":
        found = _nearest(find_instruments(context.text, rules), event, context)
    elif rule.needs == "position":
        states = {actor.start: (actor.code, actor.mention.text) for actor in context.actors}
        found = _nearest(find_positions(context.text, rules, states), event, context)
        b = found.favours if found else None
    if (rule.needs and found is None) or b == event.source:
        return None
    name, key = (found.name, found.key) if found else (None, None)
    if rule.kind is RelationKind.MEMBERSHIP and b is not None:
        entity = kb.get(b)
        name, key = (entity.name if entity else b), b
    elif rule.kind in (RelationKind.EMBASSY, RelationKind.CONSULATE) and b is not None:
        key = mission_key(rule.kind, event.source, b)
    return _event_claim(rule, event, context, b, name, key)


def _event_claim(
    rule: EventRule,
    event: Event,
    context: SentenceContext,
    b: str | None,
    object_name: str | None,
    object_key: str | None,
) -> Claim:
    assert event.source is not None
    negated = (event.mode is Mode.NEGATED) != rule.negated
    return context.claim(
        rule.kind,
        event.source,
        b,
        basis=ClaimBasis.EVENT,
        confidence=min(event.confidence, _EVENT_CONFIDENCE),
        object=object_name,
        object_key=object_key,
        since=None if rule.ends else event.date,
        until=event.date if rule.ends else None,
        since_inferred=event.date_inferred and not rule.ends,
        negated=negated,
        event_id=event.id,
    )


def _nearest(found: list[Found], event: Event, context: SentenceContext) -> Found | None:
    trigger = event.trigger_start - context.offset
    return min(found, key=lambda item: abs(item.start - trigger), default=None)
