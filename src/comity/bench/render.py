"""How `comity bench` and `comity bench-scale` show their reports: a table, then the ratios."""

from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table

from comity.bench import BenchReport
from comity.bench.measure import RunResult
from comity.bench.scale import ScaleReport


def render_bench(report: BenchReport, console: Console) -> None:
    workload = report.workload
    console.print(f"Corpus: {report.corpus}", highlight=False)
    console.print(
        f"Workload: {workload.documents} documents, {workload.words} words, "
        f"{workload.sentences} sentences (comity's split), {workload.tokens} tokens "
        f"(spaCy's tokenizer); {report.processes} process(es); "
        f"prefilter {'on' if report.prefilter else 'off'}",
        highlight=False,
    )
    console.print(_runs_table(report))
    counts = report.ingest.counts
    for label, run in (
        ("plain parse (the model as spaCy loads it)", report.parse.result),
        ("tuned parse (as comity loads it: no NER, numpy BLAS)", report.tuned_parse.result),
    ):
        console.print(
            f"comity ingest vs {label}: {report.relative_speed(run):.2f}× the speed "
            f"({report.relative_cpu(run):.2f}× by CPU time)",
            highlight=False,
        )
    console.print(
        f"comity ingest vs spaCy tokenizer: {report.relative_speed(report.tokenize.result):.3f}×",
        highlight=False,
    )
    console.print(
        f"Sentences sent to the parser: {counts.parsed} of {counts.sentences} "
        f"({report.parsed_share:.0%}); {counts.added} documents stored, {counts.events} events",
        highlight=False,
    )
    if report.profile is not None:
        console.print(f"Profile of the ingest written to {report.profile}", highlight=False)


def _runs_table(report: BenchReport) -> Table:
    caption = "rates over the same workload; CPU time and RSS of the run's processes"
    # Light rules and short headers: the table fits 80 columns, as in CI logs.
    table = Table(
        title="comity bench", caption=caption, box=box.SIMPLE, pad_edge=False, collapse_padding=True
    )
    columns = ("run", "procs", "wall s", "CPU s", "docs/s", "sent/s", "tokens/s")
    for column in (*columns, "peak RSS"):
        table.add_column(column, justify="left" if column == "run" else "right", no_wrap=True)
    for run in report.runs:
        table.add_row(*_row(run, report))
    return table


def _row(run: RunResult, report: BenchReport) -> list[str]:
    workload = report.workload
    return [
        run.name,
        str(run.processes),
        f"{run.seconds:.2f}",
        f"{run.cpu_seconds:.2f}",
        f"{run.per_second(workload.documents):,.1f}",
        f"{run.per_second(workload.sentences):,.0f}",
        f"{run.per_second(workload.tokens):,.0f}",
        f"{run.peak_rss / 2**20:,.0f} MiB",
    ]


def render_scale(report: ScaleReport, console: Console) -> None:
    """`comity bench-scale`: one row per run, docs/s and speed-up over one process."""
    console.print(f"Corpus: {report.corpus}", highlight=False)
    console.print(
        f"Workload: {report.documents} documents, {report.words} words; "
        f"Dask cluster: {report.cluster}",
        highlight=False,
    )
    console.print(_scale_table(report))
    first = report.runs[0].counts
    same = "the same as" if report.same_counts else "NOT the same as"
    console.print(
        f"Stored by every run: {same} 1 process ({first.added} documents, {first.events} events)",
        highlight=False,
    )


def _scale_table(report: ScaleReport) -> Table:
    caption = "load average: the machine's 1-minute load before → after the run"
    table = Table(
        title="comity bench-scale",
        caption=caption,
        box=box.SIMPLE,
        pad_edge=False,
        collapse_padding=True,
    )
    columns = ("run", "wall s", "CPU s", "docs/s", "speed-up", "load average", "peak RSS")
    for column in columns:
        table.add_column(column, justify="left" if column == "run" else "right", no_wrap=True)
    for run in report.runs:
        table.add_row(
            run.result.name,
            f"{run.result.seconds:.2f}",
            f"{run.result.cpu_seconds:.2f}",
            f"{run.result.per_second(report.documents):,.1f}",
            f"{report.speedup(run):.2f}×",
            f"{run.load_before[0]:.2f} → {run.load_after[0]:.2f}",
            f"{run.result.peak_rss / 2**20:,.0f} MiB",
        )
    return table
