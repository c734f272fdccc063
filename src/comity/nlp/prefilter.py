"""The cheap pass that decides which sentences deserve a dependency parse.

A sentence can hold an event only if it has a trigger word (any inflected form of
a lexicon lemma) and something that can act: a named actor, or a word that refers
back to one ("he", "the parties"). Everything else is skipped unparsed, which is
where comity's speed over full-parse coders comes from (issue 9 measures it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from comity.models import EntityKind, Mention

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_REFERRING_WORDS = frozenset({"he", "she", "they", "parties", "sides", "countries", "states"})
_ACTING_KINDS = frozenset(
    {EntityKind.STATE, EntityKind.ORGANISATION, EntityKind.PERSON, EntityKind.INSTITUTION}
)


class Prefilter:
    """Keeps sentences with a trigger form and an actor (or a word referring to one)."""

    def __init__(self, trigger_forms: frozenset[str], *, enabled: bool = True) -> None:
        self.trigger_forms = trigger_forms
        self.enabled = enabled

    def keep(self, sentence: str, mentions: Sequence[Mention]) -> bool:
        if not self.enabled:
            return True
        words = {word.lower() for word in _WORD.findall(sentence)}
        if words.isdisjoint(self.trigger_forms):
            return False
        if any(mention.kind in _ACTING_KINDS for mention in mentions):
            return True
        return not words.isdisjoint(_REFERRING_WORDS)
