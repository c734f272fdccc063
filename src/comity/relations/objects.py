"""Finding what a relation is about in a sentence: treaties by name, and positions.

A treaty is either one the rules know ("the Shusha Declaration") or a name of the
form the press uses for one: capitalised words ending in an instrument noun ("the
Nakhchivan Agreement"), or an instrument noun followed by "on ..." ("the Treaty on
Eternal Friendship and Cooperation", "a framework agreement on military cooperation").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from comity.kb.folding import fold
from comity.relations.rules import Position, RelationRules

_NOUNS = r"(?:Treaty|Agreement|Declaration|Accord|Pact|Charter|Convention|Memorandum|Protocol)"
_CAPITALISED = r"(?:[A-Z][\w'’.-]*\s+)"
# "Nakhchivan Agreement", "Istanbul Declaration", "North Atlantic Treaty"
_NAMED_BEFORE = re.compile(rf"\b(?:{_CAPITALISED}){{1,5}}{_NOUNS}\b(?!s)")
# "Treaty on Eternal Friendship and Cooperation", "agreement on military cooperation"
_NAMED_AFTER = re.compile(
    rf"\b(?:(?:[a-z-]+\s+){{0,2}}(?i:{_NOUNS})|{_NOUNS})\s+(?:on|of)\s+"
    r"(?:the\s+)?(?P<topic>(?:[A-Z][\w'’-]*|[a-z][\w-]*|and|,)(?:[\s,]+(?:[A-Z][\w'’-]*|and\b|"
    r"[a-z][\w-]*))*)"
)
# Words that end an "on ..." topic: the rest of the sentence talks of something else.
_TOPIC_STOP = re.compile(
    r"\s+(?:between|with|by|in|at|signed|was|were|is|are|has|had|of\s+(?:the\s+)?[A-Z]|"
    r"dated|from|which|that|who|to|for|on|as)\b|[,;:()“”\"]"
)
_GENERIC_NOUN = re.compile(rf"\b(?i:{_NOUNS})\b")
# Words that may stand before an instrument's name but are not part of it.
_LEADING = re.compile(
    r"(?:(?:the|a|an|are|is|was|were|this|that|these|its|their|his|her|our|and|of|to|"
    r"sign|signed|signing|join|joined|joining|ratify|ratified|ratifying|under|by|with|in|on|"
    r"for|from|into|new)\s+)+",
    re.IGNORECASE,
)
_SAME_OBJECT = re.compile(
    r"\W*(?:,\s*)?(?:which\s+)?(?:is|was|has\s+been|had\s+been)?\s*(?:previously|formerly|"
    r"originally|initially)?\s*(?:an?|the)\s+(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)
_TRAILING = re.compile(r"(?:\s*,|\s+and)+\s*$")


@dataclass(frozen=True)
class Found:
    """A treaty or position named in a sentence, at sentence offsets."""

    start: int
    end: int
    name: str
    key: str
    favours: str | None = None  # for positions: the state the position favours


def find_instruments(sentence: str, rules: RelationRules) -> list[Found]:
    """Treaties named in `sentence`, known ones under their canonical key, in text order.

    A name that only describes the one before it is left out: in "the Shusha
    Declaration is a strategic agreement on joint defense" there is one treaty.
    """
    found = _known_instruments(sentence, rules)
    for match in _NAMED_BEFORE.finditer(sentence):
        _add_unless_overlapping(found, _named(sentence, match.start(), match.end(), rules))
    for match in _NAMED_AFTER.finditer(sentence):
        end = _topic_end(sentence, match.start("topic"), match.end())
        if end > match.start("topic"):
            _add_unless_overlapping(found, _named(sentence, match.start(), end, rules))
    kept: list[Found] = []
    for item in sorted(found, key=lambda item: item.start):
        if not (kept and _SAME_OBJECT.match(sentence, kept[-1].end, item.start)):
            kept.append(item)
    return kept


def generic_instrument_nouns(sentence: str) -> list[tuple[int, int]]:
    """Spans of bare instrument nouns ("a bilateral agreement"), which refer back."""
    return [(m.start(), m.end()) for m in _GENERIC_NOUN.finditer(sentence)]


def find_positions(
    sentence: str, rules: RelationRules, states: dict[int, tuple[str, str]]
) -> list[Found]:
    """Positions named in `sentence`; a template position takes the state named right
    after it (`states` maps sentence offsets of state names to their code and text)."""
    found = []
    for position in rules.positions:
        for match in position.pattern.finditer(sentence):
            favoured = _favoured(position, match.end(), states)
            if favoured is not None:
                favours, state_name = favoured
                name = position.name.replace("{state}", state_name)
                key = position.key if not position.is_template else f"{position.key}:{favours}"
                found.append(Found(match.start(), match.end(), name, key, favours))
                break
    return found


def _favoured(
    position: Position, end: int, states: dict[int, tuple[str, str]]
) -> tuple[str, str] | None:
    if not position.is_template:
        return position.favours, position.favours
    following = [offset for offset in states if 0 <= offset - end <= 6]
    return states[min(following)] if following else None


def _known_instruments(sentence: str, rules: RelationRules) -> list[Found]:
    folded = fold(sentence)
    found: list[Found] = []
    if not rules.any_instrument.search(folded):
        return found
    for instrument in rules.instruments:
        for pattern in instrument.patterns:
            for match in pattern.finditer(folded):
                _add_unless_overlapping(
                    found, Found(match.start(), match.end(), instrument.name, instrument.key)
                )
    return found


def _named(sentence: str, start: int, end: int, rules: RelationRules) -> Found:
    leading = _LEADING.match(sentence, start, end)
    if leading is not None:
        start = leading.end()
    name = sentence[start:end].strip()
    return Found(start, end, name, _key(name, rules))


def _key(name: str, rules: RelationRules) -> str:
    folded = fold(name)
    for instrument in rules.instruments:
        if folded in instrument.folded_names:
            return instrument.key
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def _topic_end(sentence: str, topic_start: int, limit: int) -> int:
    stop = _TOPIC_STOP.search(sentence, topic_start, limit)
    end = stop.start() if stop else limit
    trailing = _TRAILING.search(sentence, topic_start, end)
    return trailing.start() if trailing else end


def _add_unless_overlapping(found: list[Found], item: Found) -> None:
    if all(item.end <= other.start or item.start >= other.end for other in found):
        found.append(item)
