"""Who acts: actors found in the argument phrases of a parsed sentence.

The gazetteer finds names in the sentence text; this module lays those mentions
over the dependency parse and answers "which actors does this phrase name?".
A president, ministry, parliament or "the Uzbek side" acts for its state; a
capital acts only when it heads an argument ("Ankara is trying"), and is a place
anywhere else ("opened in Bishkek"); other cities never act.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date

from spacy.tokens import Doc, Token

from comity.extract.lexicon import AgentNouns
from comity.extract.syntax import place_preps, pobjs
from comity.kb import KnowledgeBase
from comity.models import EntityKind, Mention, NameKind
from comity.nlp.parse_view import ParseView

# Dependents whose subtree belongs to another clause, not to the phrase itself.
_CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "parataxis", "csubj"})
# Prepositions inside an actor phrase that still name who acts: "the President of X",
# "a delegation from X", "allies, including X". Any other ("between", "in", "after")
# leads to a place, a time or another matter.
PHRASE_PREPS = frozenset({"of", "from", "for", "include", "including", "like"})
_CLAUSE_PREPS = PHRASE_PREPS | {"between", "among"}
_RELATIVE_TAGS = frozenset({"WDT", "WP"})
# How a state's name or adjective attaches to a group noun: "Syrian rebels", "Syria's rebels".
_MODIFIER_DEPS = frozenset({"amod", "compound", "poss", "nmod"})
_COMPASS_POINTS = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "northeast",
        "northwest",
        "southeast",
        "southwest",
        "north-east",
        "north-west",
        "south-east",
        "south-west",
    }
)


@dataclass(frozen=True)
class Actor:
    """An actor resolved for one event: the code it is coded as, and why."""

    code: str
    name: str
    sector: str | None
    mention: Mention


class SentenceMentions:
    """The gazetteer's mentions of one sentence, indexed by parse token."""

    def __init__(self, doc: Doc, mentions: Iterable[Mention], view: ParseView) -> None:
        # Every token of a name points to it: the parser may hang "R.T. Erdogan" from either word.
        self.by_token: dict[int, Mention] = {}
        for mention in mentions:
            span = doc.char_span(
                view.to_parse(mention.start), view.to_parse(mention.end), alignment_mode="expand"
            )
            if span is not None:
                self.by_token.update((token.i, mention) for token in span)

    def covers(self, index: int) -> bool:
        """True when token `index` is part of a name."""
        return index in self.by_token

    def first_tokens(self) -> Iterator[tuple[int, Mention]]:
        """One (token index, mention) per mention: its first token."""
        seen: set[int] = set()
        for index, mention in sorted(self.by_token.items()):
            if id(mention) not in seen:
                seen.add(id(mention))
                yield index, mention

    def in_subtree(
        self, head: Token, preps: frozenset[str] = PHRASE_PREPS
    ) -> Iterator[tuple[Token, Mention]]:
        """Mentions inside `head`'s phrase, not descending into other clauses or places."""
        stack, seen = [head], set()
        while stack:
            token = stack.pop()
            mention = self.by_token.get(token.i)
            if mention is not None and id(mention) not in seen:
                seen.add(id(mention))
                yield token, mention
            for child in token.children:
                if child.dep_ in _CLAUSE_DEPS or child.dep_ == "punct":
                    continue
                if child.dep_ == "appos" and child.i not in self.by_token:
                    continue  # "Turkey, a NATO member,": a description, not another actor
                if child.dep_ == "prep" and child.lemma_.lower() not in preps:
                    continue
                stack.append(child)

    def in_clauses_of(self, head: Token) -> Iterator[tuple[Token, Mention]]:
        """Mentions in the clauses that describe `head` ("..., an agreement between X and Y")."""
        for child in head.children:
            if child.dep_ in ("acl", "relcl"):
                yield from self.in_subtree(child, _CLAUSE_PREPS)


class ActorResolver:
    """Turns mentions into actors on a given day, using the knowledge base."""

    def __init__(self, kb: KnowledgeBase, agents: AgentNouns | None = None) -> None:
        self.kb = kb
        self.agents = agents or AgentNouns({}, frozenset())

    def agent_of(self, actor: Actor, token: Token) -> Actor:
        """ "Syrian rebels": a state named on a group noun acts as that agent of the state."""
        if actor.sector is not None or actor.mention.kind is not EntityKind.STATE:
            return actor
        if token.dep_ not in _MODIFIER_DEPS:
            return actor
        sector = self.agents.sector_of(token.head.lemma_)
        return replace(actor, sector=sector) if sector else actor

    def resolve(self, mention: Mention, day: date | None) -> Actor | None:
        """The actor a mention stands for on `day`, or None for places and unknowns."""
        if mention.code is None or mention.kind in (EntityKind.PLACE, None):
            return None
        if mention.kind is EntityKind.PERSON:
            return self._person(mention, day)
        return Actor(mention.code, self._name(mention.code), mention.sector, mention)

    def _person(self, mention: Mention, day: date | None) -> Actor | None:
        entity = self.kb.get(mention.code or "")
        role = entity.role_on(day) if entity is not None else None
        if role is None:
            return None
        return Actor(role.state, self._name(role.state), role.sector, mention)

    def name_of(self, code: str) -> str:
        return self._name(code)

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
    antecedent = _antecedent(head)
    if antecedent is not None and antecedent.i != head.i:
        # One step only: an antecedent is never itself resolved through another.
        named = actors_of(mentions.in_subtree(antecedent), antecedent, resolver, day)
        if named:
            return named
    return actors_of(mentions.in_subtree(head), head, resolver, day) or _agent_in_state(
        head, mentions, resolver
    )


