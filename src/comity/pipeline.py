"""The main job: sources in, documents, mentions and events stored.

ingest → extract → store, one document per transaction: a crash keeps every
document already committed, and a re-run skips them by their text hash. With
`workers` above 1, extraction runs in that many forked processes while this one
reads the sources and writes every document (SQLite has a single writer); with
a `ClusterExtractor`, on the workers of a Dask cluster, written here the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import BinaryIO

from comity.errors import StoreError
from comity.extract.cluster import ClusterExtractor
from comity.extract.extractor import SUPPORTED_LANGUAGES, Extraction, Extractor
from comity.extract.workers import extract_in_processes
from comity.ingest import Rejected, read_sources
from comity.ingest.fetch import Fetcher
from comity.models import Document
from comity.store import Store
from comity.store.fetched import StorePageMemory
from comity.store.stories import StoryLinker, link_unclustered_documents


@dataclass
class IngestReport:
    """What an ingest run did, document by document."""

    run_id: int
    added: int = 0
    skipped: int = 0
    events: int = 0
    sentences: int = 0
    parsed: int = 0
    near_duplicates: int = 0  # added documents that copy a stored story (issue 13)
    rejected: list[Rejected] = field(default_factory=list)
    unresolved_dates: list[tuple[str, str]] = field(
        default_factory=list
    )  # (document source, expression)
    # Database failures that were retried (a lost connection, a conflict with another
    # writer), one line each (issue 8).
    database_retries: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """Nothing could be ingested, not even as a known duplicate."""
        return self.added == 0 and self.skipped == 0


ProgressCallback = Callable[[IngestReport], None]
logger = logging.getLogger("comity.pipeline")
LOOKUP_BATCH = 64  # sources checked against the store with one query


def run_ingest(
    paths: Sequence[str],
    store: Store,
    extractor: Extractor | ClusterExtractor,
    *,
    default_published: date | None = None,
    manifest: Path | None = None,
    stdin: BinaryIO | None = None,
    max_bytes: int = 5_000_000,
    languages: Sequence[str] = SUPPORTED_LANGUAGES,
    on_document: ProgressCallback | None = None,
    fetcher: Fetcher | None = None,
    workers: int = 1,
    user_agent: str | None = None,
) -> IngestReport:
    """Read `paths`, extract events from every new document and store each whole.

    URLs are fetched with `fetcher` (default: one keeping its history in `store`
    and sending `user_agent`).
    `workers` processes extract (see `comity.extract.workers`); 1 extracts here.
    A `ClusterExtractor` extracts on its Dask cluster instead (`workers` is then unused).
    """
    report = IngestReport(run_id=store.start_run(" ".join(paths)))
    status = "failed"
    store.add_retry_listener(report.database_retries.append)
    try:
        # Each document is linked to its story in the transaction that saves it;
        # documents stored by older versions or other tools are linked here first.
        link_unclustered_documents(store)
        sources = read_sources(
            paths,
            default_published=default_published,
            manifest=manifest,
            stdin=stdin,
            max_bytes=max_bytes,
            fetcher=fetcher,
            page_memory=StorePageMemory(store),
            user_agent=user_agent,
        )
        new_documents = _new_documents(sources, store, report, languages)
        for extraction in _extractions(extractor, new_documents, workers):
            _save(store, extraction, report)
            if on_document is not None:
                on_document(report)
        status = "ok"
    finally:
        store.remove_retry_listener(report.database_retries.append)
        _finish_run(store, report, status)
    return report


def _finish_run(store: Store, report: IngestReport, status: str) -> None:
    try:
        store.finish_run(
            report.run_id,
            added=report.added,
            skipped=report.skipped,
            rejected=len(report.rejected),
            events=report.events,
            status=status,
        )
    except StoreError as error:
        if status == "ok":
            raise
        # The run is failing already, most likely for the same reason (the database
        # is gone): that first error is the one to report. The next run marks this
        # one interrupted.
        logger.warning("%s", error)


def _extractions(
    extractor: Extractor | ClusterExtractor, documents: Iterable[Document], workers: int
) -> Iterator[Extraction]:
    if workers > 1 and not isinstance(extractor, ClusterExtractor):
        return extract_in_processes(extractor, documents, processes=workers)
    return extractor.extract_many(documents)


def _new_documents(
    sources: Iterator[Document | Rejected],
    store: Store,
    report: IngestReport,
    languages: Sequence[str],
) -> Iterator[Document]:
    while batch := list(islice(sources, LOOKUP_BATCH)):
        documents = []
        for item in batch:
            if isinstance(item, Rejected):
                report.rejected.append(item)
            elif item.language not in (None, *languages):
                report.rejected.append(
                    Rejected(item.source, _unsupported_language(item.language, languages))
                )
            else:
                documents.append(item)
        stored = store.stored_ids([document.id for document in documents])
        for document in documents:
            if document.id in stored:
                report.skipped += 1
            else:
                yield document


def _save(store: Store, extraction: Extraction, report: IngestReport) -> None:
    report.sentences += extraction.sentences
    report.parsed += extraction.parsed
    linker = StoryLinker(extraction.document)
    if store.save_document(
        extraction.document,
        extraction.mentions,
        extraction.events,
        claims=extraction.claims,
        run_id=report.run_id,
        within=linker.link,
    ):
        report.added += 1
        report.near_duplicates += bool(linker.result and linker.result.is_copy)
        report.events += len(extraction.events)
        report.unresolved_dates += [
            (extraction.document.source, text) for text in extraction.unresolved_dates
        ]
    else:
        report.skipped += 1


def _unsupported_language(language: str | None, languages: Sequence[str]) -> str:
    return f"language {language!r} is not supported (comity codes: {', '.join(languages)})"
