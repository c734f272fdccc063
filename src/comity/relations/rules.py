"""The relation rules, treaties and positions, read from `data/relations/`.

Everything comity knows about how text states a lasting relation is data: which
events start or end which relation, the cue words of stative sentences, the
treaties and the positions on disputes it recognises by name.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

from comity.errors import ConfigError
from comity.kb.folding import fold
from comity.models import RelationKind


def words_pattern(words: list[str] | tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive pattern for a list of words or phrases; `*` ends a prefix."""
    alternatives = []
    for word in sorted(words, key=len, reverse=True):
        if word.endswith("*"):
            alternatives.append(re.escape(word[:-1]) + r"\w*")
        else:
            alternatives.append(re.escape(word))
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class EventRule:
    """An event that starts (or ends) a relation; see `rules.toml`."""

    kind: RelationKind
    cameo: tuple[str, ...]
    ends: bool = False
    negated: bool = False
    triggers: re.Pattern[str] | None = None
    cues: re.Pattern[str] | None = None
    target: str | None = None
    needs: str | None = None


@dataclass(frozen=True)
class StatementCues:
    """The cue words of stative sentences."""

    pair_words: frozenset[str]
    negations: re.Pattern[str]
    negation_window: int
    diplomatic: re.Pattern[str]
    established: re.Pattern[str]
    ended: re.Pattern[str]
    alliance: re.Pattern[str]
    membership: re.Pattern[str]
    participation: re.Pattern[str]


@dataclass(frozen=True)
class Instrument:
    """A treaty, agreement or declaration known by name."""

    key: str
    name: str
    aliases: tuple[str, ...]
    signed: str | None
    parties: tuple[str, ...]
    # Its names folded (case and diacritics removed), and one pattern per name,
    # longest first, to run over a folded sentence; built once when the rules load.
    folded_names: frozenset[str]
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class Position:
    """A position on a dispute, and the state it favours (`{state}`: the one named)."""

    key: str
    name: str
    favours: str
    pattern: re.Pattern[str]

    @property
    def is_template(self) -> bool:
        return "{state}" in self.favours


@dataclass(frozen=True)
class RelationRules:
    events: tuple[EventRule, ...]
    statements: StatementCues
    instruments: tuple[Instrument, ...]
    positions: tuple[Position, ...]

    @cached_property
    def any_instrument(self) -> re.Pattern[str]:
        """One pattern for every known instrument name: most sentences name none, and
        one scan tells so (run over a folded sentence)."""
        names = sorted(
            {name for instrument in self.instruments for name in instrument.folded_names},
            key=len,
            reverse=True,
        )
        return re.compile(r"\b(?:" + "|".join(re.escape(name) for name in names) + r")\b")

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> RelationRules:
        """The shipped rules; ConfigError when a file is missing or malformed."""
        folder = resources.files("comity") / "data" / "relations"
        try:
            tables = tomllib.loads((folder / "rules.toml").read_text(encoding="utf-8"))
            return cls(
                events=tuple(_event_rule(table) for table in tables["event"]),
                statements=_statement_cues(tables["statement"]),
                instruments=tuple(
                    _instrument(record) for record in _jsonl(folder / "instruments.jsonl")
                ),
                positions=tuple(_position(record) for record in _jsonl(folder / "positions.jsonl")),
            )
        except (OSError, KeyError, ValueError, re.error) as error:
            raise ConfigError(f"the relation rules cannot be read: {error}") from error


def _jsonl(resource: Any) -> list[dict[str, Any]]:
    lines = resource.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _optional_words(table: dict[str, Any], name: str) -> re.Pattern[str] | None:
    return words_pattern(table[name]) if name in table else None


def _event_rule(table: dict[str, Any]) -> EventRule:
    return EventRule(
        kind=RelationKind(table["kind"]),
        cameo=tuple(table["cameo"]),
        ends=table.get("effect") == "end",
        negated=bool(table.get("negated", False)),
        triggers=_optional_words(table, "triggers"),
        cues=_optional_words(table, "cues"),
        target=table.get("target"),
        needs=table.get("needs"),
    )


def _statement_cues(table: dict[str, Any]) -> StatementCues:
    verbs = "|".join(re.escape(verb) for verb in table["member_verbs"])
    nouns = "|".join(
        re.escape(noun) for noun in sorted(table["member_nouns"], key=len, reverse=True)
    )
    return StatementCues(
        pair_words=frozenset(table["pair_words"]),
        negations=words_pattern(table["negations"]),
        negation_window=int(table["negation_window"]),
        diplomatic=words_pattern(table["diplomatic"]),
        established=words_pattern(table["established"]),
        ended=words_pattern(table["ended"]),
        alliance=words_pattern(table["alliance"]),
        # the words between a member and its organisation: "is a founding member of the"
        membership=re.compile(
            rf"^\W*(?:{verbs})\s+(?P<neg>not\s+|no\s+longer\s+)?(?:an?\s+|the\s+)?"
            rf"(?:{nouns})\s+(?:of|in)\s+(?:the\s+)?\W*$",
            re.IGNORECASE,
        ),
        participation=words_pattern(table["participation"]),
    )


def _instrument(record: dict[str, Any]) -> Instrument:
    aliases = tuple(record.get("aliases", ()))
    folded = sorted({fold(name) for name in (record["name"], *aliases)}, key=len, reverse=True)
    return Instrument(
        key=record["key"],
        name=record["name"],
        aliases=aliases,
        signed=record.get("signed"),
        parties=tuple(record.get("parties", ())),
        folded_names=frozenset(folded),
        patterns=tuple(re.compile(rf"\b{re.escape(name)}\b") for name in folded),
    )


def _position(record: dict[str, Any]) -> Position:
    pattern = re.compile(r"\b(?:" + "|".join(record["patterns"]) + r")", re.IGNORECASE)
    return Position(record["key"], record["name"], record["favours"], pattern)
