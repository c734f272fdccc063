"""Events in the column layout of ICEWS event files: tab-separated, with a header.

Names are comity's actor names; countries are written as names, as ICEWS does.
"Event Text" is the CAMEO description of the code, "Intensity" the Goldstein
score, "Story ID" the document id. Columns comity has no value for (Sentence
Number, Publisher, District, Province, Latitude, Longitude) are empty. Like
GDELT, ICEWS has no mode, so only asserted events are written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TextIO

from comity.errors import NotFound
from comity.export.actors import EntityLookup, country_name, country_of
from comity.export.gdelt import asserted
from comity.extract.codebook import Codebook
from comity.models import Event

ICEWS_COLUMNS: tuple[str, ...] = (
    "Event ID",
    "Event Date",
    "Source Name",
    "Source Sectors",
    "Source Country",
    "Event Text",
    "CAMEO Code",
    "Intensity",
    "Target Name",
    "Target Sectors",
    "Target Country",
    "Story ID",
    "Sentence Number",
    "Publisher",
    "City",
    "District",
    "Province",
    "Country",
    "Latitude",
    "Longitude",
)
_CELL_BREAKS = str.maketrans({"\t": " ", "\n": " ", "\r": " "})


def icews_row(event: Event, lookup: EntityLookup, codebook: Codebook) -> dict[str, str]:
    """The ICEWS cells of `event`, keyed by column name."""
    country = country_name(event.location, lookup)
    known: dict[str, object] = {
        "Event ID": event.id,
        "Event Date": event.date,
        "Source Name": _actor_name(event.source, event.source_name, lookup),
        "Source Sectors": event.source_sector,
        "Source Country": country_name(country_of(event.source, lookup), lookup),
        "Event Text": _description(event.cameo, codebook),
        "CAMEO Code": event.cameo,
        "Intensity": event.goldstein,
        "Target Name": _actor_name(event.target, event.target_name, lookup),
        "Target Sectors": event.target_sector,
        "Target Country": country_name(country_of(event.target, lookup), lookup),
        "Story ID": event.doc_id,
        "City": event.location_name if event.location_name != country else None,
        "Country": country,
    }
    return {column: _cell(known.get(column)) for column in ICEWS_COLUMNS}


def write_icews(
    pairs: Iterable[tuple[Event, str]],
    out: TextIO,
    *,
    lookup: EntityLookup,
    on_event: Callable[[], None] | None = None,
) -> int:
    """Write the header and one row per asserted event; returns the number of rows."""
    codebook = Codebook.load()
    out.write("\t".join(ICEWS_COLUMNS) + "\n")
    written = 0
    for event, _ in asserted(pairs):
        out.write("\t".join(icews_row(event, lookup, codebook).values()) + "\n")
        written += 1
        if on_event is not None:
            on_event()
    return written


def _actor_name(code: str | None, name: str | None, lookup: EntityLookup) -> str | None:
    if name is not None or code is None:
        return name
    entity = lookup(code)
    return entity.name if entity is not None else code


def _description(cameo: str, codebook: Codebook) -> str | None:
    try:
        return codebook.lookup(cameo).description
    except NotFound:
        return None


def _cell(value: object) -> str:
    if value is None:
        return ""
    return str(value).translate(_CELL_BREAKS)
