"""Hand-built events for the evaluation tests (no NLP)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from comity.models import Event

EventMaker = Callable[..., Event]


def make_event(**fields: Any) -> Event:
    values: dict[str, Any] = {
        "id": "e1",
        "doc_id": "d1",
        "source": "TUR",
        "target": "AZE",
        "plover": "CONSULT",
        "cameo": "040",
        "goldstein": 1.0,
        "quad_class": 1,
        "sentence": "Turkey met Azerbaijan.",
        "span_start": 0,
        "span_end": 22,
        "trigger": "met",
        "trigger_start": 7,
        "trigger_end": 10,
        "confidence": 0.9,
        "extractor": "test",
    }
    values.update(fields)
    return Event(**values)


@pytest.fixture
def event_maker() -> EventMaker:
    """Builds an event from a few fields (the others get plain defaults)."""
    return make_event
