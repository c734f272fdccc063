"""Event frames: a trigger in the parse and the actors in its argument slots.

Verb triggers take their source from the subject (or the subject they inherit
through "intends to provide", "is ready to", coordinated verbs), their target
from the object and the prepositions their lexicon entry names; passives are
turned around. Noun triggers take the possessor or an "of"/"by" phrase as source
("Tashkent's accession", "the visit of the President of X"), or, under a light
verb ("made an official visit", "held talks"), that verb's subject.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Token

from comity.extract.actors import Actor, ActorResolver, SentenceMentions, actors_of, phrase_actors
from comity.extract.commitments import Commitments
from comity.extract.lexicon import TriggerEntry, TriggerLexicon, verb_forms
from comity.extract.modes import INTENT_HEADS
from comity.nlp.prefilter import PAIR_ANAPHORS, PERSON_ANAPHORS

_SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
_OBJECT_DEPS = frozenset({"dobj", "dative", "obj", "iobj"})
_JOINT_PREPS = frozenset({"between", "among"})
# "with" names a counterpart for any trigger; "including" lists the members of an object.
_ALWAYS_TARGET_PREPS = frozenset({"with", "include", "including"})
_NOUN_SOURCE_PREPS = frozenset({"of", "by"})
# Words that stand for the actors of an earlier sentence.
_PAIR_BY_THEMSELVES = frozenset({"parties", "sides"})
# "We support ...", the minister said: the speaker of the sentence acts.
_FIRST_PERSON = frozenset({"we", "i"})
_TRIGGER_POS = frozenset({"VERB", "AUX", "NOUN", "PROPN"})  # what `FrameFinder.match` reads


@dataclass
class Frame:
    """One trigger with the actors found for it."""

    trigger: Token
    entry: TriggerEntry
    governor: Token  # the verb whose clause gives the mode (the trigger or its light verb)
    sources: list[Actor] = field(default_factory=list)
    targets: list[Actor] = field(default_factory=list)
    arguments: list[Token] = field(default_factory=list)  # heads consumed as arguments
    by_agent: bool = False  # sources from a passive "by" phrase: "were joined by X and Y"


@dataclass
class Carry:
    """Actors of earlier sentences, for "he", "the parties", "the two countries"."""

    subject: list[Actor] = field(default_factory=list)
    person: list[Actor] = field(default_factory=list)  # the state of the last person named
    pair: list[Actor] = field(default_factory=list)
    speaker: list[Actor] = field(default_factory=list)  # who says this sentence's words


class FrameFinder:
    """Finds the frames of one parsed sentence."""

    def __init__(
        self,
        lexicon: TriggerLexicon,
        resolver: ActorResolver,
        commitments: Commitments | None = None,
    ) -> None:
        self.lexicon = lexicon
        self.resolver = resolver
        self.commitments = commitments or Commitments.load()
        self.light_verbs = lexicon.light_verbs()
        # The lexicon's own inflections, for words the lemmatiser gets wrong ("staged" -> "stag").
        self.light_forms = frozenset(f for verb in self.light_verbs for f in verb_forms(verb))
        self.lemmas_by_form: dict[tuple[str, str], set[str]] = {}
        for entry in lexicon:
            for form in lexicon.forms_of(entry):
                self.lemmas_by_form.setdefault((form, entry.pos), set()).add(entry.lemma)

    def frames(
        self, doc: Doc, mentions: SentenceMentions, day: date | None, carry: Carry
    ) -> list[Frame]:
        frames: list[Frame] = []
        consumed: set[int] = set()
        # Verbs first: "signed the treaty" is one event, not a signing and a treaty.
        candidates = [token for token in doc if token.pos_ in _TRIGGER_POS]
        for token in sorted(candidates, key=lambda t: (t.pos_ not in ("VERB", "AUX"), t.i)):
            if mentions.covers(token.i) or token.i in consumed:
                continue
            entry = self.match(token)
            if (
                entry is None
                or self._announces_another_trigger(token, entry)
                or self._directed(token)
            ):
                continue
            frame = self._frame(token, entry, mentions, day, carry)
            frames.append(frame)
            if frame.sources:
                consumed.update(t.i for t in frame.arguments)
        return frames

    def match(self, token: Token) -> TriggerEntry | None:
        """The lexicon entry `token` triggers; entries whose required words are present first."""
        pos = (
            "VERB"
            if token.pos_ in ("VERB", "AUX")
            else "NOUN"
            if token.pos_ in ("NOUN", "PROPN")
            else None
        )
        if pos is None:
            return None
        entries = self.lexicon.entries_for(token.lemma_.lower(), pos)
        if not entries:
            for other in sorted(self.lemmas_by_form.get((token.lower_, pos), ())):
                entries += self.lexicon.entries_for(other, pos)
        dependents: set[str] | None = None  # looked up only for an entry that requires words
        for entry in entries:
            if not entry.requires:
                return entry
            if dependents is None:
                dependents = {t.lemma_.lower() for t in _dependents(token)}
            if dependents.intersection(entry.requires):
                return entry
        return None

    def _frame(
        self,
        token: Token,
        entry: TriggerEntry,
        mentions: SentenceMentions,
        day: date | None,
        carry: Carry,
    ) -> Frame:
        light = token.head if self._under_light_verb(token) else None
        if token.pos_ in ("VERB", "AUX"):
            frame = Frame(token, entry, token)
            self._verb_arguments(frame, token, mentions, day, carry)
        elif light is not None:
            frame = Frame(token, entry, light)
            self._verb_arguments(frame, light, mentions, day, carry, objects=False)
            self._prep_targets(frame, token, mentions, day)
        else:
            frame = Frame(token, entry, token)
            self._noun_arguments(frame, token, mentions, day)
        self._settle_joint(frame)
        return frame

    def _announces_another_trigger(self, token: Token, entry: TriggerEntry) -> bool:
        """ "plans to sign": the signing is the event (in intended mode), not the plan.

        So is "threatened to close": the closing, coded as a threat (`commitments`).
        """
        if (
            entry.mode != "intended"
            and token.lemma_.lower() not in INTENT_HEADS
            and not self.commitments.is_commitment_verb(token)
        ):
            return False
        return any(
            child.dep_ == "xcomp" and self.match(child) is not None for child in token.children
        )

    def _directed(self, token: Token) -> bool:
        """ "urged Russia to withdraw": the urging is the event; the withdrawal did not happen."""
        head = token.head
        return token.dep_ == "xcomp" and _has_object(head) and self.match(head) is not None

    def _under_light_verb(self, token: Token) -> bool:
        """ "held talks": the verb lends its subject; not "approved the accession of Sweden"."""
        head = token.head
        light = head.lemma_.lower() in self.light_verbs or head.lower_ in self.light_forms
        return token.dep_ in ("dobj", "attr", "nsubjpass") and light and not _has_agent(token)

    def _verb_arguments(
        self,
        frame: Frame,
        verb: Token,
        mentions: SentenceMentions,
        day: date | None,
        carry: Carry,
        *,
        objects: bool = True,
    ) -> None:
        passive_subject = _passive_subject(verb)
        # "X has operated ..., and the Embassy of Y was opened": a passive with a
        # subject of its own inherits none from the verb it is coordinated with.
        subject = _subject_of(verb) if passive_subject is None else _own_subject(verb)
        agent = next(
            (g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"),
            None,
        )
        if subject is not None:
            frame.sources = self._actors(subject, mentions, day, carry)
        if agent is not None:
            frame.sources = phrase_actors(agent, mentions, self.resolver, day)
            frame.by_agent = True
        if passive_subject is not None:
            named = phrase_actors(passive_subject, mentions, self.resolver, day)
            if (
                not frame.sources
                and frame.entry.requires
                and passive_subject.lemma_.lower() in frame.entry.requires
            ):
                # "the Embassy of X was opened in Y": its owner acts, the host is the target.
                frame.sources = named
                frame.targets = _host_of(verb, mentions, self.resolver, day) or _host_of(
                    passive_subject, mentions, self.resolver, day
                )
            else:
                frame.targets = named
            self._joint_in(frame, passive_subject, mentions, day)
            frame.arguments.append(passive_subject)
        if objects:
            for child in verb.children:
                if child.dep_ in _OBJECT_DEPS or _misparsed_object(child, verb):
                    frame.targets += self._object_targets(child, mentions, day)
                    frame.arguments.append(child)
                    # "signed an agreement with X": the counterpart hangs from the object.
                    self._prep_targets(frame, child, mentions, day)
        self._prep_targets(frame, verb, mentions, day)

    def _joint_in(
        self, frame: Frame, noun: Token, mentions: SentenceMentions, day: date | None
    ) -> None:
        """ "relations between X and Y were established": X and Y act together."""
        for child in noun.children:
            if child.dep_ == "prep" and child.lemma_.lower() in _JOINT_PREPS:
                for pobj in _pobjs(child):
                    actors = phrase_actors(pobj, mentions, self.resolver, day)
                    if not frame.sources:
                        frame.sources = actors
                    frame.targets += actors

    def _object_targets(
        self, obj: Token, mentions: SentenceMentions, day: date | None
    ) -> list[Actor]:
        """Whom an act on `obj` is aimed at: the agent of an event noun, else its actors.

        "condemned Russia's invasion of Ukraine" is aimed at Russia, not at Ukraine.
        """
        entry = self.match(obj) if obj.pos_ in ("NOUN", "PROPN") else None
        if entry is not None:
            act = Frame(obj, entry, obj)
            self._noun_arguments(act, obj, mentions, day)
            # "suspended its participation in the CSTO": with no agent named, its aim.
            if act.sources or act.targets:
                return act.sources or act.targets
        return self._object_actors(obj, mentions, day)

    def _object_actors(
        self, obj: Token, mentions: SentenceMentions, day: date | None
    ) -> list[Actor]:
        """Actors of an object; if it names none, those of the clause describing it."""
        named = phrase_actors(obj, mentions, self.resolver, day)
        return named or actors_of(mentions.in_clauses_of(obj), obj, self.resolver, day)

    def _noun_arguments(
        self, frame: Frame, noun: Token, mentions: SentenceMentions, day: date | None
    ) -> None:
        for child in noun.children:
            if child.dep_ == "poss" or child.dep_ in ("amod", "compound", "nmod"):
                frame.sources += phrase_actors(child, mentions, self.resolver, day)
            elif child.dep_ == "prep" and child.lemma_.lower() in _NOUN_SOURCE_PREPS - set(
                frame.entry.target_preps
            ):
                for pobj in _pobjs(child):
                    frame.sources += phrase_actors(pobj, mentions, self.resolver, day)
        self._prep_targets(frame, noun, mentions, day)
        if not frame.targets and noun.dep_ == "dobj" and frame.entry.target_preps:
            # "approved the accession of Sweden to NATO": the parser hangs "to NATO" on the verb.
            for prep in noun.head.children:
                if prep.dep_ == "prep" and prep.lower_ in frame.entry.target_preps:
                    for pobj in _pobjs(prep):
                        frame.targets += self._object_actors(pobj, mentions, day)

    def _prep_targets(
        self, frame: Frame, head: Token, mentions: SentenceMentions, day: date | None
    ) -> None:
        preps = set(frame.entry.target_preps) | _ALWAYS_TARGET_PREPS | _JOINT_PREPS
        phrases = [*_fronted_relative_phrases(head), *_complement_phrases(head)]
        for child in [*head.children, *phrases]:
            if not _is_prep(child) or child.lemma_.lower() not in preps:
                continue
            for pobj in _pobjs(child):
                actors = self._object_actors(pobj, mentions, day)
                if child.lemma_.lower() in _JOINT_PREPS and not frame.sources:
                    frame.sources = actors
                frame.targets += actors
                frame.arguments.append(pobj)

    def _actors(
        self, subject: Token, mentions: SentenceMentions, day: date | None, carry: Carry
    ) -> list[Actor]:
        named = phrase_actors(subject, mentions, self.resolver, day)
        if named:
            return named
        word = subject.lower_
        if word in _FIRST_PERSON:
            return carry.speaker
        if word in PERSON_ANAPHORS:
            # "Aliyev said he would ...": the speaker of the sentence first.
            return carry.speaker[:1] or carry.person[:1] or carry.subject[:1]
        if word in PAIR_ANAPHORS and _refers_to_a_pair(subject):
            return carry.pair
        return []

    @staticmethod
    def _settle_joint(frame: Frame) -> None:
        """ "X and Y signed an agreement": with no other target, each is the other's target."""
        symmetric = any(frame.entry.cameo.startswith(prefix) for prefix in symmetric_cameo_codes())
        joint = symmetric and not frame.by_agent
        if joint and not frame.targets and len({s.code for s in frame.sources}) > 1:
            frame.targets = list(frame.sources)


