"""The ingest job's guarantees, with a stand-in extractor (no model needed).

Where it matters, each guarantee is checked with extraction in this process and
in two forked workers (`workers=2`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from builders import make_event

from comity.errors import ExtractionError
from comity.extract.extractor import Extraction
from comity.models import Document
from comity.pipeline import run_ingest
from comity.store import open_store


class FakeExtractor:
    """Codes one event per document; fails on documents whose text says BOOM."""

    def extract_many(self, documents: Iterable[Document]) -> Iterator[Extraction]:
        for document in documents:
            if "BOOM" in document.text:
                raise RuntimeError("extractor crashed")
            event = make_event(document, document.id[:16], source="TUR", target="AZE")
            yield Extraction(document, [], [event], 1, 1, [])


def _corpus(folder: Path, texts: list[str]) -> Path:
    folder.mkdir()
    for index, text in enumerate(texts):
        (folder / f"{index:02d}.txt").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("workers", [1, 2])
def test_a_crash_keeps_what_was_committed_and_a_rerun_finishes(
    tmp_path: Path, workers: int
) -> None:
    corpus = _corpus(
        tmp_path / "c", ["Turkey met Azerbaijan.", "Kazakhstan met Uzbekistan.", "BOOM here"]
    )
    with open_store(tmp_path / "t.db") as store:
        with pytest.raises((RuntimeError, ExtractionError), match="extractor crashed"):
            run_ingest([str(corpus)], store, FakeExtractor(), workers=workers)  # type: ignore[arg-type]
        assert store.stats()["documents"] == 2
        (corpus / "02.txt").write_text("Georgia met Armenia.", encoding="utf-8")
        report = run_ingest([str(corpus)], store, FakeExtractor(), workers=workers)  # type: ignore[arg-type]
        assert (report.added, report.skipped) == (1, 2)
        assert store.stats()["documents"] == 3
        assert store.count_events() == 3


def test_workers_store_every_document_once(tmp_path: Path) -> None:
    texts = [f"Turkey met Azerbaijan for round {n}." for n in range(40)]
    corpus = _corpus(tmp_path / "c", [*texts, texts[0]])
    with open_store(tmp_path / "t.db") as store:
        report = run_ingest([str(corpus)], store, FakeExtractor(), workers=2)  # type: ignore[arg-type]
        assert (report.added, report.skipped, report.events) == (40, 1, 40)
        sources = sorted(source for _, source in store.events_with_source())
    assert sources == [str(corpus / f"{n:02d}.txt") for n in range(40)]


def test_rejections_and_duplicates_are_counted(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "c", ["Turkey met Azerbaijan.", "", "Turkey met Azerbaijan.  "])
    with open_store(tmp_path / "t.db") as store:
        report = run_ingest([str(corpus)], store, FakeExtractor())  # type: ignore[arg-type]
    assert report.added == 1
    assert report.skipped == 1  # same text once normalised
    assert [r.source.endswith("01.txt") for r in report.rejected] == [True]
    assert not report.failed


def test_unsupported_languages_are_rejected_with_a_reason(tmp_path: Path) -> None:
    corpus = _corpus(tmp_path / "c", ["Turkey met Azerbaijan."])
    with open_store(tmp_path / "t.db") as store:
        report = run_ingest([str(corpus)], store, FakeExtractor(), languages=("de",))  # type: ignore[arg-type]
    assert report.failed
    assert "not supported" in report.rejected[0].reason
