"""Events as PLOVER JSON records, one object per line.

Field names follow the PLOVER gold-standard records: `id`, `date`, `source` and
`target` (lists of {actorText, code, sector}), `event`, `eventText` (the
trigger), `mode`, `context`, `text` (the sentence), `language`, `publication`
(the document's source), `coder` (the extractor), plus `eventLoc` when a place
is known. comity's own values that PLOVER has no field for travel under
`comity` (CAMEO code, Goldstein score, date precision, confidence, span).

PLOVER's `mode` is a manner of acting ("visit", "phone" ...), not comity's
asserted/negated/intended/hypothetical; that is kept as `comity.mode`, and
PLOVER's `mode` and `context` stay empty because comity does not code them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from comity.models import Event

PLOVER_FIELDS: tuple[str, ...] = (
    "id",
    "date",
    "source",
    "target",
    "event",
    "eventText",
    "mode",
    "context",
    "text",
    "language",
    "publication",
    "coder",
)


def plover_record(event: Event, doc: str) -> dict[str, Any]:
    """The PLOVER record of `event` from the document whose source is `doc`."""
    record: dict[str, Any] = {
        "id": event.id,
        "date": event.date or "",
        "source": _actors(event.source, event.source_name, event.source_sector),
        "target": _actors(event.target, event.target_name, event.target_sector),
        "event": event.plover,
        "eventText": event.trigger,
        "mode": "",
        "context": "",
        "text": event.sentence,
        "language": event.language,
        "publication": doc,
        "coder": event.extractor,
    }
    if event.location is not None or event.location_name is not None:
        record["eventLoc"] = {
            "name": event.location_name or "",
            "country code": event.location or "",
        }
    record["comity"] = {
        "cameo": event.cameo,
        "goldstein": event.goldstein,
        "quad_class": event.quad_class,
        "mode": event.mode.value,
        "date_end": event.date_end,
        "date_precision": event.date_precision.value if event.date_precision else None,
        "date_inferred": event.date_inferred,
        "confidence": event.confidence,
        "doc_id": event.doc_id,
        "span": [event.span_start, event.span_end],
    }
    return record


def write_plover(
    pairs: Iterable[tuple[Event, str]],
    out: TextIO,
    *,
    on_event: Callable[[], None] | None = None,
) -> int:
    """Write one PLOVER JSON object per line; returns the number written."""
    written = 0
    for event, doc in pairs:
        out.write(json.dumps(plover_record(event, doc), ensure_ascii=False) + "\n")
        written += 1
        if on_event is not None:
            on_event()
    return written


def _actors(code: str | None, name: str | None, sector: str | None) -> list[dict[str, str]]:
    if code is None:
        return []
    actor = {"actorText": name or code, "code": code}
    if sector is not None:
        actor["sector"] = sector
    return [actor]
