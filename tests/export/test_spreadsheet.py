"""CSV cells that a spreadsheet would run as formulas (issue 11), and the layouts
that must keep text exactly."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from builders import make_document, make_event

from comity.export import export_events, export_graph
from comity.export.spreadsheet import guarded_cell, runs_as_formula
from comity.store import Store, open_store

RISKY = [
    '=HYPERLINK("http://evil.example","click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "- bullet point: Ankara and Baku met",
]
HARMLESS = ["Turkey met Azerbaijan = progress", "-3.5", "+90", "-.5", "1e-3", "", "'=quoted"]


@pytest.mark.parametrize("text", RISKY)
def test_text_a_spreadsheet_would_run_gets_a_quote(text: str) -> None:
    assert runs_as_formula(text)
    assert guarded_cell(text) == "'" + text


@pytest.mark.parametrize("text", HARMLESS)
def test_plain_text_and_numbers_in_text_stay_as_written(text: str) -> None:
    assert not runs_as_formula(text)
    assert guarded_cell(text) == text


@pytest.mark.parametrize("value", [-3.5, -2, 0.0, True, None])
def test_values_that_are_not_text_are_never_touched(value: object) -> None:
    assert guarded_cell(value) is value


@pytest.fixture
def risky_store(tmp_path: Path) -> Iterator[Store]:
    """One event whose sentence, names and source start like formulas."""
    sentence = '=HYPERLINK("http://evil.example","x") said Turkey'
    doc = make_document(sentence, source="@feeds/x.html")
    event = make_event(
        doc,
        "evtformula001",
        source="TUR",
        source_name="+Turkey",
        target="AZE",
        target_name="-Azerbaijan",
        goldstein=-3.5,
        date="2025-05-01",
    )
    with open_store(tmp_path / "formulas.db") as store:
        store.save_document(doc, [], [event])
        yield store


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_the_events_csv_guards_text_cells_and_keeps_numbers(risky_store: Store) -> None:
    out = io.StringIO()
    export_events(risky_store, out, fmt="csv")
    (row,) = _csv_rows(out.getvalue())
    assert row["sentence"] == '\'=HYPERLINK("http://evil.example","x") said Turkey'
    assert (row["doc"], row["source_name"], row["target_name"]) == (
        "'@feeds/x.html",
        "'+Turkey",
        "'-Azerbaijan",
    )
    assert (row["goldstein"], row["source"], row["date"]) == ("-3.5", "TUR", "2025-05-01")


def test_raw_csv_keeps_every_cell_exactly(risky_store: Store) -> None:
    out = io.StringIO()
    export_events(risky_store, out, fmt="csv", guard_formulas=False)
    (row,) = _csv_rows(out.getvalue())
    assert row["sentence"].startswith("=HYPERLINK")
    assert (row["doc"], row["source_name"]) == ("@feeds/x.html", "+Turkey")


@pytest.mark.parametrize("fmt", ["gdelt", "icews", "jsonl", "plover"])
def test_other_layouts_keep_the_text_as_stored(risky_store: Store, fmt: str) -> None:
    out = io.StringIO()
    export_events(risky_store, out, fmt=fmt, header=True)  # type: ignore[arg-type]
    written = out.getvalue()
    assert "+Turkey" in written and "'+Turkey" not in written
    if fmt in ("jsonl", "plover"):  # the layouts that carry the sentence
        assert "=HYPERLINK" in written and "'=HYPERLINK" not in written


def test_the_edge_list_guards_names(risky_store: Store) -> None:
    pytest.importorskip("networkx")
    guarded, raw = io.BytesIO(), io.BytesIO()
    export_graph(risky_store, guarded, fmt="csv")
    export_graph(risky_store, raw, fmt="csv", guard_formulas=False)
    (row,) = _csv_rows(guarded.getvalue().decode())
    assert (row["source_name"], row["target_name"]) == ("'+Turkey", "'-Azerbaijan")
    assert float(row["goldstein_mean"]) == -3.5
    (exact,) = _csv_rows(raw.getvalue().decode())
    assert (exact["source_name"], exact["target_name"]) == ("+Turkey", "-Azerbaijan")
