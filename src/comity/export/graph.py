"""The actor network: actors as nodes, who-acted-on-whom as directed edges.

Node attributes: `label` and `name` (the actor's name), `kind` (state,
organisation ...; empty when the knowledge base does not know the code) and
`events` (events the actor is source or target of). Edge attributes (source →
target): `events`, `goldstein_mean`, `first_date` and `last_date` (at the
precision the events give; empty when none is dated) and `plover`, the most
frequent PLOVER type (ties go to the alphabetically first). Events without a
target count for their source but make no edge. The graph is built in one pass
over the event stream, holding one small tally per actor and per dyad.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, BinaryIO, Literal, Unpack, get_args

from comity.export.actors import EntityLookup, no_lookup
from comity.export.optional import require
from comity.export.spreadsheet import guarded_cell
from comity.models import Event, interval_of
from comity.store import EventQuery, Store

GraphFormat = Literal["graphml", "gexf", "csv"]
EDGE_COLUMNS: tuple[str, ...] = (
    "source",
    "target",
    "source_name",
    "target_name",
    "events",
    "goldstein_mean",
    "first_date",
    "last_date",
    "plover",
)


@dataclass
class _ActorTally:
    events: int = 0
    names: Counter[str] = field(default_factory=Counter)


@dataclass
class _DyadTally:
    events: int = 0
    goldstein_sum: float = 0.0
    first: tuple[date, str] | None = None
    last: tuple[date, str] | None = None
    plover: Counter[str] = field(default_factory=Counter)

    def add(self, event: Event) -> None:
        self.events += 1
        self.goldstein_sum += event.goldstein
        self.plover[event.plover] += 1
        if event.date is not None:
            first_day = interval_of(event.date)[0]
            end = event.date_end or event.date
            last_day = interval_of(end)[1]
            if self.first is None or first_day < self.first[0]:
                self.first = (first_day, event.date)
            if self.last is None or last_day > self.last[0]:
                self.last = (last_day, end)

    def attributes(self) -> dict[str, Any]:
        dominant = min(self.plover.items(), key=lambda item: (-item[1], item[0]))[0]
        return {
            "events": self.events,
            "goldstein_mean": round(self.goldstein_sum / self.events, 4),
            "first_date": self.first[1] if self.first else "",
            "last_date": self.last[1] if self.last else "",
            "plover": dominant,
        }


def build_graph(events: Iterable[Event], lookup: EntityLookup = no_lookup) -> Any:
    """A networkx DiGraph of the actors and dyads of `events`."""
    nx = require("networkx", "networkx", "the graph export")
    actors: dict[str, _ActorTally] = {}
    dyads: dict[tuple[str, str], _DyadTally] = {}
    for event in events:
        _count_actor(actors, event.source, event.source_name)
        _count_actor(actors, event.target, event.target_name)
        if event.source is not None and event.target is not None:
            dyads.setdefault((event.source, event.target), _DyadTally()).add(event)
    graph = nx.DiGraph()
    for code, tally in actors.items():
        graph.add_node(code, **_node_attributes(code, tally, lookup))
    for (source, target), dyad in dyads.items():
        graph.add_edge(source, target, **dyad.attributes())
    return graph


def export_graph(
    store: Store,
    out: BinaryIO,
    *,
    fmt: GraphFormat,
    lookup: EntityLookup = no_lookup,
    guard_formulas: bool = True,
    **filters: Unpack[EventQuery],
) -> tuple[int, int]:
    """Write the actor network of the matching events; returns (nodes, edges).

    `guard_formulas` (csv only): text cells a spreadsheet would run as formulas
    get a leading `'` (see `comity.export.spreadsheet`).
    """
    if fmt not in get_args(GraphFormat):
        raise ValueError(f"unknown graph format {fmt!r}: use graphml, gexf or csv")
    nx = require("networkx", "networkx", "the graph export")
    graph = build_graph(store.events(**filters), lookup)
    if fmt == "graphml":
        nx.write_graphml(graph, out, encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(graph, out, encoding="utf-8")
    else:
        _write_edge_csv(graph, out, guard_formulas=guard_formulas)
    return graph.number_of_nodes(), graph.number_of_edges()


def _count_actor(actors: dict[str, _ActorTally], code: str | None, name: str | None) -> None:
    if code is None:
        return
    tally = actors.setdefault(code, _ActorTally())
    tally.events += 1
    if name:
        tally.names[name] += 1


def _node_attributes(code: str, tally: _ActorTally, lookup: EntityLookup) -> dict[str, Any]:
    entity = lookup(code)
    if entity is not None:
        name = entity.name
    elif tally.names:
        name = tally.names.most_common(1)[0][0]
    else:
        name = code
    kind = entity.kind.value if entity is not None else ""
    return {"label": name, "name": name, "kind": kind, "events": tally.events}


def _write_edge_csv(graph: Any, out: BinaryIO, *, guard_formulas: bool) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    try:
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(EDGE_COLUMNS)
        for source, target, attributes in graph.edges(data=True):
            row = [
                source,
                target,
                graph.nodes[source]["name"],
                graph.nodes[target]["name"],
                *(attributes[column] for column in EDGE_COLUMNS[4:]),
            ]
            writer.writerow([guarded_cell(cell) for cell in row] if guard_formulas else row)
    finally:
        text.detach()  # leave `out` open for the caller
