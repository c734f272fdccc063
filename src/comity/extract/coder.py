"""From frames to events: dates, places, modes, codes and provenance.

The coder walks a document's sentences in order, so that a sentence without a
date takes the nearest preceding date of its paragraph and "he" or "the two
countries" can refer to the actors of an earlier sentence. Opinions of analysts
("the expert believes", a quotation by a commentator) are not events of states
and are left out (issue 5 will keep them as attributed claims).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc, Token

from comity.extract.actors import Actor, ActorResolver, SentenceMentions, phrase_actors, place_of
from comity.extract.codebook import Codebook, located_cameo_roots
from comity.extract.commitments import CommitmentKind, Commitments
from comity.extract.dating import (
    date_before,
    date_earlier_mention,
    date_fields,
    date_in_sentence,
    date_of_referent,
    date_of_same_act,
    day_for_roles,
    refers_back,
)
from comity.extract.frames import Carry, Frame, FrameFinder
from comity.extract.lexicon import TriggerLexicon
from comity.extract.modes import is_refusal, mode_of
from comity.extract.records import RecordReferences
from comity.kb import KnowledgeBase
from comity.models import (
    Document,
    EntityKind,
    Event,
    Mention,
    Mode,
    NameKind,
    TimeExpr,
)
from comity.nlp.parse_view import ParseView
from comity.nlp.sentences import SentenceSpan

_QUOTE = re.compile(r"“[^”]*”|\"[^\"\n]*\"|«[^»]*»")
_SPEECH_VERBS = frozenset(
    {
        "say",
        "tell",
        "stress",
        "note",
        "add",
        "emphasize",
        "emphasise",
        "declare",
        "state",
        "announce",
        "write",
        "claim",
        "allege",
        "report",
    }
)
_OPINION_VERBS = frozenset(
    {"believe", "think", "argue", "opine", "reckon", "feel", "conclude", "assume", "suppose"}
)
_OPINION_NOUNS = frozenset({"opinion", "view"})


@dataclass
class ParsedSentence:
    """A sentence of the document with its parse and its gazetteer mentions."""

    span: SentenceSpan
    mentions: list[Mention]
    doc: Doc | None = None  # None when the prefilter decided not to parse it
    view: ParseView | None = None  # what was parsed, mapped to document offsets


class EventCoder:
    """Codes the parsed sentences of one document into events."""

    def __init__(
        self,
        kb: KnowledgeBase,
        lexicon: TriggerLexicon,
        codebook: Codebook,
        *,
        extractor: str,
        language: str = "en",
    ) -> None:
        self.resolver = ActorResolver(kb, lexicon.agents)
        self.commitments = Commitments.load()
        self.finder = FrameFinder(lexicon, self.resolver, self.commitments)
        self.records = RecordReferences.load(language)
        self.codebook = codebook
        self.extractor = extractor

    def code(
        self, document: Document, sentences: Sequence[ParsedSentence], dates: Sequence[TimeExpr]
    ) -> list[Event]:
        quotes = [(m.start(), m.end()) for m in _QUOTE.finditer(document.text)]
        carry = Carry()
        events: dict[str, Event] = {}
        for index, sentence in enumerate(sentences):
            day = day_for_roles(sentence.span, dates, document)
            if sentence.doc is not None and not _is_headline(document.text, sentences, index):
                following = sentences[index + 1].span if index + 1 < len(sentences) else None
                record = self.records.date_for_previous(
                    document.text, sentence.span, following, dates
                )
                self._code_sentence(
                    document, sentence, sentence.doc, day, dates, quotes, carry, events, record
                )
            self._remember_pair(document.text, sentence, carry, day)
        return list(events.values())

    def _code_sentence(
        self,
        document: Document,
        sentence: ParsedSentence,
        doc: Doc,
        day: date | None,
        dates: Sequence[TimeExpr],
        quotes: list[tuple[int, int]],
        carry: Carry,
        events: dict[str, Event],
        record: TimeExpr | None,
    ) -> None:
        """Code one sentence; `record` is the date the next sentence gives it, if any."""
        view = sentence.view or ParseView(doc.text, (0,), (sentence.span.start,))
        mentions = SentenceMentions(doc, sentence.mentions, view)
        place = place_of(doc, mentions)
        carry.speaker, speaking = self._speakers(doc, mentions, day)
        carry.speech_verb = speaking.head.i if speaking is not None else None
        carry.speakers_plural = speaking is not None and (
            speaking.tag_ in ("NNS", "NNPS") or bool(speaking.conjuncts)
        )
        frames = [
            frame
            for frame in self.finder.frames(doc, mentions, day, carry)
            if not _is_opinion(frame.trigger)
            and not (_inside(view.to_document(frame.trigger.idx), quotes) and not carry.speaker)
        ]
        references = [frame for frame in frames if not frame.sources and refers_back(frame)]
        for frame in frames:
            if not frame.sources:
                continue
            time = date_in_sentence(frame, sentence.span, dates, view)
            time = (
                time
                or date_of_referent(references, events)
                or record
                or date_before(sentence.span, dates)
                or date_of_same_act(frame, events)
            )
            for event in self._events(document, sentence, view, frame, time, place):
                events.setdefault(event.id, event)
            carry.subject = frame.sources
        for frame in references:
            time = date_in_sentence(frame, sentence.span, dates, view)
            if time is not None:
                date_earlier_mention(frame, time, place, events)

    def _events(
        self,
        document: Document,
        sentence: ParsedSentence,
        view: ParseView,
        frame: Frame,
        time: TimeExpr | None,
        place: Mention | None,
    ) -> list[Event]:
        act_mode = mode_of(frame.trigger, frame.governor)
        info = self.codebook.lookup(self._code_of(frame, act_mode))
        if info.plover is None:
            return []
        mode = act_mode
        if mode is Mode.ASSERTED and frame.entry.mode:
            mode = Mode(frame.entry.mode)
        if is_refusal(frame.entry.cameo, act_mode, frame.governor) or _promised(frame, act_mode):
            mode = Mode.ASSERTED  # the refusal or promise is what is stated
        dated = date_fields(time, document)
        trigger_start = view.to_document(frame.trigger.idx)
        events = []
        for source in frame.sources:
            for target in frame.targets or self._place_as_target(frame, place):
                if target.code == source.code and not self._domestic(source, target):
                    continue
                events.append(
                    Event(
                        id=event_id(
                            document.id, trigger_start, source.code, target.code, info.code
                        ),
                        doc_id=document.id,
                        source=source.code,
                        source_name=source.name,
                        source_sector=source.sector,
                        target=target.code,
                        target_name=target.name,
                        target_sector=target.sector,
                        plover=info.plover,
                        cameo=info.code,
                        goldstein=info.goldstein,
                        quad_class=info.quad_class,
                        mode=mode,
                        **dated,
                        location=place.code if place else None,
                        location_name=place.text if place else None,
                        sentence=document.text[sentence.span.start : sentence.span.end],
                        span_start=sentence.span.start,
                        span_end=sentence.span.end,
                        trigger=frame.trigger.text,
                        trigger_start=trigger_start,
                        trigger_end=trigger_start + len(frame.trigger.text),
                        language=document.language or "en",
                        confidence=_confidence(frame, source, target, time),
                        extractor=self.extractor,
                    )
                )
        return events

    def _domestic(self, source: Actor, target: Actor) -> bool:
        """ "Georgian protesters clashed with the Georgian police": two actors of one state."""
        return self.resolver.agents.is_domestic_pair(source.sector, target.sector)

    def _code_of(self, frame: Frame, mode: Mode) -> str:
        """The trigger's CAMEO code, or that of promising, threatening or refusing the act."""
        kind = self.commitments.kind_of(frame.governor)
        if kind is None and is_refusal(frame.entry.cameo, mode, frame.governor):
            kind = CommitmentKind.REFUSAL
        elif kind is None and _promised(frame, mode):
            kind = CommitmentKind.WISH  # a promise of a friendly act, a threat of a hostile one
        if kind is None:
            return frame.entry.cameo
        return self.commitments.code_for(kind, frame.entry.cameo)

    def _place_as_target(self, frame: Frame, place: Mention | None) -> list[Actor]:
        """A protest or an attack in another state, with no target named, is aimed at it."""
        if (
            place is None
            or place.code is None
            or frame.entry.cameo[:2] not in located_cameo_roots()
        ):
            return []
        state = self.resolver.kb.get(place.code)
        return [Actor(state.code, state.name, None, place)] if state is not None else []

    def _speakers(
        self, doc: Doc, mentions: SentenceMentions, day: date | None
    ) -> tuple[list[Actor], Token | None]:
        """The actors who say the sentence's words ("..., the Turkish minister said"),
        and the subject naming them (its head is the verb they say them with).

        A quotation counts as an event only when an actor is the one speaking, and
        its "we" is that actor.
        """
        for token in doc:
            if token.lemma_.lower() in _SPEECH_VERBS:
                for child in token.children:
                    if child.dep_ == "nsubj":
                        speakers = phrase_actors(child, mentions, self.resolver, day)
                        if speakers:
                            return speakers, child
        return [], None

    def _remember_pair(
        self, text: str, sentence: ParsedSentence, carry: Carry, day: date | None
    ) -> None:
        """The last person named stands for "he"; the first two states for "the two countries".

        States count by their names, people and institutions by the state they act
        for; a capital or city after "in" or "at" is where things happened, not a party.
        """
        people = [m for m in sentence.mentions if m.kind is EntityKind.PERSON]
        if people:
            actor = self.resolver.resolve(people[-1], day)
            carry.person = [actor] if actor is not None else []
        states: dict[str, Actor] = {}
        for mention in sentence.mentions:
            actor = None if _is_place_named(text, mention) else self.resolver.resolve(mention, day)
            if actor is not None and self._is_state(actor.code):
                states.setdefault(actor.code, actor)
        if len(states) >= 2:
            carry.pair = list(states.values())[:2]

    def _is_state(self, code: str) -> bool:
        entity = self.resolver.kb.get(code)
        return entity is not None and entity.kind is EntityKind.STATE


