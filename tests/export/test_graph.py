from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest

from comity.export import EDGE_COLUMNS, build_graph, export_graph
from comity.models import Entity, EntityKind
from comity.store import Store

from .conftest import EVENTS

nx = pytest.importorskip("networkx")

KNOWN = {
    "TUR": Entity(code="TUR", kind=EntityKind.STATE, name="Turkey"),
    "EU": Entity(code="EU", kind=EntityKind.ORGANISATION, name="European Union"),
}


def _written(store: Store, tmp_path: Path, fmt: Any, **filters: Any) -> tuple[Path, int, int]:
    path = tmp_path / f"graph.{fmt}"
    with path.open("wb") as out:
        nodes, edges = export_graph(store, out, fmt=fmt, lookup=KNOWN.get, **filters)
    return path, nodes, edges


def _check_network(graph: Any) -> None:
    assert set(graph.nodes) == {"TUR", "AZE", "EU", "KAZ"}
    assert set(graph.edges) == {("TUR", "AZE"), ("EU", "KAZ")}
    tur = graph.nodes["TUR"]
    assert (tur["name"], tur["kind"], int(tur["events"])) == ("Turkey", "state", 3)
    aze = graph.nodes["AZE"]
    assert (aze["name"], aze["kind"]) == ("Azerbaijan", "")  # named by the events only
    dyad = graph.edges["TUR", "AZE"]
    assert int(dyad["events"]) == 3
    assert float(dyad["goldstein_mean"]) == pytest.approx((8.0 - 2.0 - 2.0) / 3, abs=1e-4)
    assert (dyad["first_date"], dyad["last_date"]) == ("2024-05", "2024-06-03")
    assert dyad["plover"] == "ACCUSE"  # two of three


def test_graphml_reads_back_in_networkx(store: Store, tmp_path: Path) -> None:
    path, nodes, edges = _written(store, tmp_path, "graphml")
    graph = nx.read_graphml(path)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (nodes, edges) == (4, 2)
    assert graph.is_directed()
    _check_network(graph)


def test_gexf_reads_back_in_networkx(store: Store, tmp_path: Path) -> None:
    path, nodes, edges = _written(store, tmp_path, "gexf")
    graph = nx.read_gexf(path)
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (nodes, edges)
    _check_network(graph)
    assert graph.nodes["EU"]["label"] == "European Union"


def test_csv_is_an_edge_list(store: Store, tmp_path: Path) -> None:
    path, _, edges = _written(store, tmp_path, "csv")
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert tuple(rows[0]) == EDGE_COLUMNS
    assert len(rows) == edges == 2
    dyad = next(row for row in rows if row["source"] == "EU")
    assert (dyad["target"], dyad["source_name"], dyad["events"]) == ("KAZ", "European Union", "1")
    assert (dyad["first_date"], dyad["plover"]) == ("2025", "CONSULT")


def test_filters_narrow_the_network(store: Store, tmp_path: Path) -> None:
    path, nodes, edges = _written(store, tmp_path, "graphml", since="2024-06")
    graph = nx.read_graphml(path)
    assert set(graph.edges) == {("TUR", "AZE"), ("EU", "KAZ")}
    assert int(graph.edges["TUR", "AZE"]["events"]) == 2
    path, nodes, edges = _written(store, tmp_path, "graphml", plover="AGREE")
    assert (nodes, edges) == (2, 1)


def test_an_event_without_target_counts_but_makes_no_edge() -> None:
    lone = EVENTS[0].model_copy(update={"target": None, "target_name": None})
    graph = build_graph([lone])
    assert list(graph.nodes) == ["TUR"] and graph.number_of_edges() == 0
    assert graph.nodes["TUR"]["events"] == 1


def test_an_unknown_format_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="graphml, gexf or csv"):
        export_graph(store, io.BytesIO(), fmt="dot")  # type: ignore[arg-type]
