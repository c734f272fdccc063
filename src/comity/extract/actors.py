"""Who acts: actors found in the argument phrases of a parsed sentence.

The gazetteer finds names in the sentence text; this module lays those mentions
over the dependency parse and answers "which actors does this phrase name?".
A president, ministry, parliament or "the Uzbek side" acts for its state; a
capital acts only when it heads an argument ("Ankara is trying"), and is a place
anywhere else ("opened in Bishkek"); other cities never act.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc, Token

from comity.kb import KnowledgeBase
from comity.models import EntityKind, Mention, NameKind

# Dependents whose subtree belongs to another clause, not to the phrase itself.
_CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "csubj"})
# Prepositions that make what follows a place or a time, not a participant.
LOCATIVE_PREPS = frozenset({"in", "at", "near", "on", "during", "outside", "inside", "across"})


@dataclass(frozen=True)
class Actor:
    """An actor resolved for one event: the code it is coded as, and why."""

    code: str
    name: str
    sector: str | None
    mention: Mention


class SentenceMentions:
    """The gazetteer's mentions of one sentence, indexed by parse token."""

    def __init__(self, doc: Doc, mentions: Iterable[Mention], offset: int) -> None:
        self.by_root: dict[int, Mention] = {}
        self.covered: set[int] = set()
        for mention in mentions:
            span = doc.char_span(mention.start - offset, mention.end - offset, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            self.by_root[span.root.i] = mention
            self.covered.update(range(span.start, span.end))

    def in_subtree(self, head: Token) -> Iterator[tuple[Token, Mention]]:
        """Mentions inside `head`'s phrase, not descending into other clauses or places."""
        stack = [head]
        while stack:
            token = stack.pop()
            mention = self.by_root.get(token.i)
            if mention is not None:
                yield token, mention
            for child in token.children:
                if child.dep_ in _CLAUSE_DEPS or child.dep_ == "punct":
                    continue
                if child.dep_ == "prep" and child.lemma_.lower() in LOCATIVE_PREPS:
                    continue
                stack.append(child)


class ActorResolver:
    """Turns mentions into actors on a given day, using the knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def resolve(self, mention: Mention, day: date | None) -> Actor | None:
        """The actor a mention stands for on `day`, or None for places and unknowns."""
        if mention.code is None or mention.kind in (EntityKind.PLACE, None):
            return None
        if mention.kind is EntityKind.PERSON:
            return self._person(mention, day)
        if mention.kind is EntityKind.INSTITUTION:
            return Actor(mention.code, self._name(mention.code), mention.sector, mention)
        return Actor(mention.code, self._name(mention.code), mention.sector, mention)

    def _person(self, mention: Mention, day: date | None) -> Actor | None:
        entity = self.kb.get(mention.code or "")
        role = entity.role_on(day) if entity is not None else None
        if role is None:
            return None
        return Actor(role.state, self._name(role.state), role.sector, mention)

    def _name(self, code: str) -> str:
        entity = self.kb.get(code)
        return entity.name if entity is not None else code


def phrase_actors(
    head: Token, mentions: SentenceMentions, resolver: ActorResolver, day: date | None
) -> list[Actor]:
    """Distinct actors named by the phrase headed by `head`, in text order.

    Capitals count only when they head the phrase, are coordinated with its head,
    or possess it ("Tashkent's accession"); deeper down they are places.
    """
    found: dict[str, Actor] = {}
    for token, mention in sorted(mentions.in_subtree(head), key=lambda pair: pair[0].i):
        if mention.name_kind is NameKind.CAPITAL and not _heads_phrase(token, head):
            continue
        actor = resolver.resolve(mention, day)
        if actor is not None and actor.code not in found:
            found[actor.code] = actor
    return list(found.values())


def _heads_phrase(token: Token, head: Token) -> bool:
    while token.i != head.i:
        if token.dep_ not in ("conj", "poss", "appos", "compound"):
            return False
        token = token.head
    return True


def place_of(
    doc: Doc, mentions: SentenceMentions
) -> Mention | None:
    """The place a sentence says things happened: a city or capital after in/at."""
    best: Mention | None = None
    for index, mention in mentions.by_root.items():
        token = doc[index]
        if mention.name_kind not in (NameKind.CITY, NameKind.CAPITAL, NameKind.NAME):
            continue
        if mention.kind not in (EntityKind.PLACE, EntityKind.STATE):
            continue
        if token.dep_ != "pobj" or token.head.lemma_.lower() not in ("in", "at"):
            continue
        if best is None or (
            best.name_kind is NameKind.NAME and mention.name_kind is not NameKind.NAME
        ):
            best = mention
    return best