@lru_cache(maxsize=2)
def _code_list(name: str) -> tuple[str, ...]:
    path = resources.files("comity").joinpath("data", "codebook", name)
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def symmetric_cameo_codes() -> tuple[str, ...]:
    """CAMEO prefixes of actions done together (data/codebook/symmetric.txt)."""
    return _code_list("symmetric.txt")


def located_cameo_roots() -> tuple[str, ...]:
    """CAMEO roots whose target, when none is named, is where they happen (located.txt)."""
    return _code_list("located.txt")


def _owner_of(noun: Token) -> Token | None:
    """The possessor of a noun, or the object of its "of" phrase."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
        if child.dep_ == "prep" and child.lower_ == "of":
            return next(_pobjs(child), None)
    return None


def _misparsed_object(child: Token, verb: Token) -> bool:
    """ "Kazakhstan supports Azerbaijan": the parser may label a named object npadvmod."""
    return child.dep_ == "npadvmod" and child.i > verb.i and child.pos_ == "PROPN"


def _is_prep(token: Token) -> bool:
    """A preposition heading a phrase; "sent a message to X" labels its "to" dative."""
    return token.dep_ == "prep" or (token.dep_ == "dative" and token.pos_ == "ADP")


def _has_agent(noun: Token) -> bool:
    """A possessor or an "of"/"by" name of its own: "Sweden's accession", "the visit of X"."""
    for child in noun.children:
        if child.dep_ == "poss" and child.pos_ == "PROPN":
            return True
        named = any(pobj.pos_ == "PROPN" for pobj in _pobjs(child))
        if child.dep_ == "prep" and child.lower_ in _NOUN_SOURCE_PREPS and named:
            return True
    return False


def _own_subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in _SUBJECT_DEPS), None)


def _refers_to_a_pair(noun: Token) -> bool:
    """ "the two countries", "both leaders", "the parties"; not "the leaders" of a summit.

    Without "two" or "both", only "the parties" and "the sides" stand for two actors,
    and only undescribed ("the Central Asian countries" are not the earlier pair).
    """
    words = {child.lower_ for child in noun.children}
    if words & {"two", "both"}:
        return True
    described = any(child.dep_ in ("amod", "compound", "nmod", "prep") for child in noun.children)
    return noun.lower_ in _PAIR_BY_THEMSELVES and "the" in words and not described


def _subject_of(verb: Token) -> Token | None:
    """The subject of `verb`, or the one it inherits ("intends to provide", "and signed")."""
    token = verb
    for _ in range(6):
        subject = next((c for c in token.children if c.dep_ in _SUBJECT_DEPS), None)
        if subject is not None:
            return subject
        if token.dep_ == "relcl":
            # "X was one of the first to express support": X expressed it.
            clause = _clause_of_noun(token.head)
            if clause.lemma_ == "be" and clause.i != token.head.i:
                token = clause
                continue
            return token.head
        if token.dep_ == "acl":
            # "the efforts of Azerbaijan to normalise relations": Azerbaijan normalises.
            owner = _owner_of(token.head)
            if owner is not None:
                return owner
            token = _clause_of_noun(token.head)
            continue
        if token.dep_ == "xcomp" and _has_object(token.head):
            # "asked Baku to host": the object of the asking is who hosts.
            return next(c for c in token.head.children if c.dep_ in _OBJECT_DEPS)
        if token.dep_ == "xcomp":
            # "X and Y are expected to sign": the passive subject signs.
            passive = next((c for c in token.head.children if c.dep_ == "nsubjpass"), None)
            if passive is not None:
                return passive
        if (
            token.dep_ not in ("xcomp", "conj", "acomp", "advcl", "ccomp")
            or token.head.i == token.i
        ):
            return None
        token = token.head
    return None


def _passive_subject(verb: Token) -> Token | None:
    """The subject of a passive verb, also where the parser hung it on a fronted place.

    "in Ankara the Embassy of X was opened": the parse makes "the Embassy" an
    apposition of "Ankara" and leaves "was opened" without a subject.
    """
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if subject is not None or not any(c.dep_ == "auxpass" for c in verb.children):
        return subject
    for child in verb.children:
        if child.dep_ == "prep" and child.i < verb.i:
            for pobj in _pobjs(child):
                apposition = next((c for c in pobj.children if c.dep_ == "appos"), None)
                if apposition is not None:
                    return apposition
    return None


def _has_object(verb: Token) -> bool:
    return any(child.dep_ in _OBJECT_DEPS for child in verb.children)


def _clause_of_noun(noun: Token) -> Token:
    """The verb a noun phrase hangs from: "was one of the first" -> "was"."""
    while noun.dep_ in ("pobj", "prep", "attr", "dobj", "appos") and noun.head.i != noun.i:
        noun = noun.head
    return noun


def _dependents(token: Token) -> Iterator[Token]:
    for child in token.children:
        yield child
        if child.dep_ == "prep":
            yield from _pobjs(child)
        if child.dep_ in ("dobj", "nsubjpass"):
            yield from (c for c in child.children if c.dep_ in ("compound", "amod"))
    if token.dep_ in ("dobj", "pobj", "compound"):
        yield token.head
    fronted = _passive_subject(token)
    if fronted is not None and fronted.head.i != token.i:
        yield fronted


def _pobjs(prep: Token) -> Iterator[Token]:
    for child in prep.children:
        if child.dep_ == "pobj":
            yield child
            yield from (c for c in child.conjuncts)


def _fronted_relative_phrases(verb: Token) -> list[Token]:
    """ "..., at the summit of which, on 3 May, X took part": the phrase of "took part".

    A phrase with "of which" opens the clause after it, but the parser may hang it
    on the verb of the clause before; it belongs to `verb` when it precedes `verb`.
    """
    if verb.dep_ not in ("advcl", "conj", "ccomp") or verb.pos_ not in ("VERB", "AUX"):
        return []
    return [
        child
        for child in verb.head.children
        if child.dep_ == "prep"
        and child.i < verb.i
        and any(t.tag_ == "WDT" and t.head.lower_ == "of" for t in child.subtree)
    ]


def _complement_phrases(noun: Token) -> list[Token]:
    """ "a note of protest to X": the phrases of an "of" complement are the noun's own."""
    if noun.pos_ not in ("NOUN", "PROPN"):
        return []
    return [
        phrase
        for prep in noun.children
        if prep.dep_ == "prep" and prep.lower_ == "of"
        for complement in _pobjs(prep)
        if complement.pos_ == "NOUN"
        for phrase in complement.children
        if phrase.dep_ == "prep"
    ]


def _place_preps(head: Token) -> Iterator[Token]:
    """ "in"/"at" phrases of `head`, also those chained on one ("In March 1996 in Tbilisi")."""
    for child in head.children:
        if child.dep_ == "prep" and child.lemma_.lower() in ("in", "at"):
            yield child
            yield from _place_preps(child)


def _host_of(
    head: Token, mentions: SentenceMentions, resolver: ActorResolver, day: date | None
) -> list[Actor]:
    """The state an "in <capital or state>" phrase of `head` points to."""
    for prep in _place_preps(head):
        for pobj in _pobjs(prep):
            mention = mentions.by_token.get(pobj.i)
            if mention is not None and mention.code is not None and mention.kind is not None:
                state = resolver.kb.get(mention.code)
                if state is not None:
                    return [Actor(state.code, state.name, None, mention)]
    return []
