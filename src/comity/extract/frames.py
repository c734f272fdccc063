"""Event frames: a trigger in the parse and the actors in its argument slots.

Verb triggers take their source from the subject (or the subject they inherit
through "intends to provide", "is ready to", coordinated verbs), their target
from the object and the prepositions their lexicon entry names; passives are
turned around. Noun triggers take the possessor or an "of"/"by" phrase as source
("Tashkent's accession", "the visit of the President of X"), or, under a light
verb ("made an official visit", "held talks"), that verb's subject.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Doc, Token

from comity.extract.actors import (
    Actor,
    ActorResolver,
    SentenceMentions,
    actors_of,
    host_of,
    named_after_place,
    phrase_actors,
)
from comity.extract.codebook import (
    accusing_cameo_roots,
    hosted_cameo_roots,
    symmetric_cameo_codes,
)
from comity.extract.commitments import Commitments
from comity.extract.lexicon import TriggerEntry, TriggerLexicon, verb_forms
from comity.extract.modes import INTENT_HEADS, in_future
from comity.extract.syntax import (
    NOUN_SOURCE_PREPS,
    OBJECT_DEPS,
    complement_phrases,
    dependents_of,
    fronted_relative_phrases,
    has_agent,
    has_object,
    is_prep,
    misparsed_object,
    own_subject,
    passive_subject_of,
    pobjs,
    subject_of,
)
from comity.nlp.prefilter import PAIR_ANAPHORS, PERSON_ANAPHORS

_JOINT_PREPS = frozenset({"between", "among"})
# "with" names a counterpart for any trigger; "including" lists the members of an object.
_ALWAYS_TARGET_PREPS = frozenset({"with", "include", "including"})
# Pair words that stand for the earlier pair without "two" or "both" ("the parties").
_PAIR_BY_THEMSELVES = frozenset({"parties", "sides"})
_ASKING_ROOTS = frozenset({"02", "10"})  # appeal, demand: "called on X to", "demanded that X"
# "We support ...", the minister said: the speaker of the sentence acts.
_FIRST_PERSON = frozenset({"we", "i"})
# "during a visit to X": the occasion on which a verb's subject acts. Not "on": one
# comments "on the sanctions" without imposing them.
_OCCASION_PREPS = frozenset({"during"})
_MEETING_ROOT = "04"  # visits, talks, meetings: the occasions a "during" phrase names
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
    announced: bool = False  # its source says it will do it: "X said it would send aid"


@dataclass
class Carry:
    """Actors of earlier sentences, for "he", "the parties", "the two countries"."""

    subject: list[Actor] = field(default_factory=list)
    person: list[Actor] = field(default_factory=list)  # the state of the last person named
    pair: list[Actor] = field(default_factory=list)
    speaker: list[Actor] = field(default_factory=list)  # who says this sentence's words
    speech_verb: int | None = None  # the verb the speaker says them with ("said")
    speakers_plural: bool = False  # "the rebels said", "X and Y said": "they" is them


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
        return frames + self._accusations(frames, carry)

    def _accusations(self, frames: list[Frame], carry: Carry) -> list[Frame]:
        """ "Ukraine said Russia shelled Kharkiv": the speaker accuses Russia (CAMEO 112)."""
        accuse = next(
            (e for e in self.lexicon.entries_for("accuse", "VERB") if not e.requires), None
        )
        if accuse is None or carry.speech_verb is None or not carry.speaker:
            return []
        found = []
        for frame in frames:
            if (
                _reported_by_another(frame, carry)
                and frame.entry.cameo[:2] in accusing_cameo_roots()
            ):
                speech = frame.trigger.doc[carry.speech_verb]
                found.append(Frame(speech, accuse, speech, list(carry.speaker), frame.sources))
        return found

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
                dependents = {t.lemma_.lower() for t in dependents_of(token)}
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
            if not frame.sources:
                self._occasion_arguments(frame, token, mentions, day, carry)
        self._settle_joint(frame)
        frame.announced = _announced_by_source(frame, carry)
        if not frame.targets and frame.sources and entry.cameo[:2] in hosted_cameo_roots():
            frame.targets = self._host(frame, mentions, day)
        if entry.reverse:
            frame.sources, frame.targets = frame.targets, frame.sources
        return frame

    def _host(self, frame: Frame, mentions: SentenceMentions, day: date | None) -> list[Actor]:
        """The state where a meeting is held: "attended a summit in Ankara" -> Turkey."""
        heads = [frame.governor, frame.trigger]
        heads += [c for c in frame.governor.children if c.dep_ in OBJECT_DEPS]
        heads += [p for c in frame.governor.children if c.dep_ == "prep" for p in pobjs(c)]
        for head in heads:
            host = host_of(head, mentions, self.resolver, day) or named_after_place(
                head, mentions, self.resolver
            )
            if host:
                return host
        return []

    def _occasion_arguments(
        self, frame: Frame, noun: Token, mentions: SentenceMentions, day: date | None, carry: Carry
    ) -> None:
        """ "X held talks with Y during a visit to Z": the one acting on the occasion made it."""
        prep = noun.head
        verb = prep.head
        if noun.dep_ != "pobj" or prep.lower_ not in _OCCASION_PREPS or verb.pos_ != "VERB":
            return
        if frame.entry.cameo[:2] != _MEETING_ROOT:
            return  # "fired during the ceasefire" is no ceasefire of the one firing
        subject = subject_of(verb)
        if subject is not None and passive_subject_of(verb) is None:
            frame.sources = self._actors(subject, mentions, day, carry)

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
        """ "urged Russia to withdraw", "demanded that Greece withdraw": the urging is the
        event; the withdrawal did not happen."""
        head = token.head
        if token.dep_ == "xcomp":
            return has_object(head) and self.match(head) is not None
        if token.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN"):
            # "calls to withdraw", "pressure to help X": what is asked for did not happen.
            entry = self.match(head)
            return entry is not None and entry.cameo[:2] in _ASKING_ROOTS
        return token.dep_ == "ccomp" and self._asks(head)

    def _asks(self, verb: Token) -> bool:
        """A verb of appeal or demand (CAMEO 02, 10): its clause says what it asks for."""
        entry = self.match(verb) if verb.pos_ in ("VERB", "AUX") else None
        return entry is not None and entry.cameo[:2] in _ASKING_ROOTS

    def _under_light_verb(self, token: Token) -> bool:
        """ "held talks": the verb lends its subject; not "approved the accession of Sweden"."""
        head = token.head
        light = head.lemma_.lower() in self.light_verbs or head.lower_ in self.light_forms
        return token.dep_ in ("dobj", "attr", "nsubjpass") and light and not has_agent(token)

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
        passive_subject = passive_subject_of(verb)
        # "X has operated ..., and the Embassy of Y was opened": a passive with a
        # subject of its own inherits none from the verb it is coordinated with.
        subject = subject_of(verb) if passive_subject is None else own_subject(verb)
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
                frame.targets = host_of(verb, mentions, self.resolver, day) or host_of(
                    passive_subject, mentions, self.resolver, day
                )
            else:
                frame.targets = named
            self._joint_in(frame, passive_subject, mentions, day)
            frame.arguments.append(passive_subject)
        if objects:
            for child in verb.children:
                if child.dep_ in OBJECT_DEPS or misparsed_object(child, verb):
                    frame.targets += self._object_targets(child, mentions, day)
                    frame.arguments.append(child)
                    # "signed an agreement with X": the counterpart hangs from the object.
                    self._prep_targets(frame, child, mentions, day)
        self._prep_targets(frame, verb, mentions, day)
        if objects and not frame.targets and frame.entry.cameo[:2] in _ASKING_ROOTS:
            # "demanded that Greece withdraw": who is asked is the clause's subject.
            for clause in (c for c in verb.children if c.dep_ == "ccomp"):
                asked = own_subject(clause)
                if asked is not None:
                    frame.targets += phrase_actors(asked, mentions, self.resolver, day)

    def _joint_in(
        self, frame: Frame, noun: Token, mentions: SentenceMentions, day: date | None
    ) -> None:
        """ "relations between X and Y were established": X and Y act together."""
        for child in noun.children:
            if child.dep_ == "prep" and child.lemma_.lower() in _JOINT_PREPS:
                for pobj in pobjs(child):
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
            elif child.dep_ == "prep" and child.lemma_.lower() in NOUN_SOURCE_PREPS - set(
                frame.entry.target_preps
            ):
                for pobj in pobjs(child):
                    frame.sources += phrase_actors(pobj, mentions, self.resolver, day)
        self._prep_targets(frame, noun, mentions, day)
        if not frame.targets and noun.dep_ == "dobj" and frame.entry.target_preps:
            # "approved the accession of Sweden to NATO": the parser hangs "to NATO" on the verb.
            for prep in noun.head.children:
                if prep.dep_ == "prep" and prep.lower_ in frame.entry.target_preps:
                    for pobj in pobjs(prep):
                        frame.targets += self._object_actors(pobj, mentions, day)

    def _prep_targets(
        self, frame: Frame, head: Token, mentions: SentenceMentions, day: date | None
    ) -> None:
        preps = set(frame.entry.target_preps) | _ALWAYS_TARGET_PREPS | _JOINT_PREPS
        phrases = [*fronted_relative_phrases(head), *complement_phrases(head)]
        for child in [*head.children, *phrases]:
            if not is_prep(child) or child.lemma_.lower() not in preps:
                continue
            for pobj in pobjs(child):
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
        if _speaker_pronoun(word, carry) and carry.speech_verb in {t.i for t in subject.ancestors}:
            # "Turkey said it would send aid": "it" in the reported clause is the speaker.
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


def _speaker_pronoun(word: str, carry: Carry) -> bool:
    """ "it" for one speaker, "they" for several ("X and Y said they would ...", "the
    rebels said they ..."); a "they" after one speaker is someone else ("Baku said
    they had fired first")."""
    plural = carry.speakers_plural or len(carry.speaker) > 1
    if word == "it":
        return not plural
    return word == "they" and plural


def _reported_by_another(frame: Frame, carry: Carry) -> bool:
    """The act is what the speaker says another actor did: "X said Y attacked Z"."""
    verb = frame.governor
    speakers = {a.code for a in carry.speaker}
    return (
        verb.dep_ == "ccomp"
        and verb.head.i == carry.speech_verb
        and bool(frame.sources)
        and speakers.isdisjoint(a.code for a in frame.sources)
        and not in_future(verb)
    )


def _announced_by_source(frame: Frame, carry: Carry) -> bool:
    """ "Turkey said it will send aid": the speaker states its own future act.

    The act is in the clause the speech verb reports, in the future ("will",
    "would"), and done by the speaker; CAMEO codes that as a promise or threat.
    """
    verb = frame.governor
    if carry.speech_verb is None or not frame.sources:
        return False
    if verb.dep_ != "ccomp" or verb.head.i != carry.speech_verb:
        return False
    if not in_future(verb):
        return False
    return {a.code for a in frame.sources} <= {a.code for a in carry.speaker}


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
