"""Story clusters: near-duplicate documents linked, their events counted once.

A stored document belongs to one story. The first document of a story gives
the story its id; a later document that `comity.ingest.neardup` finds to be a
copy of a stored one joins that document's story. An event of a story is then
reported by every document of the story that codes it with the same source,
target, CAMEO code and date: `distinct_events` gives each such event once, with
the documents (sources) that report it, and `count_distinct_events` counts them.

    link_to_story(store, document)     at ingest, after the document is saved
    story_of(store, doc_id)            the story id (the document's own id if alone)
    story_documents(store, story_id)   the documents of a story, first first
    distinct_events(store, **query)    events once per story, with their reports
    link_unclustered_documents(store)  cluster documents stored before issue 13
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Unpack

from sqlalchemy import Connection, Select, func, literal, select

from comity.errors import NotFound
from comity.ingest.neardup import (
    DEFAULT_PARAMS,
    Fingerprint,
    NearDupParams,
    bucket_keys,
    compare,
    estimate_containment,
    estimate_jaccard,
    fingerprint,
)
from comity.models import Document, Event
from comity.store import records
from comity.store.database import Store
from comity.store.dialect import insert_new
from comity.store.query import EventFilter, EventFilters, EventQuery
from comity.store.schema import documents, events, story_buckets, story_members

MAX_TEXT_COMPARISONS = 20  # candidates whose texts are compared, best estimates first
STREAM_BATCH = 500
_FIELD = "\x1f"  # between a report's document id and source
_RECORD = "\x1e"  # between reports


@dataclass(frozen=True)
class StoryLink:
    """Where `link_to_story` put a document: its story, and the copy it matched."""

    doc_id: str
    story_id: str
    matched_doc: str | None = None
    similarity: float | None = None

    @property
    def is_copy(self) -> bool:
        return self.matched_doc is not None


@dataclass(frozen=True)
class Report:
    """One document reporting an event: its id and its source (file path or URL)."""

    doc_id: str
    source: str


@dataclass(frozen=True)
class DistinctEvent:
    """An event counted once per story, with every document of the story reporting it."""

    event: Event  # as coded in the first document (by ingest order) that reports it
    story_id: str
    reports: tuple[Report, ...]  # sorted by source

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(report.source for report in self.reports)


@contextmanager
def store_transaction(store: Store, action: str, *, write: bool = False) -> Iterator[Connection]:
    """A transaction on `store`'s database; SQL errors become StoreError(`action`: ...)."""
    with store.connection(action, write=write) as connection:
        yield connection


# -- linking -------------------------------------------------------------------


def link_to_story(
    store: Store, document: Document, params: NearDupParams = DEFAULT_PARAMS
) -> StoryLink:
    """Put a stored `document` into the story of the stored text it copies, or a new one.

    Idempotent: a document already in a story keeps it. Raises StoreError.
    """
    fp = fingerprint(document.text, params)
    return store.transact(
        f"cannot cluster document {document.id}",
        lambda connection: link_in(connection, document, fp, params),
        write=True,
    )


class StoryLinker:
    """Links one document to its story inside the transaction that saves it.

    Pass `linker.link` as `Store.save_document(within=...)`; the fingerprint is made
    before the transaction, and `result` holds the link once the save committed.
    """

    def __init__(self, document: Document, params: NearDupParams = DEFAULT_PARAMS) -> None:
        self.document = document
        self.params = params
        self.fingerprint = fingerprint(document.text, params)
        self.result: StoryLink | None = None

    def link(self, connection: Connection) -> None:
        self.result = link_in(connection, self.document, self.fingerprint, self.params)


def link_in(
    connection: Connection, document: Document, fp: Fingerprint, params: NearDupParams
) -> StoryLink:
    """`link_to_story` inside the caller's transaction, with the fingerprint made."""
    known = connection.execute(
        select(
            story_members.c.story_id, story_members.c.matched_doc, story_members.c.similarity
        ).where(story_members.c.doc_id == document.id)
    ).first()
    if known is not None:
        return StoryLink(document.id, known.story_id, known.matched_doc, known.similarity)
    keys = bucket_keys(fp, params)
    link = _best_copy(connection, document, fp, keys, params)
    dialect = connection.dialect.name
    # Another process may link the same document meanwhile (each run first links the
    # documents an interrupted run left out): the first one to commit wins.
    added = connection.execute(
        insert_new(dialect, story_members),
        {
            "doc_id": document.id,
            "story_id": link.story_id,
            "matched_doc": link.matched_doc,
            "similarity": link.similarity,
            "scheme": params.version,
            "shingles": fp.shingles,
            "signature": fp.signature,
        },
    )
    if added.rowcount == 0:
        return link_in(connection, document, fp, params)
    if fp.shingles:
        connection.execute(
            insert_new(dialect, story_buckets),
            [{"bucket": key, "doc_id": document.id} for key in sorted(set(keys))],
        )
    return link


