"""How `comity eval` shows an `EvalReport`: rich tables on the console it is given."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from comity.evaluate.scoring import Breakdown, Counts, ErrorCase, EvalReport

OVERALL = "overall"


def render_report(report: EvalReport, console: Console, *, show_errors: bool = False) -> None:
    """The overall line, the other overall figures, the breakdowns and, if asked, the errors."""
    console.print(
        f"[bold]{report.suite}[/bold]: {report.description} "
        f"({report.items} items, {report.seconds:.1f} s)"
    )
    console.print(_counts_table("Overall", [(OVERALL, report.overall), *report.extra_overall]))
    if report.metrics:
        metrics = Table(title="Other figures")
        for column in ("figure", "value", "of"):
            metrics.add_column(column)
        for metric in report.metrics:
            of = (
                f"{metric.numerator}/{metric.denominator}" if metric.denominator is not None else ""
            )
            metrics.add_row(metric.name, f"{metric.value:.3f}", of)
        console.print(metrics)
    for breakdown in report.breakdowns:
        console.print(_breakdown_table(breakdown))
    for note in report.notes:
        console.print(f"note: {note}", highlight=False)
    if show_errors:
        render_errors(report.errors, console)


def _counts_table(title: str, rows: list[tuple[str, Counts]]) -> Table:
    table = Table(title=title)
    table.add_column("", no_wrap=True)
    for column in ("P", "R", "F1", "right", "wrong", "found", "missed"):
        table.add_column(column, justify="right")
    for label, counts in rows:
        table.add_row(
            label,
            f"{counts.precision:.3f}" if counts.predicted else "–",
            f"{counts.recall:.3f}" if counts.gold else "–",
            f"{counts.f1:.3f}",
            str(counts.correct),
            str(counts.wrong),
            str(counts.found),
            str(counts.missed),
        )
    return table


def _breakdown_table(breakdown: Breakdown) -> Table:
    return _counts_table(f"By {breakdown.title}", list(breakdown.rows))


def render_errors(errors: tuple[ErrorCase, ...], console: Console) -> None:
    """Each miss and false positive with what was expected, what came out, and the sentence."""
    if not errors:
        console.print("no misses and no false positives")
        return
    for error in errors:
        label = "[yellow]missed[/yellow]" if error.kind == "missed" else "[red]wrong [/red]"
        detail = f"expected {error.expected}" if error.expected else ""
        if error.got:
            detail += ("; " if detail else "") + f"got {error.got}"
        console.print(f"{label} {error.item}: {detail}", highlight=False)
        console.print(f"       {error.sentence}", highlight=False, markup=False)
