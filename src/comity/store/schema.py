"""The database schema, defined once for SQLite and PostgreSQL alike.

Only portable types are used: dates are ISO strings at their precision (so
"2022-03" stays a month), and events also carry `date_first`/`date_last` as ISO
days so that range filters are plain string comparisons on an index.
Timestamps (`ingested_at`, `started_at` ...) are ISO-8601 UTC strings. Ids,
codes, days and timestamps sort byte by byte on both databases (`byte_ordered`).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    func,
)

from comity.store.dialect import byte_ordered

ID = byte_ordered(128)
CODE = byte_ordered(64)
ISO_DAY = byte_ordered(10)
TIMESTAMP = byte_ordered(40)

metadata = MetaData()

documents = Table(
    "documents",
    metadata,
    Column("id", ID, primary_key=True),
    Column("source", Text, nullable=False),
    Column("url", Text),
    Column("title", Text),
    Column("author", Text),
    Column("published", ISO_DAY),
    Column("published_precision", String(8)),
    Column("language", String(16)),
    Column("text", Text, nullable=False),
    Column("ingested_at", TIMESTAMP, nullable=False),
    Column("run_id", Integer, ForeignKey("runs.id")),
)

entities = Table(
    "entities",
    metadata,
    Column("code", CODE, primary_key=True),
    Column("kind", String(16)),
    Column("name", Text),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("doc_id", ID, ForeignKey("documents.id"), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("code", CODE),
    Column("kind", String(16)),
    Column("name_kind", String(16), nullable=False),
    Column("sector", String(16)),
    Index("ix_mentions_doc_id", "doc_id"),
)

events = Table(
    "events",
    metadata,
    Column("id", ID, primary_key=True),
    Column("doc_id", ID, ForeignKey("documents.id"), nullable=False),
    Column("source", CODE),
    Column("source_name", Text),
    Column("source_sector", String(16)),
    Column("target", CODE),
    Column("target_name", Text),
    Column("target_sector", String(16)),
    Column("plover", String(32), nullable=False),
    Column("cameo", String(8), nullable=False),
    Column("goldstein", Float, nullable=False),
    Column("quad_class", Integer, nullable=False),
    Column("mode", String(16), nullable=False),
    Column("date", ISO_DAY),
    Column("date_end", ISO_DAY),
    Column("date_precision", String(8)),
    Column("date_inferred", Boolean, nullable=False),
    Column("date_first", ISO_DAY),
    Column("date_last", ISO_DAY),
    Column("location", CODE),
    Column("location_name", Text),
    Column("sentence", Text, nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("trigger", Text, nullable=False),
    Column("trigger_start", Integer, nullable=False),
    Column("trigger_end", Integer, nullable=False),
    Column("language", String(16), nullable=False),
    Column("confidence", Float, nullable=False),
    Column("extractor", String(128), nullable=False),
)
Index("ix_events_doc_id", events.c.doc_id)
# The plover filter is case-insensitive and usually comes with a date range; an index
# on the upper-cased value, then the dates, serves both (migration 7).
PLOVER_DATES_INDEX = Index(
    "ix_events_plover_dates", func.upper(events.c.plover), events.c.date_last, events.c.date_first
)
# Issue 7 (migration 4): covering indexes for the web API's tallies. Each holds every
# column a network, dyad, map or trend query reads, so those are answered from the
# index alone, by actor pair (either way round) or by date, without reading the rows.
# They replace the single-column indexes on source, target and date_first (see
# REPLACED_INDEXES), whose places they take as prefixes.
REPLACED_INDEXES = ("ix_events_source", "ix_events_target", "ix_events_date_first")
TALLIED = ("plover", "goldstein", "date_precision")
COVERING_INDEXES = (
    Index(
        "ix_events_source_target",
        *(events.c[name] for name in ("source", "target", "date_first", "date_last", *TALLIED)),
    ),
    Index(
        "ix_events_target_source",
        *(events.c[name] for name in ("target", "source", "date_first", "date_last", *TALLIED)),
    ),
    Index(
        "ix_events_dates",
        *(events.c[name] for name in ("date_first", "date_last", "source", "target", *TALLIED)),
    ),
)

# One row per sentence that states a relation; relations are merged from these
# at query time, so a new source or a contradiction never rewrites a stored row.
relation_claims = Table(
    "relation_claims",
    metadata,
    Column("id", ID, primary_key=True),
    Column("doc_id", ID, ForeignKey("documents.id"), nullable=False),
    Column("kind", String(32), nullable=False),
    Column("a", CODE, nullable=False),
    Column("b", CODE),
    Column("object", Text),
    Column("object_key", String(256)),
    Column("since", ISO_DAY),
    Column("until", ISO_DAY),
    Column("since_inferred", Boolean, nullable=False),
    Column("negated", Boolean, nullable=False),
    Column("basis", String(16), nullable=False),
    Column("event_id", ID),
    Column("sentence", Text, nullable=False),
    Column("span_start", Integer, nullable=False),
    Column("span_end", Integer, nullable=False),
    Column("confidence", Float, nullable=False),
)
Index("ix_relation_claims_a", relation_claims.c.a)
Index("ix_relation_claims_b", relation_claims.c.b)
Index("ix_relation_claims_doc_id", relation_claims.c.doc_id)

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("started_at", TIMESTAMP, nullable=False),
    Column("finished_at", TIMESTAMP),
    Column("arguments", Text, nullable=False),
    Column("documents_added", Integer, nullable=False, default=0),
    Column("documents_skipped", Integer, nullable=False, default=0),
    Column("documents_rejected", Integer, nullable=False, default=0),
    Column("events_added", Integer, nullable=False, default=0),
    Column("status", String(16), nullable=False),
    # Who runs it (migration 5): a run still "running" whose process is gone was
    # interrupted (store/runs.py).
    Column("pid", Integer),
    Column("host", String(255)),
)

schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("applied_at", TIMESTAMP, nullable=False),
)

# Issue 13: near-duplicate story clusters (store/stories.py) and what was fetched
# from the web (store/fetched.py). A story's id is the id of its first document.
story_members = Table(
    "story_members",
    metadata,
    Column("doc_id", ID, ForeignKey("documents.id"), primary_key=True),
    Column("story_id", ID, ForeignKey("documents.id"), nullable=False),
    Column("matched_doc", ID),  # the stored document it was found to copy
    Column("similarity", Float),  # estimated share of the shorter text found in the other
    Column("scheme", String(64), nullable=False),  # how the signature was made
    Column("shingles", Integer, nullable=False),
    Column("signature", LargeBinary, nullable=False),
    Index("ix_story_members_story_id", "story_id"),
)

# One row per LSH band of each document: documents sharing a bucket are compared.
story_buckets = Table(
    "story_buckets",
    metadata,
    Column("bucket", BigInteger, primary_key=True, autoincrement=False),
    Column("doc_id", ID, ForeignKey("documents.id"), primary_key=True),
)

fetched_pages = Table(
    "fetched_pages",
    metadata,
    Column("url", Text, primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("doc_id", ID),  # no foreign key: the document may have been rejected after fetching
    Column("fetched_at", TIMESTAMP, nullable=False),
)

STORY_TABLES = (story_members, story_buckets, fetched_pages)

DATA_TABLES = (runs, documents, entities, mentions, events, relation_claims, *STORY_TABLES)
