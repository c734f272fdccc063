"""The benchmark runs: process-tree memory, rates, and a small end-to-end slice."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from comity.bench import run_bench
from comity.bench.measure import (
    RunResult,
    parse_batch_size,
    run_isolated,
    tree_rss,
)
from comity.errors import ComityError


def _fail_in_child() -> None:
    raise RuntimeError("broken on purpose")


def test_a_run_in_its_own_process_returns_its_result_and_memory() -> None:
    pid, peak = run_isolated(os.getpid)
    assert pid != os.getpid()
    assert peak > 0


def test_a_failing_run_raises_its_error() -> None:
    with pytest.raises(ComityError, match="broken on purpose"):
        run_isolated(_fail_in_child)


def test_tree_memory_counts_this_process_and_nothing_for_a_gone_one() -> None:
    assert tree_rss(os.getpid()) > 0
    assert tree_rss(None) == 0


def test_rates_and_batches() -> None:
    assert RunResult("x", 1, 2.0, 0).per_second(10) == 5.0
    assert RunResult("x", 1, 0.0, 0).per_second(10) == 0.0
    assert parse_batch_size(200, 2) == 25
    assert parse_batch_size(3, 4) == 1


def test_bad_counts_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ComityError):
        run_bench(tmp_path, processes=0)


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.parametrize(("processes", "profile_name"), [(1, "profile.html"), (2, "profile.txt")])
def test_a_small_benchmark_runs_end_to_end(
    shared: Path, tmp_path: Path, processes: int, profile_name: str
) -> None:
    profile = tmp_path / profile_name
    report = run_bench(shared=shared, documents=6, words=150, processes=processes, profile=profile)
    assert report.workload.documents == 6
    assert report.ingest.counts.added == 6
    assert report.ingest.result.processes == report.parse.result.processes == processes
    assert 0 < report.ingest.counts.parsed <= report.ingest.counts.sentences
    assert len(report.runs) == 4
    for run in report.runs:
        assert run.seconds > 0
        assert run.cpu_seconds > 0
        assert run.peak_rss > 0
        assert run.per_second(report.workload.tokens) > 0
    assert report.parse.tokens == report.tuned_parse.tokens == report.tokenize.tokens
    # The plain parse is spaCy's whole pipeline; comity's load leaves out the recogniser.
    assert "ner" in report.parse.components
    assert "ner" not in report.tuned_parse.components
    assert {"tok2vec", "parser"} <= set(report.tuned_parse.components)
    assert report.relative_cpu(report.parse.result) > 0
    assert "run_ingest" in profile.read_text(encoding="utf-8")  # the profiled call