def _agent_in_state(
    head: Token, mentions: SentenceMentions, resolver: ActorResolver
) -> list[Actor]:
    """ "a court in Georgia", "the mayor of Nablus": a group or office placed in a state
    or one of its cities acts for that state.
    """
    sector = resolver.agents.sector_of(head.lemma_)
    if sector is None:
        return []
    placed = [
        (pobj, mentions.by_token.get(pobj.i))
        for prep in head.children
        if prep.dep_ == "prep" and prep.lower_ == "in"
        for pobj in pobjs(prep)
    ]
    for _token, mention in [*placed, *mentions.in_subtree(head)]:
        if (
            mention is not None
            and mention.kind in (EntityKind.STATE, EntityKind.PLACE)
            and mention.code is not None
            and resolver.kb.get(mention.code) is not None
        ):
            return [Actor(mention.code, resolver.name_of(mention.code), sector, mention)]
    return []


def actors_of(
    found_mentions: Iterable[tuple[Token, Mention]],
    head: Token,
    resolver: ActorResolver,
    day: date | None,
) -> list[Actor]:
    """Distinct actors of (token, mention) pairs in text order, capitals only where they act."""
    found: dict[str, Actor] = {}
    for token, mention in sorted(found_mentions, key=lambda pair: pair[0].i):
        if mention.name_kind is NameKind.CAPITAL and not _heads_phrase(token, head):
            continue
        actor = resolver.resolve(mention, day)
        if actor is not None and actor.code not in found:
            found[actor.code] = resolver.agent_of(actor, token)
    return list(found.values())


def _antecedent(head: Token) -> Token | None:
    """What "which" or "who" stands for ("the meeting of which"): the noun its clause modifies."""
    if head.tag_ in _RELATIVE_TAGS:
        pronoun: Token | None = head
    else:
        pronoun = next(
            (
                g
                for c in head.children
                if c.dep_ == "prep"
                for g in c.children
                if g.tag_ in _RELATIVE_TAGS
            ),
            None,
        )
    if pronoun is None:
        return None
    for ancestor in pronoun.ancestors:
        if ancestor.dep_ == "relcl":
            return ancestor.head
    return _noun_before_fronted_phrase(pronoun)


def _noun_before_fronted_phrase(pronoun: Token) -> Token | None:
    """ "the Assembly (TurkPA), at the 8th meeting of which ... took part": "TurkPA".

    The parser may hang a fronted "at the meeting of which" on the main verb instead
    of making it a relative clause; the noun just before that phrase is then what
    "which" stands for.
    """
    phrase = pronoun
    while phrase.dep_ in ("pobj", "prep") and phrase.head.dep_ in ("pobj", "prep"):
        phrase = phrase.head
    if phrase.dep_ != "prep" or phrase.head.pos_ not in ("VERB", "AUX"):
        return None  # "a copy of which was received": "of which" is the noun's own
    index = phrase.left_edge.i - 1
    doc = pronoun.doc
    while index >= 0 and doc[index].pos_ == "PUNCT":
        index -= 1
    if index < 0 or doc[index].pos_ not in ("NOUN", "PROPN"):
        return None
    return doc[index]


def _heads_phrase(token: Token, head: Token) -> bool:
    while token.i != head.i:
        # Not "compound": "the Lisbon Accord" and "the Astana format" name things after places.
        if token.dep_ not in ("conj", "poss", "appos"):
            return False
        token = token.head
    return True


def place_of(doc: Doc, mentions: SentenceMentions) -> Mention | None:
    """The place a sentence says things happened: a city or capital after in/at."""
    best: Mention | None = None
    for index, mention in mentions.first_tokens():
        token = doc[index]
        if mention.name_kind not in (NameKind.CITY, NameKind.CAPITAL, NameKind.NAME):
            continue
        if mention.kind not in (EntityKind.PLACE, EntityKind.STATE):
            continue
        if token.dep_ != "pobj" or not _names_a_place(token.head):
            continue
        if best is None or (
            best.name_kind is NameKind.NAME and mention.name_kind is not NameKind.NAME
        ):
            best = mention
    return best


def _names_a_place(prep: Token) -> bool:
    """ "in Kharkiv", "at Baku", "(30 km) north of Kyiv"."""
    word = prep.lower_
    if word in ("in", "at"):
        return True
    return word == "of" and prep.head.lower_ in _COMPASS_POINTS


def named_after_place(
    noun: Token, mentions: SentenceMentions, resolver: ActorResolver
) -> list[Actor]:
    """ "the Astana summit", "the Paris Olympics": an event named after the city it is in."""
    if noun.pos_ not in ("NOUN", "PROPN") or noun.i in mentions.by_token:
        return []
    for child in noun.children:
        mention = mentions.by_token.get(child.i)
        if (
            child.dep_ == "compound"
            and mention is not None
            and mention.name_kind in (NameKind.CAPITAL, NameKind.CITY)
            and mention.code is not None
        ):
            state = resolver.kb.get(mention.code)
            if state is not None:
                return [Actor(state.code, state.name, None, mention)]
    return []


def host_of(
    head: Token, mentions: SentenceMentions, resolver: ActorResolver, day: date | None
) -> list[Actor]:
    """The state an "in <capital or state>" phrase of `head` points to."""
    for prep in place_preps(head):
        for pobj in pobjs(prep):
            mention = mentions.by_token.get(pobj.i)
            if mention is not None and mention.code is not None and mention.kind is not None:
                state = resolver.kb.get(mention.code)
                if state is not None:
                    return [Actor(state.code, state.name, None, mention)]
    return []
