from __future__ import annotations

import json

import pytest

from comity.ingest import demo_corpus_path
from comity.models import Document

from .conftest import ReadAll


def test_the_demo_corpus_is_a_folder_with_texts_and_a_manifest() -> None:
    folder = demo_corpus_path()
    texts = sorted(path.name for path in folder.glob("*.txt"))
    listed = [
        json.loads(line)["file"]
        for line in (folder / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    assert len(texts) == 8
    assert sorted(listed) == texts


def test_the_demo_corpus_reads_into_eight_dated_documents(read_all: ReadAll) -> None:
    outcomes = read_all(demo_corpus_path())
    assert all(isinstance(outcome, Document) for outcome in outcomes), outcomes
    documents = [outcome for outcome in outcomes if isinstance(outcome, Document)]
    assert len(documents) == 8
    assert len({document.id for document in documents}) == 8
    for document in documents:
        assert document.published is not None and document.title
        assert document.language == ("ru" if document.source.endswith("_ru.txt") else "en")
        assert 120 <= len(document.text.split()) <= 300


def test_each_dateline_agrees_with_the_manifest_date(read_all: ReadAll) -> None:
    pytest.importorskip("comity.extract.dates")
    from comity.ingest.dateline import dateline_date

    checked = 0
    for outcome in read_all(demo_corpus_path()):
        assert isinstance(outcome, Document)
        found = dateline_date(outcome.text)
        if found is not None:
            assert found.published == outcome.published, outcome.source
            checked += 1
    assert checked >= 4
