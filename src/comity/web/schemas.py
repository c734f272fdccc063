"""The JSON shapes of the HTTP API, as pydantic models (they make the OpenAPI schema).

Events are comity's own `Event` records and roles its `Role` records; the rest
are views made for the API: pages, summaries, tallies and highlights.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from comity.models import Event, Role


class Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class ErrorOut(Out):
    """Every 4xx answer: what was wrong with the request."""

    detail: str


class EventPage(Out):
    total: int = Field(description="events matching the filters, all pages together")
    limit: int
    offset: int
    sort: str
    items: list[Event]


class Highlight(Out):
    """A span of the event's sentence, offsets relative to the sentence."""

    role: Literal["trigger", "source", "target", "actor"]
    start: int
    end: int
    text: str
    code: str | None = None


class DocumentRef(Out):
    id: str
    source: str
    url: str | None = None
    title: str | None = None
    published: str | None = None


class EventDetail(Out):
    event: Event
    document: DocumentRef
    highlights: list[Highlight]
    relations_available: bool = Field(
        description="whether this server has the relation index (corroborating sources)"
    )
    evidence: list[RelationEvidence] = Field(
        default_factory=list,
        description="relations this event's sentence supports or contradicts, with their sources",
    )


class ActorSummary(Out):
    code: str
    name: str
    kind: str | None = None
    events: int = Field(description="stored events with this actor as source or target")
    in_kb: bool = Field(description="whether the knowledge base knows the code")


class ActorPage(Out):
    total: int
    items: list[ActorSummary]


class MembershipOut(Out):
    organisation: str
    name: str
    status: str
    start: str | None = None
    end: str | None = None


class MemberOut(Out):
    code: str
    name: str
    status: str
    start: str | None = None
    end: str | None = None


class OfficialOut(Out):
    """A person holding (or who held) an office of this actor."""

    code: str
    name: str
    office: str
    sector: str | None = None
    start: str | None = None
    end: str | None = None


class PartnerOut(Out):
    """An actor another has events with, both directions together."""

    code: str
    name: str
    events: int
    goldstein_mean: float
    plover: str = Field(description="the most frequent PLOVER type")


class ActorDetail(Out):
    code: str
    name: str
    kind: str | None = None
    state: str | None = None
    sector: str | None = None
    region: str | None = None
    in_kb: bool
    events: int
    first_day: str | None = None
    last_day: str | None = None
    roles: list[Role] = Field(description="offices this person held (from the knowledge base)")
    officials: list[OfficialOut] = Field(description="people holding offices of this state")
    memberships: list[MembershipOut]
    members: list[MemberOut] = Field(description="members of this organisation")
    partners: list[PartnerOut]
    plover: dict[str, int]


class EventSpan(Out):
    """Where an event sits in its document's text (document offsets)."""

    id: str
    span_start: int
    span_end: int
    trigger_start: int
    trigger_end: int
    plover: str
    source: str | None = None
    target: str | None = None
    mode: str


class DocumentOut(Out):
    id: str
    source: str
    url: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    language: str | None = None
    text: str
    events: list[EventSpan]


class DocumentSummaryOut(Out):
    id: str
    source: str
    title: str | None = None
    published: str | None = None
    events: int


class DocumentPage(Out):
    total: int
    limit: int
    offset: int
    items: list[DocumentSummaryOut]


class Stats(Out):
    documents: int
    events: int
    entities: int
    runs: int
    first_day: str | None = None
    last_day: str | None = None
    by_plover: dict[str, int]
    by_year: dict[str, int]
    by_mode: dict[str, int]
    top_actors: list[ActorSummary]


class EdgeOut(Out):
    """Directed dyad: events from `source` to `target`."""

    source: str
    target: str
    events: int
    goldstein_mean: float
    plover: str = Field(description="the most frequent PLOVER type")
    first_day: str | None = None
    last_day: str | None = None


class NodeOut(Out):
    code: str
    name: str
    kind: str | None = None
    region: str | None = None
    events: int


class Network(Out):
    nodes: list[NodeOut]
    edges: list[EdgeOut]
    events: int = Field(description="events behind the edges")
    truncated: bool = Field(description="true when only the strongest edges are returned")


class MonthOut(Out):
    month: str
    events: int
    goldstein_mean: float


class TimelineItem(Out):
    """An event placed in time: `first`..`last` covers the whole month of a month-precise date."""

    id: str
    date: str | None
    date_end: str | None
    precision: str | None
    first: str | None
    last: str | None
    plover: str
    goldstein: float
    mode: str
    source: str | None
    target: str | None


class Timeline(Out):
    total: int
    truncated: bool
    items: list[TimelineItem]


class RelationSource(Out):
    """One sentence's word on a relation: `supports` it or `contradicts` it."""

    doc_id: str
    source: str = Field(description="the document's path or URL")
    start: int
    end: int
    sentence: str
    stance: Literal["supports", "contradicts"]
    basis: str | None = Field(None, description="event or statement")
    event_id: str | None = None
    since: str | None = None
    negated: bool = False


class RelationOut(Out):
    """The state of one relation between two actors, merged over all documents."""

    id: str | None = None
    a: str
    b: str | None = None
    kind: str
    object: str | None = None
    since: str | None = None
    until: str | None = None
    negated: bool = False
    confidence: float
    sources: list[RelationSource]


class RelationEvidence(Out):
    relation: RelationOut
    stance: Literal["supports", "contradicts"]


class Dyad(Out):
    a: str
    b: str
    a_name: str
    b_name: str
    events: int
    goldstein_mean: float | None = None
    directions: list[EdgeOut]
    plover: dict[str, int]
    trend: list[MonthOut] = Field(description="events and mean Goldstein per month")
    timeline: Timeline
    relations_available: bool
    relations: list[RelationOut]


class MapView(Out):
    code: str
    name: str
    partners: list[PartnerOut]


class GeoCodes(Out):
    numeric: dict[str, str] = Field(description="ISO 3166 numeric code -> comity state code")
    names: dict[str, str] = Field(description="map feature name -> comity code, for the rest")


class RegionOut(Out):
    code: str
    name: str
    kind: Literal["m49", "organisation"]
    members: list[str]


class RejectedOut(Out):
    source: str
    reason: str


class IngestOut(Out):
    run_id: int
    added: int
    skipped: int
    events: int
    rejected: list[RejectedOut]


class Health(Out):
    status: Literal["ok"]
    database: str
    explorer_built: bool
    ingest: bool
    relations: bool


EventDetail.model_rebuild()
