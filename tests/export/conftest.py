"""A small store of hand-built events for the export tests (no NLP)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import builders
import pytest

from comity.models import Document, Event, Mode, Precision
from comity.store import Store, open_store


def make_document(text: str, source: str) -> Document:
    return builders.make_document(text, source=source)


def make_event(doc: Document, event_id: str, **fields: Any) -> Event:
    defaults: dict[str, Any] = {
        "source": "TUR", "source_name": None, "target": "AZE", "target_name": None,
        "trigger": "talked", "trigger_end": 6, "confidence": 0.75,
    }  # fmt: skip
    return builders.make_event(doc, event_id, **(defaults | fields))


SUMMIT = make_document(
    'Türkiye\'s envoy said, "we agree", and the sides signed a\nroad protocol in Şuşa.',
    source="/corpus/2024/summit-report.txt",
)
BRIEFING = make_document(
    "The EU and Kazakhstan will hold talks next year.",
    source="https://news.example.org/briefing?id=7",
)
DEBATE = make_document(
    "Ankara criticised Baku on 2 June 2024.\tA day later\nit criticised Baku again.",
    source="https://news.example.org/debate",
)
_SECOND = DEBATE.text.index("A day")
EVENTS = [
    make_event(
        SUMMIT,
        "exp-summit-agree",
        source_name="Türkiye",
        target_name="Azerbaijan",
        target_sector="GOV",
        plover="AGREE",
        cameo="057",
        goldstein=8.0,
        date="2024-05",
        date_precision=Precision.MONTH,
        location="AZE",
        location_name="Şuşa",
        trigger="signed",
    ),
    make_event(
        BRIEFING,
        "exp-briefing-plan",
        source="EU",
        target="KAZ",
        mode=Mode.INTENDED,
        date="2025",
        date_precision=Precision.YEAR,
        date_inferred=True,
        goldstein=-0.5,
        quad_class=2,
    ),
    make_event(
        DEBATE,
        "exp-debate-first",
        source_name="Turkey",
        source_sector="GOV",
        plover="ACCUSE",
        cameo="111",
        goldstein=-2.0,
        quad_class=3,
        date="2024-06-02",
        date_precision=Precision.DAY,
        location="TUR",
        location_name="Ankara",
        trigger="criticised",
        sentence=DEBATE.text[:_SECOND],
        span_end=_SECOND,
    ),
    make_event(
        DEBATE,
        "exp-debate-second",
        plover="ACCUSE",
        cameo="111",
        goldstein=-2.0,
        quad_class=3,
        date="2024-06-03",
        date_precision=Precision.DAY,
        trigger="criticised",
        sentence=DEBATE.text[_SECOND:],
        span_start=_SECOND,
        span_end=len(DEBATE.text),
    ),
]
DOCUMENTS = (SUMMIT, BRIEFING, DEBATE)
SOURCES = {doc.id: doc.source for doc in DOCUMENTS}


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "export.db") as opened:
        for doc in DOCUMENTS:
            opened.save_document(doc, [], [e for e in EVENTS if e.doc_id == doc.id])
        yield opened
