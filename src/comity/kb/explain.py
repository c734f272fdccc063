"""Why a text resolves to the actors it does: the records behind `comity actors show`.

`explain(text, kb, day)` finds every name in `text` with a gazetteer (generic
institution phrases included) and says, for each, what it resolves to and by
which rule: a person's office on `day` and their other offices, an
institution's state and sector, that a capital acts only when it heads an
argument, that a city is a place. Capitalised words no name covers are listed
as unresolved. `check_user_file` says what a user's knowledge-base file adds
to or replaces in the shipped one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from comity.kb.aliases import Alias
from comity.kb.gazetteer import Gazetteer, Match
from comity.kb.knowledge_base import KnowledgeBase, read_user_file
from comity.kb.records import AnyRecord
from comity.models import EntityKind, NameKind, Role

CAPITAL_NOTE = "a capital: acts only when it heads an argument, a place otherwise"
CITY_NOTE = "a place, never an actor"
_CAPITALISED = re.compile(r"\b[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’.-]*(?:[ ]+(?:of[ ]+)?[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’.-]*)*")
_SENTENCE_END = frozenset('.!?\n"“')


@dataclass(frozen=True, slots=True)
class RoleLine:
    """One office of a person, with its term."""

    office: str
    state: str
    sector: str | None
    start: date | None
    end: date | None


@dataclass(frozen=True, slots=True)
class Resolution:
    """One name found in the text and what it stands for."""

    text: str
    start: int
    end: int
    code: str
    kind: EntityKind
    name_kind: NameKind
    alias: str  # the knowledge-base name that matched
    rule: str  # how it matched: fold, case, exact, or a generic institution rule
    entity: str | None  # the entity behind the name: a person, institution or place code
    entity_name: str
    actor: str | None  # the code it acts as on the day, None when it cannot act
    state: str | None
    sector: str | None
    role: RoleLine | None = None
    other_roles: tuple[RoleLine, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True)
class Unresolved:
    """A capitalised phrase the knowledge base does not name."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Explanation:
    text: str
    day: date | None
    resolutions: tuple[Resolution, ...]
    unresolved: tuple[Unresolved, ...]


@dataclass(frozen=True, slots=True)
class FileCheck:
    """What a user knowledge-base file does: codes it adds and codes it replaces."""

    path: Path
    added: tuple[tuple[str, str, str], ...]  # (code, type, name)
    overridden: tuple[tuple[str, str, str], ...]


def explain(
    text: str, kb: KnowledgeBase, day: date | None = None, gazetteer: Gazetteer | None = None
) -> Explanation:
    """Every name in `text`, what it resolves to on `day`, and the capitalised words left over."""
    finder = gazetteer or Gazetteer(kb, generic_institutions=True)
    matches = finder.matches(text)
    resolutions = tuple(_resolution(text, match, kb, day) for match in matches)
    return Explanation(text, day, resolutions, tuple(_unresolved(text, matches)))


def _resolution(text: str, match: Match, kb: KnowledgeBase, day: date | None) -> Resolution:
    alias = match.alias
    base: dict[str, Any] = {
        "text": text[match.start : match.end],
        "start": match.start,
        "end": match.end,
        "code": alias.code,
        "kind": alias.kind,
        "name_kind": alias.name_kind,
        "alias": alias.text,
        "rule": _rule(alias),
    }
    if alias.kind is EntityKind.PERSON:
        return _person(base, alias, kb, day)
    entity_code = alias.entity or alias.code
    entity = kb.get(entity_code)
    name = entity.name if entity is not None else _state_name(kb, alias.code)
    if alias.name_kind is NameKind.CITY:
        return Resolution(
            **base,
            entity=entity_code,
            entity_name=name,
            actor=None,
            state=alias.state,
            sector=None,
            note=CITY_NOTE,
        )
    note = CAPITAL_NOTE if alias.name_kind is NameKind.CAPITAL else ""
    return Resolution(
        **base,
        entity=alias.entity,
        entity_name=name,
        actor=alias.code,
        state=alias.state or alias.code,
        sector=alias.sector,
        note=note,
    )


def _person(base: dict[str, Any], alias: Alias, kb: KnowledgeBase, day: date | None) -> Resolution:
    entity = kb.entity(alias.code)
    role = entity.role_on(day)
    others = tuple(_role_line(r) for r in entity.roles if r != role)
    note = "" if role is not None else "no office on this day: not an actor"
    return Resolution(
        **base,
        entity=entity.code,
        entity_name=entity.name,
        actor=role.state if role is not None else None,
        state=role.state if role is not None else entity.state,
        sector=role.sector if role is not None else None,
        role=_role_line(role) if role is not None else None,
        other_roles=others,
        note=note,
    )


def _role_line(role: Role) -> RoleLine:
    return RoleLine(role.office, role.state, role.sector, role.start, role.end)


def _rule(alias: Alias) -> str:
    if alias.kind is EntityKind.INSTITUTION and alias.entity is None:
        return "generic institution (state name + head word)"
    rule = alias.match.value
    if alias.surname_only:
        rule += ", surname alone"
    if alias.person_like:
        rule += ", person-like name"
    return rule


def _state_name(kb: KnowledgeBase, code: str) -> str:
    entity = kb.get(code)
    return entity.name if entity is not None else code


def _unresolved(text: str, matches: list[Match]) -> list[Unresolved]:
    covered = [(m.start, m.end) for m in matches]
    found: list[Unresolved] = []
    for phrase in _CAPITALISED.finditer(text):
        start, end = phrase.start(), phrase.end()
        while end > start and text[end - 1] in ".'’-":
            end -= 1
        if any(s < end and start < e for s, e in covered):
            continue
        if " " not in text[start:end] and _opens_sentence(text, start):
            continue  # one capitalised word at a sentence start is just a sentence start
        found.append(Unresolved(text[start:end], start, end))
    return found


def _opens_sentence(text: str, at: int) -> bool:
    before = text[:at].rstrip()
    return not before or before[-1] in _SENTENCE_END


def check_user_file(path: Path, kb: KnowledgeBase) -> FileCheck:
    """Validate a user JSONL file (raises ConfigError) and say what it adds or replaces."""
    records = read_user_file(path)
    added: list[tuple[str, str, str]] = []
    overridden: list[tuple[str, str, str]] = []
    for record in records:
        row = (record.code, record.type, record.name)
        (overridden if record.code in kb else added).append(row)
    KnowledgeBase([*_records_of(kb), *records], kb.disambiguation, kb.version, kb.heads)
    return FileCheck(path, tuple(added), tuple(overridden))


def _records_of(kb: KnowledgeBase) -> list[AnyRecord]:
    return [kb.record(entity.code) for entity in kb.entities()]
