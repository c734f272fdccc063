"""Find the names of states, organisations, persons, institutions and places in text.

`Gazetteer(kb)` compiles every alias of a knowledge base into one Aho-Corasick
automaton over folded text (case and diacritics removed, one character for one
character, so offsets into the original text stay exact). `find` keeps matches
that stand as whole words, pass their alias's case rule and are not a given
name in disguise, then takes them leftmost-longest without overlaps: "Turkish
Republic of Northern Cyprus" is one TRNC mention, not TUR and CYP.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import ahocorasick

from comity.kb.aliases import Alias, MatchRule
from comity.kb.folding import fold, fold_table, strip_marks, strip_table
from comity.kb.institutions import HeadMatch, institution_alias
from comity.kb.knowledge_base import KnowledgeBase
from comity.models import EntityKind, Mention, NameKind

_BLOCKER = -1  # a phrase that only hides the names inside it ("Indian Ocean", "New Jersey")
_SENTENCE_OPENERS = frozenset('.!?:;"“‘(\n')


def alias_priority(alias: Alias) -> int:
    """Which alias wins when two name the same text; lower wins."""
    if alias.surname_only:
        return 7
    if alias.kind is EntityKind.STATE:
        return _STATE_PRIORITY[alias.name_kind]
    return _KIND_PRIORITY[alias.kind]


_STATE_PRIORITY = {
    NameKind.NAME: 0,
    NameKind.ABBREVIATION: 0,
    NameKind.ADJECTIVE: 3,
    NameKind.DEMONYM: 3,
    NameKind.CAPITAL: 5,
}
_KIND_PRIORITY = {
    EntityKind.ORGANISATION: 1,
    EntityKind.INSTITUTION: 2,
    EntityKind.TREATY: 2,
    EntityKind.PERSON: 4,
    EntityKind.PLACE: 6,
}


@dataclass(frozen=True, slots=True)
class Match:
    """An alias found at `start:end` of a text."""

    start: int
    end: int
    alias: Alias


@dataclass(frozen=True, slots=True)
class _Entry:
    alias: Alias | None  # None for a blocker
    priority: int
    stripped: str  # the alias text without diacritics, for case-sensitive checks
    stripped_upper: str

    @classmethod
    def of(cls, alias: Alias | None, text: str, priority: int) -> _Entry:
        stripped = strip_marks(text)
        return cls(alias, priority, stripped, stripped.upper())


@dataclass(frozen=True, slots=True)
class _Key:
    length: int
    starts_in_word: bool  # the key begins with a letter or digit: needs a boundary before it
    ends_in_word: bool
    entries: tuple[_Entry, ...]


class Gazetteer:
    """Finds knowledge-base names in text; build once, call `find` per sentence or document."""

    def __init__(
        self,
        kb: KnowledgeBase,
        *,
        generic_institutions: bool = False,
        aliases: Iterable[Alias] | None = None,
    ) -> None:
        """`generic_institutions` also reads "the Kazakh Defence Ministry" or "the Foreign
        Ministry of Uzbekistan" as one institution mention of the state, with the head's sector.
        `aliases` replaces the knowledge base's own (the Russian kit adds their case forms)."""
        rules = kb.disambiguation
        self._heads = kb.heads if generic_institutions else None
        self._holders = kb.institution_holders()
        self._fold = fold_table()
        self._strip = strip_table()
        self._allowed_neighbours = rules.allowed_neighbours
        grouped = _group_by_key(kb.aliases() if aliases is None else aliases, rules.blockers)
        resolved, ambiguous = _resolve_all(grouped, rules.preferred)
        self.ambiguous: tuple[str, ...] = tuple(sorted(ambiguous))
        self._automaton = _compile(resolved)

    def find(self, text: str) -> list[Mention]:
        """Mentions in `text`, leftmost-longest and non-overlapping, in text order."""
        return [_mention(text, match) for match in self.matches(text)]

    def matches(self, text: str) -> list[Match]:
        """Like `find`, but with the alias each mention came from."""
        candidates = self._candidates(text)
        chosen: list[Match] = []
        last_end = -1
        for start, end, alias in sorted(candidates, key=lambda c: (c[0], -c[1])):
            if start < last_end:
                continue
            last_end = end
            if alias is not None:
                chosen.append(Match(start, end, alias))
        if self._heads is None:
            return chosen
        return self._with_institutions(text, chosen)

    def _with_institutions(self, text: str, chosen: list[Match]) -> list[Match]:
        """State names widened to the generic institution phrase around them, where there is one."""
        assert self._heads is not None
        folded = text.translate(self._fold)
        widened: list[Match] = []
        for index, match in enumerate(chosen):
            found = self._institution_at(folded, match)
            previous_end = widened[-1].end if widened else 0
            next_start = chosen[index + 1].start if index + 1 < len(chosen) else len(text)
            if found is None or found.start < previous_end or found.end > next_start:
                widened.append(match)
                continue
            alias = institution_alias(text[found.start : found.end], match.alias.code, found.sector)
            widened.append(Match(found.start, found.end, alias))
        return widened

    def _institution_at(self, folded: str, match: Match) -> HeadMatch | None:
        alias = match.alias
        acts = alias.kind is EntityKind.STATE or alias.code in self._holders
        if self._heads is None or not acts or alias.kind is EntityKind.INSTITUTION:
            return None
        return self._heads.around(folded, match.start, match.end, alias.name_kind)

    def _candidates(self, text: str) -> list[tuple[int, int, Alias | None]]:
        folded = text.translate(self._fold)
        candidates: list[tuple[int, int, Alias | None]] = []
        for last, key in self._automaton.iter(folded):
            end = last + 1
            start = end - key.length
            if not _stands_alone(text, start, end, key):
                continue
            entry = self._first_fitting(text, start, end, key.entries)
            if entry is not None:
                candidates.append((start, end, entry.alias))
        return candidates

    def _first_fitting(
        self, text: str, start: int, end: int, entries: Sequence[_Entry]
    ) -> _Entry | None:
        for entry in entries:
            if self._fits(text, start, end, entry):
                return entry
        return None

    def _fits(self, text: str, start: int, end: int, entry: _Entry) -> bool:
        alias = entry.alias
        if alias is None:
            return True
        if alias.match is MatchRule.EXACT and text[start:end] != alias.text:
            return False
        if alias.match is MatchRule.CASE:
            span = text[start:end].translate(self._strip)
            if span != entry.stripped and span != entry.stripped_upper:
                return False
        return not (alias.person_like and self._reads_as_person(text, start, end))

    def _reads_as_person(self, text: str, start: int, end: int) -> bool:
        """True when a capitalised word right before or after makes the name a person's.

        "Michael Jordan" or "Chad Smith" is a person; "President of Chad", "Chad
        President", "In Jordan" (sentence-initial) are the country.
        """
        following = _next_word(text, end)
        if following and following[0].isupper() and following not in self._allowed_neighbours:
            return True
        preceding, at = _previous_word(text, start)
        return bool(
            preceding
            and preceding[0].isupper()
            and preceding not in self._allowed_neighbours
            and not _opens_sentence(text, at)
        )


