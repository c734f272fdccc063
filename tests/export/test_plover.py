from __future__ import annotations

import io
import json
from typing import Any

from comity.export import PLOVER_FIELDS, export_events
from comity.store import Store

from .conftest import EVENTS, SOURCES


def _records(store: Store, **filters: Any) -> list[dict[str, Any]]:
    out = io.StringIO()
    count = export_events(store, out, fmt="plover", **filters)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert count == len(records)
    return records


def test_every_event_is_a_plover_record_with_its_fields(store: Store) -> None:
    records = _records(store)
    assert len(records) == len(EVENTS)  # every mode: PLOVER can say how sure the text is
    for record in records:
        assert set(PLOVER_FIELDS) <= set(record)


def test_fields_carry_the_events_values(store: Store) -> None:
    by_id = {record["id"]: record for record in _records(store)}
    for event in EVENTS:
        record = by_id[event.id]
        assert record["event"] == event.plover
        assert record["eventText"] == event.trigger
        assert record["text"] == event.sentence
        assert record["publication"] == SOURCES[event.doc_id]
        assert record["comity"]["cameo"] == event.cameo
        assert record["comity"]["mode"] == event.mode.value
        assert record["source"][0]["code"] == event.source
    summit = by_id["exp-summit-agree"]
    assert summit["date"] == "2024-05"
    assert summit["source"] == [{"actorText": "Türkiye", "code": "TUR"}]
    assert summit["target"] == [{"actorText": "Azerbaijan", "code": "AZE", "sector": "GOV"}]
    assert summit["eventLoc"] == {"name": "Şuşa", "country code": "AZE"}
    assert "eventLoc" not in by_id["exp-briefing-plan"]
    assert by_id["exp-briefing-plan"]["comity"]["date_inferred"] is True


def test_filters_pass_through(store: Store) -> None:
    assert [record["id"] for record in _records(store, plover="ACCUSE")] == [
        "exp-debate-first", "exp-debate-second",
    ]  # fmt: skip
