"""Rich rendering of relations, dyads and conflicts for the `comity` commands.

Objects, sources and sentences come from documents: they are shown through
`comity.terminal.literal`, as written and without control characters.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from comity.relations.dyad import DyadReport, TrendPoint
from comity.relations.records import Relation
from comity.terminal import literal


def render_relations(relations: Sequence[Relation], console: Console, *, title: str) -> None:
    table = Table(title=literal(title), expand=False)
    columns = ("id", "a", "relation", "b", "object", "since", "until", "status", "conf.", "docs")
    for column in columns:
        table.add_column(column, overflow="fold")
    for relation in relations:
        table.add_row(
            relation.id[:10],
            literal(relation.a),
            relation.kind.value,
            literal(relation.b or "—"),
            literal(relation.object or ""),
            literal(relation.since or ""),
            literal(relation.until or ""),
            _status(relation),
            f"{relation.confidence:.2f}",
            str(len(relation.docs)),
        )
    console.print(table)


def render_dyad(report: DyadReport, console: Console) -> None:
    day = report.on.isoformat() if report.on else "today"
    render_relations(report.holding, console, title=f"{report.a}–{report.b}: holding on {day}")
    ended = [relation for relation in report.history if relation not in report.holding]
    if ended:
        render_relations(ended, console, title="Ended, denied or not yet begun")
    _render_trend(report.trend, console)
    console.print(literal(f"{len(report.events)} events between {report.a} and {report.b}"))


def render_conflicts(relations: Sequence[Relation], console: Console) -> None:
    if not relations:
        console.print("No relation has contradicting sources.")
        return
    for relation in relations:
        render_relations([relation], console, title=f"Relation {relation.id}")
        for source in relation.sources:
            mark = "✔" if source.stance.value == "supports" else "✘"
            where = source.source.rsplit("/", 1)[-1]
            console.print(literal(f"  {mark} {source.stance.value:11} {where}: {source.sentence}"))


def _render_trend(trend: Sequence[TrendPoint], console: Console) -> None:
    if not trend:
        return
    table = Table(title="Events and mean Goldstein score", expand=False)
    for column in ("period", "events", "Goldstein", ""):
        table.add_column(column)
    for point in trend:
        sign = "+" if point.mean_goldstein >= 0 else "−"
        bar = sign * min(10, round(abs(point.mean_goldstein)))
        table.add_row(point.period, str(point.events), f"{point.mean_goldstein:+.2f}", bar)
    console.print(table)


def _status(relation: Relation) -> str:
    parts = ["denied" if relation.negated else "holds"]
    if relation.until:
        parts = ["ended"]
    if relation.contradicting:
        parts.append(f"{len(relation.contradicting)} against")
    return ", ".join(parts)
