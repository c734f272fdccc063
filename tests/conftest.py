"""Shared fixtures: the loaded extractor (trained model) and a coder for one text."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from comity.ingest import document_id
from comity.models import Document, Event, Precision

SHARED = Path(__file__).resolve().parents[1].parent / "shared"

CodeText = Callable[..., list[Event]]


@pytest.fixture(scope="session")
def extractor():  # type: ignore[no-untyped-def]
    from comity.extract.extractor import Extractor

    return Extractor.load()


def text_document(
    text: str, published: date | None = date(2025, 5, 22), *, language: str = "en"
) -> Document:
    """A document of `text` in `language`, published on `published` (to the day)."""
    return Document(
        id=document_id(text),
        text=text,
        source="test.txt",
        published=published,
        published_precision=Precision.DAY if published else None,
        language=language,
    )


def english_document(text: str, published: date | None = date(2025, 5, 22)) -> Document:
    """An English document of `text`, published on `published` (to the day)."""
    return text_document(text, published)


@pytest.fixture(scope="session")
def code_text(extractor) -> CodeText:  # type: ignore[no-untyped-def]
    """Code one text (published 2025-05-22 unless told otherwise) into events."""

    def code(text: str, published: date | None = date(2025, 5, 22)) -> list[Event]:
        return extractor.extract(english_document(text, published)).events

    return code


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside the repository")
    return SHARED


@pytest.fixture(scope="session")
def plover_2021() -> set[str]:
    """The 16 event types of the PLOVER 2021 vocabulary (PLOVER manual, draft 0.8)."""
    return {
        "ACCUSE", "AGREE", "AID", "ASSAULT", "COERCE", "CONCEDE", "CONSULT", "COOPERATE",
        "MOBILIZE", "PROTEST", "REJECT", "REQUEST", "RETREAT", "SANCTION", "SUPPORT", "THREATEN",
    }  # fmt: skip


@pytest.fixture(scope="session")
def russian_extractor():  # type: ignore[no-untyped-def]
    """An extractor whose Russian kit is loaded (issue 12); English gets a blank spaCy model."""
    import spacy

    from comity.extract.codebook import Codebook
    from comity.extract.extractor import Extractor
    from comity.extract.lexicon import TriggerLexicon
    from comity.kb import KnowledgeBase

    extractor = Extractor(
        KnowledgeBase.load(), TriggerLexicon.load("en"), Codebook.load(), spacy.blank("en")
    )
    extractor.kit_for("ru")
    return extractor


def russian_document(text: str, published: date | None = date(2025, 5, 22)) -> Document:
    """A Russian document of `text`, published on `published` (to the day)."""
    return text_document(text, published, language="ru")
