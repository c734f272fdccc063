from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from comity.export import export_events, gdelt_columns, global_event_id
from comity.export.gdelt import write_gdelt
from comity.models import Entity, EntityKind, Mode
from comity.store import Store

from .conftest import EVENTS, SOURCES

pd = pytest.importorskip("pandas")

SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "data" / "cameo" / "events2.csv"
KNOWN = {
    "TUR": Entity(code="TUR", kind=EntityKind.STATE, name="Turkey"),
    "AZE": Entity(code="AZE", kind=EntityKind.STATE, name="Azerbaijan"),
    "EU": Entity(code="EU", kind=EntityKind.ORGANISATION, name="European Union"),
}
ADDED = datetime(2026, 11, 23, 9, 30, 5, tzinfo=UTC)


def _schema_names() -> list[str]:
    if not SCHEMA.is_file():
        pytest.skip("the shared GDELT schema file is not available")
    with SCHEMA.open(encoding="utf-8") as handle:
        return [row["name"] for row in csv.DictReader(handle)]


def _frame(text: str) -> Any:
    return pd.read_csv(
        io.StringIO(text), sep="\t", header=None, names=_schema_names(), dtype=str,
        keep_default_na=False,
    )  # fmt: skip


def _export(store: Store, **kwargs: Any) -> tuple[int, str]:
    out = io.StringIO()
    count = write_gdelt(store.events_with_source(), out, lookup=KNOWN.get, added=ADDED, **kwargs)
    return count, out.getvalue()


def test_the_shipped_columns_are_gdelts() -> None:
    assert list(gdelt_columns()) == _schema_names()


def test_every_asserted_event_is_one_row_of_61_columns(store: Store) -> None:
    count, text = _export(store)
    asserted = [event for event in EVENTS if event.mode is Mode.ASSERTED]
    assert count == len(asserted) < len(EVENTS)
    frame = _frame(text)
    assert len(frame) == count
    assert all(line.count("\t") == 60 for line in text.splitlines())
    assert set(frame["GLOBALEVENTID"].astype(int)) == {global_event_id(e.id) for e in asserted}


def test_known_columns_hold_the_events_values(store: Store) -> None:
    frame = _frame(_export(store)[1])
    rows = {int(row["GLOBALEVENTID"]): row for _, row in frame.iterrows()}
    day = rows[global_event_id("exp-debate-first")]
    assert (day["SQLDATE"], day["MonthYear"], day["Year"]) == ("20240602", "202406", "2024")
    assert float(day["FractionDate"]) == pytest.approx(2024 + 154 / 366, abs=1e-4)
    assert (day["Actor1Code"], day["Actor1Name"], day["Actor1CountryCode"]) == (
        "TUR", "Turkey", "TUR",
    )  # fmt: skip
    assert day["Actor1Type1Code"] == "GOV"
    assert (day["Actor2Code"], day["Actor2Name"], day["Actor2CountryCode"]) == (
        "AZE", "Azerbaijan", "AZE",
    )  # fmt: skip
    assert (day["EventCode"], day["EventBaseCode"], day["EventRootCode"]) == ("111", "111", "11")
    assert (day["QuadClass"], float(day["GoldsteinScale"])) == ("3", -2.0)
    assert (day["NumMentions"], day["NumSources"], day["NumArticles"]) == ("1", "1", "1")
    assert (day["ActionGeo_CountryCode"], day["ActionGeo_FullName"]) == ("TUR", "Ankara")
    assert day["IsRootEvent"] == "1"
    assert day["DATEADDED"] == "20261123093005"
    assert day["SOURCEURL"] == "https://news.example.org/debate"
    assert day["AvgTone"] == "" and day["Actor1Geo_Lat"] == ""


def test_a_month_date_fills_no_day(store: Store) -> None:
    frame = _frame(_export(store)[1])
    month = frame[frame["GLOBALEVENTID"] == str(global_event_id("exp-summit-agree"))].iloc[0]
    assert (month["SQLDATE"], month["MonthYear"], month["Year"]) == ("", "202405", "2024")
    assert month["FractionDate"] == ""
    assert month["EventCode"] == "057" and month["EventRootCode"] == "05"
    assert month["SOURCEURL"] == SOURCES[EVENTS[0].doc_id]


def test_without_a_lookup_countries_stay_empty(store: Store) -> None:
    out = io.StringIO()
    export_events(store, out, fmt="gdelt")
    frame = _frame(out.getvalue())
    assert set(frame["Actor1CountryCode"]) == {""}
    assert "TUR" in set(frame["Actor1Code"])


def test_header_only_on_request(store: Store) -> None:
    _, plain = _export(store)
    assert not plain.startswith("GLOBALEVENTID")
    count, with_header = _export(store, header=True)
    lines = with_header.splitlines()
    assert lines[0].split("\t") == list(gdelt_columns())
    assert len(lines) == count + 1


def test_event_ids_map_to_stable_distinct_integers() -> None:
    ids = [event.id for event in EVENTS]
    numbers = [global_event_id(event_id) for event_id in ids]
    assert numbers == [global_event_id(event_id) for event_id in ids]
    assert len(set(numbers)) == len(ids)
    assert all(0 < number < 2**63 for number in numbers)