@dataclass(frozen=True)
class _Candidate:
    doc_id: str
    story_id: str
    fp: Fingerprint
    jaccard: float


def _best_copy(
    connection: Connection,
    document: Document,
    fp: Fingerprint,
    keys: list[int],
    params: NearDupParams,
) -> StoryLink:
    alone = StoryLink(document.id, document.id)
    if fp.shingles == 0:
        return alone
    for candidate in _candidates(connection, document.id, fp, keys, params):
        text = connection.scalar(select(documents.c.text).where(documents.c.id == candidate.doc_id))
        if text is None:
            continue
        verdict = compare(document.text, fp, text, candidate.fp, params)
        if verdict.duplicate:
            return StoryLink(
                document.id, candidate.story_id, candidate.doc_id, round(verdict.containment, 3)
            )
    return alone


def _candidates(
    connection: Connection,
    doc_id: str,
    fp: Fingerprint,
    keys: list[int],
    params: NearDupParams,
) -> list[_Candidate]:
    """Stored documents sharing a bucket with `fp` that pass the signature thresholds."""
    sharing = (
        select(story_buckets.c.doc_id)
        .where(story_buckets.c.bucket.in_(sorted(set(keys))), story_buckets.c.doc_id != doc_id)
        .distinct()
        .scalar_subquery()
    )
    rows = connection.execute(
        select(
            story_members.c.doc_id,
            story_members.c.story_id,
            story_members.c.shingles,
            story_members.c.signature,
        ).where(story_members.c.doc_id.in_(sharing), story_members.c.scheme == params.version)
    )
    found = []
    for row in rows:
        other = Fingerprint(bytes(row.signature), int(row.shingles))
        jaccard = estimate_jaccard(fp, other)
        containment = estimate_containment(fp, other, jaccard)
        if jaccard >= params.min_jaccard and containment >= params.min_containment:
            found.append(_Candidate(row.doc_id, row.story_id, other, jaccard))
    found.sort(key=lambda candidate: (-candidate.jaccard, candidate.doc_id))
    return found[:MAX_TEXT_COMPARISONS]


def link_unclustered_documents(store: Store, params: NearDupParams = DEFAULT_PARAMS) -> int:
    """Cluster the stored documents that are in no story yet, oldest first; how many."""
    statement = (
        select(documents.c.id)
        .outerjoin(story_members, story_members.c.doc_id == documents.c.id)
        .where(story_members.c.doc_id.is_(None))
        .order_by(documents.c.ingested_at, documents.c.id)
    )
    with store_transaction(store, "cannot read the store") as connection:
        waiting = list(connection.scalars(statement))
    for doc_id in waiting:
        link_to_story(store, store.document(doc_id), params)
    return len(waiting)


# -- reading -------------------------------------------------------------------


def story_copies(store: Store) -> dict[str, str]:
    """Each stored document that copies another's story, mapped to that story's id.

    Only copies are listed (a story's first document is its own story), so the map
    grows with the wire copies in the store, not with the store.
    """
    statement = select(story_members.c.doc_id, story_members.c.story_id).where(
        story_members.c.doc_id != story_members.c.story_id
    )
    with store_transaction(store, "cannot read the store") as connection:
        return {str(doc_id): str(story_id) for doc_id, story_id in connection.execute(statement)}


def story_of(store: Store, doc_id: str) -> str:
    """The story id of a stored document: its own id unless it copies another's story."""
    with store_transaction(store, "cannot read the store") as connection:
        story = connection.scalar(
            select(story_members.c.story_id).where(story_members.c.doc_id == doc_id)
        )
        if story is not None:
            return str(story)
        if connection.scalar(select(documents.c.id).where(documents.c.id == doc_id)) is None:
            raise NotFound(f"no document {doc_id}")
    return doc_id


