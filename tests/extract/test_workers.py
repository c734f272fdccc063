"""Extraction in forked worker processes, with a stand-in extractor (no model needed)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import cast

import pytest
from builders import make_document, make_event

from comity.errors import ConfigError, ExtractionError
from comity.extract import workers
from comity.extract.extractor import Extraction, Extractor
from comity.extract.workers import extract_in_processes
from comity.models import Document


class FakeExtractor:
    """One event per document, coded with the worker's process id as its source."""

    def extract_many(self, documents: Iterable[Document]) -> Iterator[Extraction]:
        for document in documents:
            if "BOOM" in document.text:
                raise RuntimeError("extractor crashed")
            if "DIE" in document.text:
                os._exit(3)
            event = make_event(document, document.id[:16], source=f"P{os.getpid()}")
            yield Extraction(document, [], [event], 2, 1, [])


def _extract(texts: list[str], processes: int = 2) -> list[Extraction]:
    documents = [make_document(text) for text in texts]
    fake = cast(Extractor, FakeExtractor())
    return list(extract_in_processes(fake, documents, processes=processes))


def test_extractions_come_in_document_order_from_several_workers() -> None:
    texts = [f"Document number {n}." for n in range(5 * workers.CHUNK_DOCUMENTS + 3)]
    extractions = _extract(texts)
    assert [e.document.text for e in extractions] == texts
    sources = {e.events[0].source for e in extractions}
    assert f"P{os.getpid()}" not in sources  # extracted in the workers, not here


def test_a_failure_comes_after_the_extractions_before_it() -> None:
    texts = [f"Document number {n}." for n in range(workers.CHUNK_DOCUMENTS + 2)]
    texts.insert(workers.CHUNK_DOCUMENTS + 1, "BOOM")
    seen: list[str] = []
    documents = [make_document(text) for text in texts]
    fake = cast(Extractor, FakeExtractor())
    with pytest.raises(ExtractionError, match="extractor crashed"):
        for extraction in extract_in_processes(fake, documents, processes=2):
            seen.append(extraction.document.text)
    assert seen == texts[: workers.CHUNK_DOCUMENTS + 1]


def test_a_worker_that_dies_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workers, "POLL_SECONDS", 0.05)
    with pytest.raises(ExtractionError, match="exit code 3"):
        _extract(["One.", "DIE", "Three."])


def test_no_documents_give_no_extractions() -> None:
    assert _extract([]) == []


def test_fewer_than_two_processes_are_refused() -> None:
    with pytest.raises(ConfigError):
        _extract(["One."], processes=1)


@pytest.mark.parametrize(("in_flight", "ahead"), [(1, 1), (2, 1), (1, 3)])
def test_every_chunk_is_sent_whatever_the_limits(
    monkeypatch: pytest.MonkeyPatch, in_flight: int, ahead: int
) -> None:
    monkeypatch.setattr(workers, "CHUNKS_IN_FLIGHT", in_flight)
    monkeypatch.setattr(workers, "CHUNKS_AHEAD", ahead)
    texts = [f"Document number {n}." for n in range(6 * workers.CHUNK_DOCUMENTS + 1)]
    assert [e.document.text for e in _extract(texts)] == texts
