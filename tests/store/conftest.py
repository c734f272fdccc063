"""Hand-built documents, mentions and events for the store tests (no NLP)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from builders import make_document

from comity.models import Document, Event, Precision
from comity.store import Store, open_store

DocumentFactory = Callable[..., Document]
EventFactory = Callable[..., Event]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "comity.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    with open_store(db_path) as opened:
        yield opened


@pytest.fixture
def water_talks() -> Document:
    return make_document(
        "Kazakh and Kyrgyz officials met in Almaty on 12 May 2023 to talk about river quotas.",
        source="feeds/water-talks.html",
        url="https://example.org/water-talks",
        title="River quota talks",
        published=date(2023, 5, 1),
        published_precision=Precision.MONTH,
        language="en",
    )