def story_documents(store: Store, story_id: str) -> list[str]:
    """The ids of a story's documents in ingest order (the story's own first)."""
    statement = (
        select(documents.c.id)
        .outerjoin(story_members, story_members.c.doc_id == documents.c.id)
        .where(func.coalesce(story_members.c.story_id, documents.c.id) == story_id)
        .order_by((documents.c.id != story_id), documents.c.ingested_at, documents.c.id)
    )
    with store_transaction(store, "cannot read the store") as connection:
        found = list(connection.scalars(statement))
    if not found:
        raise NotFound(f"no story {story_id}")
    return found


def distinct_events(store: Store, **query: Unpack[EventQuery]) -> Iterator[DistinctEvent]:
    """Events matching `query`, each once per (story, source, target, CAMEO, date).

    Filters and paging as `Store.events`; the order is the same timeline order.
    """
    statement = select_distinct_events(
        EventFilter.from_query(query), limit=query.get("limit"), offset=query.get("offset", 0)
    )
    with store_transaction(store, "cannot read the store") as connection:
        result = connection.execution_options(yield_per=STREAM_BATCH).execute(statement)
        for row in result.mappings():
            yield _distinct_event(row)


def count_distinct_events(store: Store, **filters: Unpack[EventFilters]) -> int:
    """How many events `distinct_events(**filters)` gives (without paging)."""
    ranked = _ranked_events(EventFilter.from_query(filters)).subquery()
    statement = select(func.count()).select_from(ranked).where(ranked.c.report_rank == 1)
    with store_transaction(store, "cannot read the store") as connection:
        return int(connection.scalar(statement) or 0)


def select_distinct_events(
    where: EventFilter, *, limit: int | None = None, offset: int = 0
) -> Select[Any]:
    """The SQL of `distinct_events`: the first report of each event key, timeline order."""
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be 0 or more, got {limit}")
    if offset < 0:
        raise ValueError(f"offset must be 0 or more, got {offset}")
    ranked = _ranked_events(where).subquery()
    statement = (
        select(ranked)
        .where(ranked.c.report_rank == 1)
        .order_by(
            ranked.c.date_first.asc().nulls_last(),
            ranked.c.doc_id,
            ranked.c.span_start,
            ranked.c.trigger_start,
            ranked.c.id,
        )
    )
    if offset:
        statement = statement.offset(offset)
    return statement.limit(limit) if limit is not None else statement


def _ranked_events(where: EventFilter) -> Select[Any]:
    """Every matching event with its story, its rank among the reports of its key,
    and all reports of its key."""
    story = func.coalesce(story_members.c.story_id, events.c.doc_id)
    key = [story, events.c.source, events.c.target, events.c.cameo, events.c.date]
    # The story's own document reports first, then the others in ingest order.
    first_ingested = [
        events.c.doc_id != story,
        documents.c.ingested_at,
        events.c.doc_id,
        events.c.span_start,
        events.c.id,
    ]
    report = events.c.doc_id + literal(_FIELD) + documents.c.source
    return (
        select(
            events,
            story.label("story_id"),
            func.row_number().over(partition_by=key, order_by=first_ingested).label("report_rank"),
            func.aggregate_strings(report, _RECORD).over(partition_by=key).label("reports"),
        )
        .select_from(
            events.join(documents, documents.c.id == events.c.doc_id).outerjoin(
                story_members, story_members.c.doc_id == events.c.doc_id
            )
        )
        .where(*where.conditions())
    )


def _distinct_event(row: Any) -> DistinctEvent:
    reports = set()
    for part in str(row["reports"]).split(_RECORD):
        doc_id, _, source = part.partition(_FIELD)
        reports.add(Report(doc_id, source))
    return DistinctEvent(
        event=records.event_from_row(row),
        story_id=str(row["story_id"]),
        reports=tuple(sorted(reports, key=lambda report: (report.source, report.doc_id))),
    )


def reported_by(found: DistinctEvent) -> str:
    """The event's own document source, with "(+N)" for the other documents reporting it."""
    own = next(
        (report.source for report in found.reports if report.doc_id == found.event.doc_id),
        found.reports[0].source if found.reports else "",
    )
    others = len({report.doc_id for report in found.reports}) - 1
    return f"{own} (+{others})" if others > 0 else own
