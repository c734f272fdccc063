"""The shapes of the knowledge-base data files, one model per kind of line.

Each JSONL line of `src/comity/data/kb/*.jsonl` (and of a user file, where the
line also names its `type`) is validated into one of these records. A record
knows how to turn itself into the shared `Entity` of `comity.models`; the names
it carries are turned into aliases by `comity.kb.aliases`.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from comity.models import Entity, EntityKind, Role


class KbRecord(BaseModel):
    """Base of every data-file record: immutable, unknown fields rejected."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str = Field(min_length=1)
    name: str = Field(min_length=1)
    note: str | None = None


class StateRecord(KbRecord):
    """A state: ISO 3166-1, partly recognised, unrecognised or historical."""

    type: Literal["state"] = "state"
    iso2: str | None = None
    iso_numeric: str | None = None
    recognition: Literal["iso", "partial", "unrecognised", "historical"] = "iso"
    official_name: str | None = None
    names: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    capital: str | None = None
    capital_aliases: tuple[str, ...] = ()
    capital_note: str | None = None
    adjectives: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    russian: tuple[str, ...] = ()
    uninhabited: bool = False
    start: date | None = None
    end: date | None = None

    def to_entity(self) -> Entity:
        return Entity(code=self.code, kind=EntityKind.STATE, name=self.name)


class FormerName(BaseModel):
    """A name an organisation used to have, with the period it was used."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    start: date | None = None
    end: date | None = None


class Membership(BaseModel):
    """One period of a state's (or organisation's) membership of an organisation."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str
    start: date | None = None
    end: date | None = None
    status: Literal["member", "permanent", "observer", "associate", "participant"] = "member"
    approx: bool = False  # the dates are known to the month or year only

    @property
    def is_full(self) -> bool:
        return self.status in ("member", "permanent")

    def valid_on(self, day: date | None) -> bool:
        """Valid on `day` (both ends inclusive); `None` means currently, i.e. not ended."""
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


class OrganisationRecord(KbRecord):
    """An international organisation with its names and dated members."""

    type: Literal["organisation"] = "organisation"
    names: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    former_names: tuple[FormerName, ...] = ()
    parent: str | None = None
    founded: date | None = None
    members: tuple[Membership, ...] = ()

    def to_entity(self) -> Entity:
        return Entity(code=self.code, kind=EntityKind.ORGANISATION, name=self.name)


class RoleRecord(BaseModel):
    """An office a person held, as written in persons.jsonl."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    office: str
    state: str  # ISO3, a partly recognised state's code, or an organisation code (OTS, UN)
    sector: str | None = None
    start: date | None = None
    end: date | None = None
    approx: bool = False  # a date is known to the month or year only; see SOURCES.md

    def to_role(self) -> Role:
        return Role(
            office=self.office, state=self.state, sector=self.sector, start=self.start, end=self.end
        )


class PersonRecord(KbRecord):
    """A person with name parts (to derive initials forms) and dated roles."""

    type: Literal["person"] = "person"
    given_names: tuple[str, ...] = ()
    patronymic: str | None = None
    surname: str
    surname_variants: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    initials: tuple[str, ...] = ()  # forms not derivable from given names, e.g. "K.K."
    surname_alone: bool = True  # False when the bare surname is a common word or name
    roles: tuple[RoleRecord, ...] = ()

    def to_entity(self) -> Entity:
        roles = tuple(role.to_role() for role in self.roles)
        return Entity(
            code=self.code,
            kind=EntityKind.PERSON,
            name=self.name,
            state=self.home_state(),
            roles=roles,
        )

    def home_state(self) -> str | None:
        """The state of the person's latest role."""
        if not self.roles:
            return None
        return max(self.roles, key=lambda role: role.start or date.min).state


class InstitutionRecord(KbRecord):
    """A body that acts for a state (or the EU) in one sector: parliament, palace, ministry."""

    type: Literal["institution"] = "institution"
    state: str
    sector: str
    names: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()

    def to_entity(self) -> Entity:
        return Entity(
            code=self.code,
            kind=EntityKind.INSTITUTION,
            name=self.name,
            state=self.state,
            sector=self.sector,
        )


class PlaceRecord(KbRecord):
    """A city (or similar place) that is not a capital, with its country."""

    type: Literal["place"] = "place"
    state: str
    names: tuple[str, ...] = ()

    def to_entity(self) -> Entity:
        return Entity(code=self.code, kind=EntityKind.PLACE, name=self.name, state=self.state)


AnyRecord = StateRecord | OrganisationRecord | PersonRecord | InstitutionRecord | PlaceRecord

RECORD_TYPES: dict[str, type[AnyRecord]] = {
    "state": StateRecord,
    "organisation": OrganisationRecord,
    "person": PersonRecord,
    "institution": InstitutionRecord,
    "place": PlaceRecord,
}


class Disambiguation(BaseModel):
    """Match rules for names that are also common words, given names or shared names."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    case_sensitive: frozenset[str] = frozenset()
    exact: frozenset[str] = frozenset()
    person_like: frozenset[str] = frozenset()
    allowed_neighbours: frozenset[str] = frozenset()
    blockers: tuple[str, ...] = ()
    preferred: dict[str, str] = Field(default_factory=dict)
