"""Merging claims from many sentences and documents into relation records.

Claims about the same relation (same kind, same parties, same treaty or position)
become one record. The record takes the polarity and start date most of its sources
give; a source that says the opposite (negated, or a start date that cannot be the
same) stays on the record as a contradiction instead of being dropped or overwriting
it. Confidence grows with independent documents and shrinks with contradictions.

`merge_claims` merges claims in any order, in memory; `merge_claim_groups` merges
claims that come grouped by relation (`Store.claims_by_relation`) one group at a
time, giving the same records in the same order (issue 10: exports stream).
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from itertools import groupby

from comity.models import Claim, RelationKind, interval_of
from comity.relations.context import SYMMETRIC
from comity.relations.records import Relation, RelationSource, Stance

OBJECT_KEYED = frozenset({RelationKind.TREATY, RelationKind.SUPPORTS_POSITION})

Key = tuple[RelationKind, str, str | None, str | None]
Parties = tuple[str, str | None]


def merge_claims(
    claims: Iterable[tuple[Claim, str]], stories: Mapping[str, str] | None = None
) -> list[Relation]:
    """Relation records from (claim, document source) pairs, in a stable order.

    `stories` maps a document that copies another's story to that story (see
    `comity.store.stories.story_copies`): wire copies count once in a record's
    confidence and in the vote on whether it holds, and are all listed as sources.
    """
    groups: dict[Key, list[tuple[Claim, str]]] = defaultdict(list)
    one_sided: list[tuple[Claim, str]] = []
    for claim, source in claims:
        if claim.b is None:
            one_sided.append((claim, source))
        else:
            groups[relation_key(claim)].append((claim, source))
    first_with_party = _first_group_per_party(groups)
    for claim, source in one_sided:
        key = first_with_party.get((claim.kind, claim.object_key, claim.a), relation_key(claim))
        groups[key].append((claim, source))
    relations = [_record(key, members, stories or {}) for key, members in groups.items()]
    return sorted(relations, key=_listing_order)


def merge_claim_groups(
    claims: Iterable[tuple[Claim, str, Parties]], stories: Mapping[str, str] | None = None
) -> Iterator[Relation]:
    """Relation records from (claim, document source, relation parties) triples that
    come grouped by relation, groups in listing order, as `Store.claims_by_relation`
    gives them: the records and order of `merge_claims`, built one at a time.

    Holds one relation's claims at a time, or those of the few relations that list
    together (treaties between the same two parties), which are sorted by date.
    """
    merged = (
        _record(key, [(claim, source) for claim, source, _ in members], stories or {})
        for key, members in groupby(claims, key=_group_key)
    )
    for _, listed_together in groupby(merged, key=lambda r: _listing_order(r)[:3]):
        yield from sorted(listed_together, key=_listing_order)


def relation_key(claim: Claim) -> Key:
    return _key(claim, claim.a, claim.b)


def _group_key(item: tuple[Claim, str, Parties]) -> Key:
    claim, _, (a, b) = item
    return _key(claim, a, b)


def _key(claim: Claim, a: str, b: str | None) -> Key:
    if claim.kind in SYMMETRIC and b is not None and b < a:
        a, b = b, a
    return claim.kind, a, b, claim.object_key if claim.kind in OBJECT_KEYED else None


def _listing_order(relation: Relation) -> tuple[str, str, str, str, str]:
    return (
        relation.a,
        relation.b or "",
        relation.kind.value,
        relation.since or "",
        relation.id,
    )


def _first_group_per_party(
    pair_groups: Iterable[Key],
) -> dict[tuple[RelationKind, str | None, str], Key]:
    """(kind, object key, party) -> the first group (by parties) of two named parties
    with it: a party to a treaty named without the others joins that record."""
    first: dict[tuple[RelationKind, str | None, str], Key] = {}
    for key in sorted(pair_groups, key=lambda k: (k[1], k[2] or "")):
        kind, a, b, object_key = key
        for party in (a, b):
            if party is not None:
                first.setdefault((kind, object_key, party), key)
    return first


def _record(key: Key, members: list[tuple[Claim, str]], stories: Mapping[str, str]) -> Relation:
    kind, a, b, object_key = key
    first = members[0][0]
    if kind in SYMMETRIC and first.b is not None and (first.b, first.a) == (a, b):
        a, b = first.a, first.b  # keep the orientation the text gave first
    negated = _majority_negated(_once_per_story([claim for claim, _ in members], stories))
    agreeing = [claim for claim, _ in members if claim.negated == negated]
    since = _agreed_since(agreeing)
    until = max((c.until for c in agreeing if c.until), default=None)
    sources = tuple(
        _source(claim, doc, _stance(claim, negated, since, until)) for claim, doc in members
    )
    return Relation(
        id=_relation_id(key),
        a=a,
        b=b,
        kind=kind,
        object=_most_common(c.object for c in agreeing) if agreeing else None,
        object_key=object_key,
        since=since,
        until=until,
        negated=negated,
        confidence=_confidence(members, sources, stories),
        sources=sources,
    )


def _once_per_story(claims: list[Claim], stories: Mapping[str, str]) -> list[Claim]:
    """One claim per story and stance, its most confident: ten wire copies are one voice."""
    best: dict[tuple[str, bool], Claim] = {}
    for claim in claims:
        key = (stories.get(claim.doc_id, claim.doc_id), claim.negated)
        if key not in best or claim.confidence > best[key].confidence:
            best[key] = claim
    return list(best.values())


def _majority_negated(claims: list[Claim]) -> bool:
    weight: dict[bool, float] = {True: 0.0, False: 0.0}
    for claim in claims:
        weight[claim.negated] += claim.confidence
    return weight[True] > weight[False]


def _agreed_since(claims: list[Claim]) -> str | None:
    """The start date most sources agree with (the most precise, then the earliest,
    among equals); a date read off the publication only when no source gives one."""
    stated = [c.since for c in claims if c.since and not c.since_inferred]
    candidates = stated or [c.since for c in claims if c.since]
    if not candidates:
        return None
    support = {
        value: sum(1 for other in candidates if _overlap(value, other)) for value in candidates
    }
    best = max(support.values())
    tied = [value for value, count in support.items() if count == best]
    return min(tied, key=lambda value: (-len(value), value))


def _stance(claim: Claim, negated: bool, since: str | None, until: str | None) -> Stance:
    if claim.negated != negated and not (claim.negated and until is not None):
        return Stance.CONTRADICTS
    if claim.since and not claim.since_inferred and since and not _overlap(claim.since, since):
        return Stance.CONTRADICTS
    return Stance.SUPPORTS


def _overlap(first: str, second: str) -> bool:
    a_first, a_last, _ = interval_of(first)
    b_first, b_last, _ = interval_of(second)
    return a_first <= b_last and b_first <= a_last


def _confidence(
    members: list[tuple[Claim, str]],
    sources: tuple[RelationSource, ...],
    stories: Mapping[str, str],
) -> float:
    """1 - Π(1 - c) over the supporting stories (each counted once, at its best
    claim), scaled by the share of the supporting weight among all."""
    best: dict[tuple[str, Stance], float] = {}
    for (claim, _), source in zip(members, sources, strict=True):
        key = (stories.get(claim.doc_id, claim.doc_id), source.stance)
        best[key] = max(best.get(key, 0.0), claim.confidence)
    support = sum(value for (_, stance), value in best.items() if stance is Stance.SUPPORTS)
    against = sum(value for (_, stance), value in best.items() if stance is not Stance.SUPPORTS)
    doubt = 1.0
    for (_, stance), value in best.items():
        if stance is Stance.SUPPORTS:
            doubt *= 1.0 - value
    share = support / (support + against) if support + against else 0.0
    return round((1.0 - doubt) * share, 3)


def _source(claim: Claim, doc: str, stance: Stance) -> RelationSource:
    return RelationSource(
        claim_id=claim.id,
        doc_id=claim.doc_id,
        source=doc,
        sentence=claim.sentence,
        start=claim.span_start,
        end=claim.span_end,
        stance=stance,
        basis=claim.basis,
        event_id=claim.event_id,
        since=claim.since,
        negated=claim.negated,
    )


def _most_common(values: Iterable[str | None]) -> str | None:
    counted = Counter(value for value in values if value)
    return counted.most_common(1)[0][0] if counted else None


def _relation_id(key: Key) -> str:
    kind, a, b, object_key = key
    text = "\x1f".join((kind.value, a, b or "", object_key or ""))
    return hashlib.blake2b(text.encode(), digest_size=8).hexdigest()
