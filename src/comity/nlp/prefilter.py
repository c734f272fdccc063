"""The cheap pass that decides which sentences deserve a dependency parse.

An event needs a trigger word and two different actors, the source and the
target. So a sentence is parsed only if it has a trigger word (any inflected form
of a lexicon lemma) outside the names found in it, something that can act (a
state, organisation, person or institution) or refer back ("he", "they"), and
one of:
- two different codes among its names (a state and a person of another, a place...);
- a word the coder resolves to earlier actors ("he", "the two countries");
- a date and a noun trigger, after a parsed sentence: a definite event noun ("the
  visit ... on 3 May") dates the earlier events of its kind;
- two names of one state, with a non-state group noun ("Georgian protesters" and
  "the Georgian government"): the coder keeps events between such actors.
A sentence naming one actor is not parsed for the sake of a later "he": the
coder carries the last person named from every sentence's names, parsed or not.
Everything else is skipped unparsed, which is where comity's speed over
full-parse coders comes from (issue 9 measures it). Each condition mirrors a way
the coder can use a parse, so skipping loses no event.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from comity.models import EntityKind, Mention

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# Words that stand for actors of earlier sentences (see comity.extract.frames).
PERSON_ANAPHORS = frozenset({"he", "she"})
# "the two countries", "both sides", "the leaders": the two actors of an earlier sentence.
PAIR_ANAPHORS = frozenset(
    {
        "parties",
        "sides",
        "countries",
        "states",
        "nations",
        "governments",
        "leaders",
        "presidents",
        "ministers",
        "delegations",
        "heads",
        "counterparts",
    }
)
# How the coder reads a pair word as the earlier pair: "the two leaders", "both
# countries", "the parties" (comity.extract.frames); "the leaders" of a summit is not.
_PAIR_REFERENCE = re.compile(
    r"\b(?:two|both)\s+(?:[\w-]+\s+){0,2}?(?:"
    + "|".join(sorted(PAIR_ANAPHORS))
    + r")\b|\bthe\s+(?:parties|sides)\b",
    re.IGNORECASE,
)
_CARRIED = PERSON_ANAPHORS | PAIR_ANAPHORS
# "They" is never resolved, but a sentence of theirs can still date an earlier event.
_REFERRING = _CARRIED | {"they"}
_ACTING_KINDS = frozenset(
    {EntityKind.STATE, EntityKind.ORGANISATION, EntityKind.PERSON, EntityKind.INSTITUTION}
)


@dataclass(frozen=True)
class SentenceFacts:
    """What the prefilter knows of a sentence before any parse."""

    text: str
    start: int  # document offset of `text`, the frame of the mentions' offsets
    mentions: Sequence[Mention]
    dated: bool  # a time expression lies inside the sentence


class Prefilter:
    """Picks the sentences of a document that can give an event once parsed.

    `trigger_forms` are all word forms of the lexicon's triggers, `noun_forms`
    those of its noun triggers (default: all of them), `domestic_forms` those of
    the group nouns that make a state's name a non-state actor ("rebels").
    """

    def __init__(
        self,
        trigger_forms: frozenset[str],
        *,
        noun_forms: frozenset[str] | None = None,
        required: Mapping[str, frozenset[str]] | None = None,
        domestic_forms: frozenset[str] = frozenset(),
        enabled: bool = True,
    ) -> None:
        self.trigger_forms = trigger_forms
        self.noun_forms = trigger_forms if noun_forms is None else noun_forms
        # Forms that trigger only with one of these words in the sentence ("took" + "part").
        self.required = required or {}
        # Non-state group nouns ("rebels", "protesters"): events inside one state.
        self.domestic_forms = domestic_forms
        self.enabled = enabled

    def wanted(self, sentences: Sequence[SentenceFacts]) -> list[bool]:
        """For each sentence of one document, in order: whether to parse it."""
        if not self.enabled:
            return [True] * len(sentences)
        wanted: list[bool] = []
        for sentence in sentences:
            words = {word.lower() for word in _WORD.findall(sentence.text)}
            wanted.append(self._wanted(sentence, words, earlier_events=any(wanted)))
        return wanted

    def _wanted(
        self,
        sentence: SentenceFacts,
        words: set[str],
        *,
        earlier_events: bool,
    ) -> bool:
        triggers = self._free_triggers(sentence) if not words.isdisjoint(self.trigger_forms) else []
        triggers = [t for t in triggers if t not in self.required or words & self.required[t]]
        if not triggers:
            return False
        if words.isdisjoint(_REFERRING) and not any(
            mention.kind in _ACTING_KINDS for mention in sentence.mentions
        ):
            return False
        codes = len({mention.code for mention in sentence.mentions if mention.code})
        if codes >= 2 or not words.isdisjoint(PERSON_ANAPHORS):
            return True
        if not words.isdisjoint(PAIR_ANAPHORS) and _PAIR_REFERENCE.search(sentence.text):
            return True
        if (
            codes == 1
            and len(sentence.mentions) >= 2
            and not words.isdisjoint(self.domestic_forms)
            and self._names_domestic_agent(sentence)
        ):
            return True
        # "The visit ... on 3 May": a dated event noun re-dates an earlier event of its kind.
        return sentence.dated and earlier_events and not self.noun_forms.isdisjoint(triggers)

    def _names_domestic_agent(self, sentence: SentenceFacts) -> bool:
        """A group noun right after a name ("Kurdish rebels") or before "in" + a name
        ("rebels in Syria"): the ways the coder turns a state's name into such an agent."""
        text = sentence.text.lower()
        for mention in sentence.mentions:
            after = _WORD.match(text, _skip_spaces(text, mention.end - sentence.start))
            if after is not None and after.group() in self.domestic_forms:
                return True
            before = text[: mention.start - sentence.start].split()
            if len(before) >= 2 and before[-1] == "in" and before[-2] in self.domestic_forms:
                return True
        return False

    def _free_triggers(self, sentence: SentenceFacts) -> list[str]:
        """Trigger forms outside every name: a word inside a name is never a trigger."""
        names = [(m.start - sentence.start, m.end - sentence.start) for m in sentence.mentions]
        return [
            word.group().lower()
            for word in _WORD.finditer(sentence.text)
            if word.group().lower() in self.trigger_forms
            and not any(start <= word.start() and word.end() <= end for start, end in names)
        ]


def _skip_spaces(text: str, index: int) -> int:
    while index < len(text) and text[index] == " ":
        index += 1
    return index
