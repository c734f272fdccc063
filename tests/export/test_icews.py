from __future__ import annotations

import io
from typing import Any

import pytest

from comity.export import ICEWS_COLUMNS, export_events
from comity.models import Entity, EntityKind, Mode
from comity.store import Store

from .conftest import EVENTS

pd = pytest.importorskip("pandas")

KNOWN = {
    "TUR": Entity(code="TUR", kind=EntityKind.STATE, name="Turkey"),
    "AZE": Entity(code="AZE", kind=EntityKind.STATE, name="Azerbaijan"),
}


def _frame(store: Store) -> tuple[int, str, Any]:
    out = io.StringIO()
    count = export_events(store, out, fmt="icews", lookup=KNOWN.get)
    text = out.getvalue()
    frame = pd.read_csv(io.StringIO(text), sep="\t", dtype=str, keep_default_na=False)
    return count, text, frame


def test_header_and_one_row_per_asserted_event(store: Store) -> None:
    count, text, frame = _frame(store)
    assert text.splitlines()[0].split("\t") == list(ICEWS_COLUMNS)
    assert tuple(frame.columns) == ICEWS_COLUMNS
    assert count == len(frame) == sum(1 for e in EVENTS if e.mode is Mode.ASSERTED)


def test_columns_hold_names_countries_and_codes(store: Store) -> None:
    _, _, frame = _frame(store)
    rows = frame.set_index("Event ID")
    first = rows.loc["exp-debate-first"]
    assert first["Event Date"] == "2024-06-02"
    assert (first["Source Name"], first["Source Sectors"], first["Source Country"]) == (
        "Turkey", "GOV", "Turkey",
    )  # fmt: skip
    assert (first["Target Name"], first["Target Country"]) == ("Azerbaijan", "Azerbaijan")
    assert first["CAMEO Code"] == "111"
    assert first["Event Text"] != ""  # the codebook's description of 111
    assert float(first["Intensity"]) == -2.0
    assert first["Story ID"] == EVENTS[2].doc_id
    assert (first["City"], first["Country"]) == ("Ankara", "Turkey")
    assert first["Latitude"] == "" and first["Publisher"] == ""
    summit = rows.loc["exp-summit-agree"]
    assert summit["Event Date"] == "2024-05"  # kept at its precision
    assert summit["Country"] == "Azerbaijan"  # known only through ISO 3166
    assert summit["City"] == "Şuşa"
    assert summit["Target Sectors"] == "GOV"
