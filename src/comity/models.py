"""The records comity passes between its stages, each defined once.

Every stage takes and returns these frozen models: ingest makes `Document`s,
the knowledge base holds `Entity`s, extraction makes `Mention`s, `TimeExpr`s and
`Event`s, relation derivation makes `Claim`s, the store keeps them and the exports
write them.
"""

from __future__ import annotations

import calendar
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Record(BaseModel):
    """Base of every record: immutable, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Precision(StrEnum):
    """How precisely a date is known: comity never writes a day it was not given."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


class Mode(StrEnum):
    """Whether the text says an event happened, did not, is planned, or is supposed."""

    ASSERTED = "asserted"
    NEGATED = "negated"
    INTENDED = "intended"
    HYPOTHETICAL = "hypothetical"


class EntityKind(StrEnum):
    STATE = "state"
    ORGANISATION = "organisation"
    PERSON = "person"
    INSTITUTION = "institution"
    PLACE = "place"
    TREATY = "treaty"


class NameKind(StrEnum):
    """What kind of name a mention was found through; decides whether it can act."""

    NAME = "name"  # "Uzbekistan", "Republic of Turkey", "Turkic Council"
    ABBREVIATION = "abbreviation"  # "TR", "OTS", "UNSC"
    ADJECTIVE = "adjective"  # "Uzbek", "Turkish" (as in "the Uzbek side")
    DEMONYM = "demonym"  # "Uzbeks", "the Turks"
    CAPITAL = "capital"  # "Ankara": an actor only when it acts
    CITY = "city"  # "Samarkand": always a place
    PERSON = "person"  # "Shavkat Mirziyoyev", "R.T. Erdogan"
    INSTITUTION = "institution"  # "Jogorku Kenesh"


def iso_at_precision(day: date, precision: Precision) -> str:
    """`date(2022, 3, 1)` at month precision -> "2022-03"."""
    if precision is Precision.YEAR:
        return f"{day.year:04d}"
    if precision is Precision.MONTH:
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def interval_of(value: str) -> tuple[date, date, Precision]:
    """ "2022-03" -> (2022-03-01, 2022-03-31, MONTH); inverse of `iso_at_precision`."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0], 12, 31), Precision.YEAR
    if len(parts) == 2:
        year, month = parts
        last = calendar.monthrange(year, month)[1]
        return date(year, month, 1), date(year, month, last), Precision.MONTH
    day = date(parts[0], parts[1], parts[2])
    return day, day, Precision.DAY


class Role(Record):
    """An office held by a person, or the state and sector an institution belongs to."""

    office: str
    state: str
    sector: str | None = None
    start: date | None = None
    end: date | None = None

    def holds_on(self, day: date | None) -> bool:
        """True when the role is valid on `day` (an unknown day accepts any role)."""
        if day is None:
            return True
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


class Entity(Record):
    """A state, organisation, person, institution, place or treaty with a stable code."""

    code: str
    kind: EntityKind
    name: str
    state: str | None = None  # the state a city, institution or person belongs to
    sector: str | None = None  # GOV, MIL, LEG, DIP, JUD ... for institutions
    roles: tuple[Role, ...] = ()

    def role_on(self, day: date | None) -> Role | None:
        """The role valid on `day`; the latest one when the day is unknown."""
        valid = [role for role in self.roles if role.holds_on(day)]
        if not valid:
            return None
        return max(valid, key=lambda role: role.start or date.min)


class Document(Record):
    """One text to code: its id is the hash of its normalised text."""

    id: str
    text: str
    source: str  # file path, URL or "stdin"; what exports call `doc`
    url: str | None = None
    title: str | None = None
    author: str | None = None  # the byline: one or more names, as the source gives them
    published: date | None = None
    published_precision: Precision | None = None
    language: str | None = None


class Mention(Record):
    """A span of a document that names an entity (or looks like one, unresolved)."""

    start: int
    end: int
    text: str
    code: str | None
    kind: EntityKind | None
    name_kind: NameKind
    sector: str | None = None


class TimeExpr(Record):
    """A time expression: its span, the interval it denotes and its precision.

    A range ("April 8-11, 2018") has `first` and `last` on different days and
    `is_range` set; a single month has `first`..`last` covering the month.
    """

    start: int
    end: int
    text: str
    first: date
    last: date
    precision: Precision
    is_range: bool = False
    relative: bool = False  # resolved against the publication date

    @property
    def value(self) -> str:
        return iso_at_precision(self.first, self.precision)

    @property
    def value_end(self) -> str | None:
        return iso_at_precision(self.last, self.precision) if self.is_range else None


class Event(Record):
    """Who did what to whom, when and where, with the sentence that says so."""

    id: str
    doc_id: str
    source: str | None
    source_name: str | None = None
    source_sector: str | None = None
    target: str | None = None
    target_name: str | None = None
    target_sector: str | None = None
    plover: str
    cameo: str
    goldstein: float
    quad_class: int
    mode: Mode = Mode.ASSERTED
    date: str | None = None  # ISO at its precision: "2022", "2022-03", "2022-03-01"
    date_end: str | None = None
    date_precision: Precision | None = None
    date_inferred: bool = False  # the publication date, not a date in the text
    location: str | None = None  # ISO3 of the country where it happened
    location_name: str | None = None
    sentence: str
    span_start: int  # character offsets of the sentence in the document text
    span_end: int
    trigger: str
    trigger_start: int
    trigger_end: int
    language: str = "en"
    confidence: float = Field(ge=0.0, le=1.0)
    extractor: str


class RelationKind(StrEnum):
    """The lasting relations between actors that comity keeps track of."""

    DIPLOMATIC_RELATIONS = "diplomatic_relations"
    EMBASSY = "embassy"
    CONSULATE = "consulate"
    TREATY = "treaty"
    ALLIANCE = "alliance"
    MEMBERSHIP = "membership"
    SUPPORTS_POSITION = "supports_position"


class ClaimBasis(StrEnum):
    """What in the text a claim rests on."""

    EVENT = "event"  # a coded event: "relations were established on 24 December 1991"
    STATEMENT = "statement"  # a stative sentence: "Turkey is a member of NATO"


class Claim(Record):
    """One sentence's word on a relation: the unit that relations are merged from.

    `a` is the party that holds the relation (the embassy's owner, the member, the
    supporter); `b` the other party (host state, organisation, the state whose
    position is supported) or None when the text names only one party to a treaty.
    `since` is the date the relation began and `until` the date it ended, at the
    precision the text gives. `negated` means the sentence says it does not hold.
    """

    id: str
    doc_id: str
    kind: RelationKind
    a: str
    b: str | None
    object: str | None = None  # "Shusha Declaration", "NATO", "Embassy of Turkey in Bishkek"
    object_key: str | None = None  # a stable key for the object: a treaty code or a folded name
    since: str | None = None
    until: str | None = None
    since_inferred: bool = False  # `since` is the publication date, not a date in the text
    negated: bool = False
    basis: ClaimBasis
    event_id: str | None = None
    sentence: str
    span_start: int
    span_end: int
    confidence: float = Field(ge=0.0, le=1.0)
