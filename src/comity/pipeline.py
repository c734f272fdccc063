"""The main job: sources in, documents, mentions and events stored.

ingest → extract → store, one document per transaction: a crash keeps every
document already committed, and a re-run skips them by their text hash. With
`workers` above 1, extraction runs in that many forked processes while this one
reads the sources and writes every document (SQLite has a single writer).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import BinaryIO

from comity.extract.extractor import Extraction, Extractor
from comity.extract.workers import extract_in_processes
from comity.ingest import Rejected, read_sources
from comity.ingest.fetch import Fetcher
from comity.models import Document
from comity.store import Store
from comity.store.fetched import StorePageMemory
from comity.store.stories import link_to_story, link_unclustered_documents


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

    @property
    def failed(self) -> bool:
        """Nothing could be ingested, not even as a known duplicate."""
        return self.added == 0 and self.skipped == 0


ProgressCallback = Callable[[IngestReport], None]
LOOKUP_BATCH = 64  # sources checked against the store with one query


def run_ingest(
    paths: Sequence[str],
    store: Store,
    extractor: Extractor,
    *,
    default_published: date | None = None,
    manifest: Path | None = None,
    stdin: BinaryIO | None = None,
    max_bytes: int = 5_000_000,
    languages: Sequence[str] = ("en",),
    on_document: ProgressCallback | None = None,
    fetcher: Fetcher | None = None,
    workers: int = 1,
) -> IngestReport:
    """Read `paths`, extract events from every new document and store each whole.

    URLs are fetched with `fetcher` (default: one keeping its history in `store`).
    `workers` processes extract (see `comity.extract.workers`); 1 extracts here.
    """
    report = IngestReport(run_id=store.start_run(" ".join(paths)))
    status = "failed"
    try:
        # A run killed between storing a document and linking it to its story
        # leaves it in none, and re-runs skip stored documents: link it first.
        link_unclustered_documents(store)
        sources = read_sources(
            paths,
            default_published=default_published,
            manifest=manifest,
            stdin=stdin,
            max_bytes=max_bytes,
            fetcher=fetcher,
            page_memory=StorePageMemory(store),
        )
        new_documents = _new_documents(sources, store, report, languages)
        for extraction in _extractions(extractor, new_documents, workers):
            _save(store, extraction, report)
            if on_document is not None:
                on_document(report)
        status = "ok"
    finally:
        store.finish_run(
            report.run_id,
            added=report.added,
            skipped=report.skipped,
            rejected=len(report.rejected),
            events=report.events,
            status=status,
        )
    return report


def _extractions(
    extractor: Extractor, documents: Iterable[Document], workers: int
) -> Iterator[Extraction]:
    if workers > 1:
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
    if store.save_document(
        extraction.document,
        extraction.mentions,
        extraction.events,
        claims=extraction.claims,
        run_id=report.run_id,
    ):
        report.added += 1
        report.near_duplicates += link_to_story(store, extraction.document).is_copy
        report.events += len(extraction.events)
        report.unresolved_dates += [
            (extraction.document.source, text) for text in extraction.unresolved_dates
        ]
    else:
        report.skipped += 1


def _unsupported_language(language: str | None, languages: Sequence[str]) -> str:
    return f"language {language!r} is not supported (comity codes: {', '.join(languages)})"