def _promised(frame: Frame, mode: Mode) -> bool:
    """ "Turkey said it would send aid": the speaker's own future act, not negated."""
    return frame.announced and mode is not Mode.NEGATED


def _is_place_named(text: str, mention: Mention) -> bool:
    """ "in Ashgabat", "at Baku": a capital or city named as the place of the action."""
    if mention.name_kind not in (NameKind.CAPITAL, NameKind.CITY):
        return False
    before = text[max(0, mention.start - 4) : mention.start].lower()
    return before.endswith(("in ", "at "))


def _is_headline(text: str, sentences: Sequence[ParsedSentence], index: int) -> bool:
    """A short first line without final punctuation is a headline: its events are the body's."""
    if index != 0 or len(sentences) < 2 or sentences[1].span.paragraph == 0:
        return False
    line = text[sentences[0].span.start : sentences[0].span.end]
    return len(line.split()) <= 12 and line[-1] not in '.!?…"”'


def _inside(position: int, spans: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _is_opinion(trigger: Token) -> bool:
    """ "the expert believes ...", "in his opinion ..."."""
    for ancestor in trigger.ancestors:
        if ancestor.lemma_.lower() in _OPINION_VERBS:
            return True
    root = trigger.sent.root
    return any(
        t.lemma_.lower() in _OPINION_NOUNS and t.head.lower_ == "in" and t.head.head.i == root.i
        for t in trigger.sent
    )


def _confidence(frame: Frame, source: Actor, target: Actor, time: TimeExpr | None) -> float:
    score = 0.55
    if time is not None:
        score += 0.15
    if frame.trigger.pos_ in ("VERB", "AUX"):
        score += 0.1
    if source.mention.kind is EntityKind.PERSON or target.mention.kind is EntityKind.STATE:
        score += 0.1
    return round(min(score, 0.95), 2)


def event_id(doc_id: str, trigger_start: int, source: str, target: str, cameo: str) -> str:
    key = f"{doc_id}|{trigger_start}|{source}|{target}|{cameo}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]
