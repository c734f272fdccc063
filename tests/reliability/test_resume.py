"""A run that dies while linking a document to its story, replayed deterministically.

The crash test finds such moments by chance; here the process "dies" at a chosen
point (an exception no code catches), and the next run must leave the database
exactly as a run that never died. Stand-in extractor, no model.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from builders import make_event

from comity.extract.extractor import Extraction
from comity.models import Document
from comity.pipeline import run_ingest
from comity.store import open_store
from comity.store.stories import StoryLinker
from reliability.snapshot import differences, snapshot

TEXTS = [
    "Turkey and Azerbaijan signed a gas deal in Baku on Monday after two days of talks.",
    "Kazakhstan criticised Kyrgyzstan over water quotas on the Chu river this spring.",
    "Turkey and Azerbaijan signed a gas deal in Baku on Monday after two days of talks, "
    "officials said.",
    "Uzbekistan hosted Tajik ministers in Tashkent to discuss a new railway and border posts.",
]


class OneEventExtractor:
    """Codes one event per document, no NLP."""

    def extract_many(self, documents: Iterable[Document]) -> Iterator[Extraction]:
        for document in documents:
            event = make_event(document, document.id[:16], source="TUR", target="AZE")
            yield Extraction(document, [], [event], 1, 1, [])


class ProcessDied(BaseException):
    """Stands for SIGKILL: nothing in comity catches it."""


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    for index, text in enumerate(TEXTS):
        (folder / f"{index:02d}.txt").write_text(text, encoding="utf-8")
    return folder


def _ingest(database: Path, corpus: Path) -> None:
    with open_store(database) as store:
        run_ingest([str(corpus)], store, OneEventExtractor())  # type: ignore[arg-type]


@pytest.mark.parametrize("dies_at_document", [0, 2, 3])
def test_a_run_dying_while_linking_a_document_stores_none_of_it_and_the_next_run_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dies_at_document: int
) -> None:
    corpus = _corpus(tmp_path / "corpus")
    _ingest(tmp_path / "clean.db", corpus)
    linked = 0
    link = StoryLinker.link

    def dies_inside_the_save(linker: StoryLinker, connection: object) -> None:
        nonlocal linked
        if linked == dies_at_document:
            raise ProcessDied
        linked += 1
        link(linker, connection)  # type: ignore[arg-type]

    monkeypatch.setattr(StoryLinker, "link", dies_inside_the_save)
    with pytest.raises(ProcessDied):
        _ingest(tmp_path / "resumed.db", corpus)
    monkeypatch.undo()
    interrupted = snapshot(tmp_path / "resumed.db")
    # The link is in the save's transaction: the dying document left nothing behind.
    assert sum(interrupted["documents"].values()) == dies_at_document
    assert sum(interrupted["story_members"].values()) == dies_at_document
    _ingest(tmp_path / "resumed.db", corpus)
    expected, found = snapshot(tmp_path / "clean.db"), snapshot(tmp_path / "resumed.db")
    assert sum(expected["story_members"].values()) == len(TEXTS)
    assert found == expected, differences(found, expected)
