"""Aliases: every text by which an entity can be named, with what it resolves to.

An `Alias` already carries the code, kind and name kind a gazetteer mention of it
gets (a capital resolves to its state's ISO3 with name kind CAPITAL, a city to
its country's ISO3 as a PLACE, an institution to the state it acts for), plus
how its text must match: folded (case and diacritics ignored), case-sensitive, or
exact.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from comity.kb.folding import fold
from comity.kb.names import full_names, initials_names, surnames
from comity.kb.records import (
    AnyRecord,
    Disambiguation,
    InstitutionRecord,
    OrganisationRecord,
    PersonRecord,
    PlaceRecord,
    StateRecord,
)
from comity.models import EntityKind, NameKind

_SHORT_UPPERCASE = 5  # all-uppercase aliases up to this length are acronyms: case-sensitive
# Proper adjectives and demonyms are capitalised in English; lower-case "polish",
# "turkey" or "chinese" are other words.
_CASE_SENSITIVE_KINDS = (NameKind.ABBREVIATION, NameKind.ADJECTIVE, NameKind.DEMONYM)


class MatchRule(StrEnum):
    """How an alias's text must match the text it is found in."""

    FOLD = "fold"  # case- and diacritics-insensitive: "TURKIYE", "Türkiye", "turkiye"
    CASE = "case"  # as written (diacritics aside) or all capitals: "Turkish", "TURKISH"
    EXACT = "exact"  # character for character: "Malé"


@dataclass(frozen=True, slots=True)
class Alias:
    """One name of one entity and the mention it produces when found."""

    text: str
    code: str  # the code a mention gets: ISO3 for capitals, cities and institutions
    kind: EntityKind
    name_kind: NameKind
    sector: str | None = None
    state: str | None = None
    entity: str | None = None  # the entity the name belongs to, when it differs from `code`
    match: MatchRule = MatchRule.FOLD
    person_like: bool = False  # also a given name or surname ("Jordan", "Victoria")
    surname_only: bool = False  # a bare surname ("Erdogan"): the weakest kind of name


def record_aliases(records: Iterable[AnyRecord], rules: Disambiguation) -> list[Alias]:
    """All aliases of `records`, with match rules applied and ambiguous surnames left out."""
    records = list(records)
    shared = _shared_surnames(
        record for record in records if isinstance(record, PersonRecord) and record.surname_alone
    )
    aliases: list[Alias] = []
    for record in records:
        for alias in _aliases_of(record, shared):
            aliases.append(_with_rules(alias, rules))
    return _unique(aliases)


def _aliases_of(record: AnyRecord, shared_surnames: set[str]) -> Iterator[Alias]:
    if isinstance(record, StateRecord):
        return _state_aliases(record)
    if isinstance(record, OrganisationRecord):
        return _organisation_aliases(record)
    if isinstance(record, PersonRecord):
        return _person_aliases(record, shared_surnames)
    if isinstance(record, InstitutionRecord):
        return _institution_aliases(record)
    return _place_aliases(record)


def _state_aliases(state: StateRecord) -> Iterator[Alias]:
    def alias(text: str, name_kind: NameKind) -> Alias:
        return Alias(text, state.code, EntityKind.STATE, name_kind, state=state.code)

    names = [state.name, *state.names, *state.russian]
    if state.official_name:
        names.append(state.official_name)
    for text in _without_article(names):
        yield alias(text, NameKind.NAME)
    for text in state.abbreviations:
        yield alias(text, NameKind.ABBREVIATION)
    for text in state.adjectives:
        yield alias(text, NameKind.ADJECTIVE)
    for text in state.demonyms:
        yield alias(text, NameKind.DEMONYM)
    name_keys = {fold(text) for text in names}
    capitals = [state.capital, *state.capital_aliases] if state.capital else []
    for text in capitals:
        if fold(text) not in name_keys:  # "Singapore" the city-state is named, not its capital
            yield alias(text, NameKind.CAPITAL)


def _organisation_aliases(organisation: OrganisationRecord) -> Iterator[Alias]:
    names = [organisation.name, *organisation.names, *(f.name for f in organisation.former_names)]
    for text in _without_article(names):
        yield Alias(text, organisation.code, EntityKind.ORGANISATION, NameKind.NAME)
    for text in organisation.abbreviations:
        yield Alias(text, organisation.code, EntityKind.ORGANISATION, NameKind.ABBREVIATION)


def _institution_aliases(institution: InstitutionRecord) -> Iterator[Alias]:
    names = _without_article([institution.name, *institution.names])
    for text in [*names, *institution.abbreviations]:
        yield Alias(
            text,
            institution.state,
            EntityKind.INSTITUTION,
            NameKind.INSTITUTION,
            sector=institution.sector,
            state=institution.state,
            entity=institution.code,
            match=MatchRule.CASE if text in institution.abbreviations else MatchRule.FOLD,
        )


def _place_aliases(place: PlaceRecord) -> Iterator[Alias]:
    for text in [place.name, *place.names]:
        yield Alias(
            text, place.state, EntityKind.PLACE, NameKind.CITY, state=place.state, entity=place.code
        )


def _person_aliases(person: PersonRecord, shared_surnames: set[str]) -> Iterator[Alias]:
    state = person.home_state()
    for text in [*full_names(person), *initials_names(person)]:
        yield Alias(text, person.code, EntityKind.PERSON, NameKind.PERSON, state=state)
    if not person.surname_alone:
        return
    for surname in surnames(person):
        if fold(surname) not in shared_surnames:
            yield Alias(
                surname,
                person.code,
                EntityKind.PERSON,
                NameKind.PERSON,
                state=state,
                match=MatchRule.CASE,
                surname_only=True,
            )


def _shared_surnames(persons: Iterable[PersonRecord]) -> set[str]:
    """Folded surnames that more than one person has: never matched alone.

    Only persons whose surname may stand alone count: "Japarov" stays Sadyr
    Japarov's when Akylbek Japarov is marked `surname_alone: false`.
    """
    owners = Counter(key for person in persons for key in {fold(s) for s in surnames(person)})
    return {key for key, count in owners.items() if count > 1}


def _with_rules(alias: Alias, rules: Disambiguation) -> Alias:
    match = _match_rule(alias, rules)
    person_like = alias.text in rules.person_like
    if match is alias.match and person_like == alias.person_like:
        return alias
    return Alias(
        alias.text,
        alias.code,
        alias.kind,
        alias.name_kind,
        sector=alias.sector,
        state=alias.state,
        entity=alias.entity,
        match=match,
        person_like=person_like,
        surname_only=alias.surname_only,
    )


def _match_rule(alias: Alias, rules: Disambiguation) -> MatchRule:
    if alias.text in rules.exact:
        return MatchRule.EXACT
    if alias.match is not MatchRule.FOLD:
        return alias.match
    if (
        alias.text in rules.case_sensitive
        or alias.name_kind in _CASE_SENSITIVE_KINDS
        or _is_acronym(alias.text)
    ):
        return MatchRule.CASE
    return MatchRule.FOLD


def _is_acronym(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and len(text) <= _SHORT_UPPERCASE and all(c.isupper() for c in letters)


def _without_article(names: Iterable[str]) -> list[str]:
    """Names without a leading lower-case "the", so a mention's span is the name itself."""
    return [name[4:] if name.startswith("the ") else name for name in names]


def _unique(aliases: Iterable[Alias]) -> list[Alias]:
    return list(dict.fromkeys(aliases))
