"""Events as GDELT 2.0 event rows: 61 tab-separated columns, no header by default.

comity fills the columns it knows and leaves the others empty:

- GLOBALEVENTID: a stable 56-bit integer derived from the event id (the same
  event always gets the same number).
- SQLDATE, MonthYear, Year, FractionDate: from the event date at its precision;
  a month-precise date fills MonthYear and Year only, a year-precise one only
  Year (comity never invents a day). Undated events leave all four empty.
- Actor1/Actor2 Code, Name, CountryCode and Type1Code (the sector: GOV, MIL ...).
- IsRootEvent: 1 when the sentence starts in the document's opening
  (`LEAD_CHARS`), comity's stand-in for GDELT's "first paragraph".
- EventCode/EventBaseCode/EventRootCode, QuadClass, GoldsteinScale.
- NumMentions/NumSources/NumArticles: 1 (one coded sentence of one document).
- ActionGeo_FullName and ActionGeo_CountryCode: the place and its ISO3 code.
  GDELT uses FIPS 10-4 country codes here; comity writes ISO 3166 alpha-3.
- DATEADDED: when the export was written (YYYYMMDDHHMMSS, UTC).
- SOURCEURL: the document's source (URL or file path).

GDELT has no mode, so only asserted events are written: a negated, intended or
hypothetical event would read as one that happened.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from functools import lru_cache
from importlib import resources
from typing import TextIO

from comity.export.actors import EntityLookup, country_of
from comity.models import Event, Mode, Precision, interval_of

LEAD_CHARS = 300
_CELL_BREAKS = str.maketrans({"\t": " ", "\n": " ", "\r": " "})


@lru_cache(maxsize=1)
def gdelt_columns() -> tuple[str, ...]:
    """The 61 GDELT 2.0 event column names, in file order (from the data file)."""
    text = (
        resources.files("comity")
        .joinpath("data", "export", "gdelt_columns.txt")
        .read_text(encoding="utf-8")
    )
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def global_event_id(event_id: str) -> int:
    """A stable positive integer for an event id (fits a signed 64-bit column)."""
    return int.from_bytes(hashlib.sha256(event_id.encode("utf-8")).digest()[:7], "big")


def asserted(pairs: Iterable[tuple[Event, str]]) -> Iterator[tuple[Event, str]]:
    """Only the events the text says happened (for formats that have no mode)."""
    return ((event, doc) for event, doc in pairs if event.mode is Mode.ASSERTED)


def gdelt_row(event: Event, doc: str, lookup: EntityLookup, added: datetime) -> dict[str, str]:
    """The GDELT cells comity knows for `event`; every other column is empty."""
    known: dict[str, object] = {
        "GLOBALEVENTID": global_event_id(event.id),
        **_date_cells(event.date),
        **_actor_cells("Actor1", event.source, event.source_name, event.source_sector, lookup),
        **_actor_cells("Actor2", event.target, event.target_name, event.target_sector, lookup),
        "IsRootEvent": 1 if event.span_start < LEAD_CHARS else 0,
        "EventCode": event.cameo,
        "EventBaseCode": event.cameo[:3],
        "EventRootCode": event.cameo[:2],
        "QuadClass": event.quad_class,
        "GoldsteinScale": event.goldstein,
        "NumMentions": 1,
        "NumSources": 1,
        "NumArticles": 1,
        "ActionGeo_FullName": event.location_name,
        "ActionGeo_CountryCode": event.location,
        "DATEADDED": added.strftime("%Y%m%d%H%M%S"),
        "SOURCEURL": doc,
    }
    return {column: _cell(known.get(column)) for column in gdelt_columns()}


def write_gdelt(
    pairs: Iterable[tuple[Event, str]],
    out: TextIO,
    *,
    lookup: EntityLookup,
    header: bool = False,
    added: datetime | None = None,
    on_event: Callable[[], None] | None = None,
) -> int:
    """Write asserted events as GDELT rows; returns the number of rows (header not counted)."""
    stamp = added or datetime.now(UTC)
    if header:
        out.write("\t".join(gdelt_columns()) + "\n")
    written = 0
    for event, doc in asserted(pairs):
        out.write("\t".join(gdelt_row(event, doc, lookup, stamp).values()) + "\n")
        written += 1
        if on_event is not None:
            on_event()
    return written


def _date_cells(value: str | None) -> dict[str, object]:
    if value is None:
        return {}
    first, _, precision = interval_of(value)
    cells: dict[str, object] = {"Year": f"{first.year:04d}"}
    if precision is not Precision.YEAR:
        cells["MonthYear"] = f"{first.year:04d}{first.month:02d}"
    if precision is Precision.DAY:
        cells["SQLDATE"] = first.strftime("%Y%m%d")
        cells["FractionDate"] = f"{_fraction_of_year(first):.4f}"
    return cells


def _fraction_of_year(day: date) -> float:
    """2024-07-01 -> 2024.4986: the year plus the share of it completed by that day."""
    days_in_year = (date(day.year + 1, 1, 1) - date(day.year, 1, 1)).days
    return day.year + day.timetuple().tm_yday / days_in_year


def _actor_cells(
    prefix: str, code: str | None, name: str | None, sector: str | None, lookup: EntityLookup
) -> dict[str, object]:
    if code is None:
        return {}
    entity = lookup(code)
    return {
        f"{prefix}Code": code,
        f"{prefix}Name": name or (entity.name if entity is not None else None),
        f"{prefix}CountryCode": country_of(code, lookup),
        f"{prefix}Type1Code": sector,
    }


def _cell(value: object) -> str:
    if value is None:
        return ""
    return str(value).translate(_CELL_BREAKS)
