"""Hand-built events for the evaluation tests (no NLP)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import builders
import pytest

from comity.models import Event

EventMaker = Callable[..., Event]


def make_event(**fields: Any) -> Event:
    document = builders.make_document("Turkey met Azerbaijan.", source="test.txt")
    defaults: dict[str, Any] = {
        "doc_id": "d1", "source": "TUR", "source_name": None, "target": "AZE", "target_name": None,
        "trigger_start": 7, "trigger_end": 10, "confidence": 0.9, "extractor": "test",
    }  # fmt: skip
    return builders.make_event(document, "e1", **(defaults | fields))


@pytest.fixture
def event_maker() -> EventMaker:
    """Builds an event from a few fields (the others get plain defaults)."""
    return make_event