def _mention(text: str, match: Match) -> Mention:
    alias = match.alias
    return Mention(
        start=match.start,
        end=match.end,
        text=text[match.start : match.end],
        code=alias.code,
        kind=alias.kind,
        name_kind=alias.name_kind,
        sector=alias.sector,
    )


def _stands_alone(text: str, start: int, end: int, key: _Key) -> bool:
    """Whole-word check: "Osh" in "Oshkosh" fails; "Tashkent" in "Tashkent's" passes."""
    if key.starts_in_word and start > 0 and text[start - 1].isalnum():
        return False
    return not (key.ends_in_word and end < len(text) and text[end].isalnum())


def _next_word(text: str, end: int) -> str:
    position = end
    while position < len(text) and text[position] == " ":
        position += 1
    if position == end:  # punctuation or a line break ends the phrase
        return ""
    stop = position
    while stop < len(text) and text[stop].isalpha():
        stop += 1
    return text[position:stop]


def _previous_word(text: str, start: int) -> tuple[str, int]:
    position = start
    while position > 0 and text[position - 1] == " ":
        position -= 1
    if position == start:
        return "", start
    begin = position
    while begin > 0 and text[begin - 1].isalpha():
        begin -= 1
    return text[begin:position], begin


def _opens_sentence(text: str, at: int) -> bool:
    position = at
    while position > 0 and text[position - 1] == " ":
        position -= 1
    return position == 0 or text[position - 1] in _SENTENCE_OPENERS


def _group_by_key(aliases: Iterable[Alias], blockers: Iterable[str]) -> dict[str, list[_Entry]]:
    grouped: dict[str, list[_Entry]] = defaultdict(list)
    for alias in aliases:
        grouped[fold(alias.text)].append(_Entry.of(alias, alias.text, alias_priority(alias)))
    for phrase in blockers:
        grouped[fold(phrase)].append(_Entry.of(None, phrase, _BLOCKER))
    return grouped


def _resolve_all(
    grouped: dict[str, list[_Entry]], preferred: dict[str, str]
) -> tuple[dict[str, list[_Entry]], set[str]]:
    resolved: dict[str, list[_Entry]] = {}
    ambiguous: set[str] = set()
    for key, entries in grouped.items():
        kept, tied = _resolve(entries, preferred)
        if tied:
            ambiguous.add(key)
        if kept:
            resolved[key] = kept
    return resolved, ambiguous


def _resolve(entries: list[_Entry], preferred: dict[str, str]) -> tuple[list[_Entry], bool]:
    """Entries of one folded key, best first, and whether an unsettled tie was dropped.

    A bare surname gives way to any other name; two entities with the same name
    at the same priority keep only the one `preferred` names, or neither.
    """
    if any(not _is_surname(e) for e in entries):
        entries = [e for e in entries if not _is_surname(e)]
    by_priority: dict[int, list[_Entry]] = defaultdict(list)
    for entry in entries:
        by_priority[entry.priority].append(entry)
    kept: list[_Entry] = []
    tied = False
    for priority in sorted(by_priority):
        settled = _settle_tie(by_priority[priority], preferred)
        tied = tied or not settled
        kept.extend(settled)
    return kept, tied


def _settle_tie(entries: list[_Entry], preferred: dict[str, str]) -> list[_Entry]:
    codes = {e.alias.code for e in entries if e.alias is not None}
    if len(codes) <= 1:
        return entries
    for entry in entries:
        choice = preferred.get(entry.alias.text) if entry.alias else None
        if choice in codes:
            return [e for e in entries if e.alias is not None and e.alias.code == choice]
    return []


def _is_surname(entry: _Entry) -> bool:
    return entry.alias is not None and entry.alias.surname_only


def _compile(resolved: dict[str, list[_Entry]]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for key, entries in resolved.items():
        automaton.add_word(key, _Key(len(key), key[0].isalnum(), key[-1].isalnum(), tuple(entries)))
    automaton.make_automaton()
    return automaton
