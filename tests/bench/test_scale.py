"""The scale benchmark's report and how `comity bench-scale` shows it (no model, no cluster)."""

from __future__ import annotations

import pytest
from rich.console import Console

from comity.bench.measure import IngestCounts, RunResult
from comity.bench.render import render_scale
from comity.bench.scale import ScaleReport, ScaleRun, run_scale_bench
from comity.errors import ConfigError


def _run(name: str, seconds: float, added: int = 40, events: int = 150) -> ScaleRun:
    result = RunResult(name, 2, seconds, 300 * 2**20, seconds * 0.9)
    return ScaleRun(result, IngestCounts(added=added, events=events), (1.5, 0.0, 0.0), (2.0, 0, 0))


def _report(*runs: ScaleRun) -> ScaleReport:
    return ScaleReport("built corpus", 40, 24_000, 2, "LocalCluster", runs)


def test_speedup_is_against_the_single_process() -> None:
    one, local, dask = _run("1 process", 8.0), _run("2 local", 5.0), _run("Dask", 10.0)
    report = _report(one, local, dask)
    assert report.speedup(one) == 1.0
    assert report.speedup(local) == pytest.approx(1.6)
    assert report.speedup(dask) == pytest.approx(0.8)


def test_a_run_that_stored_other_events_is_told() -> None:
    same = _report(_run("1 process", 8.0), _run("Dask", 6.0))
    differs = _report(_run("1 process", 8.0), _run("Dask", 6.0, events=149))
    assert same.same_counts and not differs.same_counts
    console = Console(record=True, width=120)
    render_scale(differs, console)
    assert "NOT the same as 1 process (40 documents, 150 events)" in console.export_text()


def test_the_table_gives_docs_per_second_speedup_and_load() -> None:
    console = Console(record=True, width=120)
    render_scale(_report(_run("1 process", 8.0), _run("Dask, 2 workers", 4.0)), console)
    text = console.export_text()
    dask_row = next(line for line in text.splitlines() if "Dask, 2 workers" in line)
    assert "10.0" in dask_row and "2.00×" in dask_row and "1.50 → 2.00" in dask_row


@pytest.mark.parametrize(("workers", "documents"), [(1, None), (2, 0)])
def test_bad_counts_are_refused(workers: int, documents: int | None) -> None:
    with pytest.raises(ConfigError):
        run_scale_bench(workers=workers, documents=documents)
