"""How the ingest scales out: one process, local worker processes, a Dask cluster.

    report = run_scale_bench(workers=2, documents=200)

Three ingests of the same corpus (the one `comity bench` builds) into fresh
SQLite files: (1) in one process, (2) with `workers` forked local processes
extracting (`comity ingest --workers N`) and (3) on a Dask cluster of `workers`
worker processes with one thread each (`comity ingest --dask ADDRESS`), a
`LocalCluster` started for the run (Dask's profiler off) unless `dask` names
a running scheduler. Each run starts in a fresh process (the cluster's
spawned, not forked); loading the extractor (and starting the cluster, and
loading the extractor on its workers) is done before the clock starts. CPU time
is the run's processes' (for the cluster, the workers' measured on the workers).
The machine's load average is taken before and after each run, since other
programs sharing the cores slow it.
"""

from __future__ import annotations

import logging
import os
import resource
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from comity.bench import build_corpus
from comity.bench.corpus import DEFAULT_WORDS, write_jsonl
from comity.bench.measure import IngestCounts, RunResult, measure_ingest, run_isolated
from comity.errors import ConfigError
from comity.extract.cluster import ExtractorSpec, connect, on_cluster
from comity.ingest.neardup import fingerprint
from comity.pipeline import run_ingest
from comity.store import open_store

if TYPE_CHECKING:
    from distributed import Client

LoadAverage = tuple[float, float, float]


@dataclass(frozen=True)
class ScaleRun:
    """One ingest of the corpus: how it ran, what it stored, how busy the machine was."""

    result: RunResult
    counts: IngestCounts
    load_before: LoadAverage
    load_after: LoadAverage


@dataclass(frozen=True)
class ScaleReport:
    """The three ingests of one corpus, first the single process they are compared with."""

    corpus: str
    documents: int
    words: int
    workers: int
    cluster: str  # "LocalCluster" or the scheduler's address
    runs: tuple[ScaleRun, ...]

    def speedup(self, run: ScaleRun) -> float:
        """How many times faster than the single process `run` went, by wall time."""
        single = self.runs[0].result.seconds
        return single / run.result.seconds if run.result.seconds else 0.0

    @property
    def same_counts(self) -> bool:
        """Every run stored as many documents and events as the single process."""
        first = self.runs[0].counts
        return all(
            (run.counts.added, run.counts.events) == (first.added, first.events)
            for run in self.runs
        )


@dataclass(frozen=True)
class _Measured:
    seconds: float
    cpu_seconds: float
    counts: IngestCounts


def run_scale_bench(
    corpus: Path | None = None,
    *,
    shared: Path | None = None,
    documents: int | None = None,
    words: int = DEFAULT_WORDS,
    workers: int = 2,
    dask: str | None = None,
) -> ScaleReport:
    """Ingest one corpus in one process, with `workers` local workers and on Dask.

    The corpus is `comity bench`'s (see `comity.bench.build_corpus`). `dask` is
    the address of a running scheduler; without it a LocalCluster of `workers`
    processes is started, and closed after. Raises ConfigError for bad counts or
    an unreachable scheduler.
    """
    if workers < 2:
        raise ConfigError(
            f"--workers must be at least 2 to compare with one process, not {workers}"
        )
    if documents is not None and documents < 1:
        raise ConfigError(f"--docs must be at least 1, not {documents}")
    built = build_corpus(corpus, shared=shared, documents=documents, words=words)
    with tempfile.TemporaryDirectory(prefix="comity-scale-") as folder:
        source = write_jsonl(built.documents, Path(folder, "corpus.jsonl"))
        runs = (
            _with_load(lambda: _local_run(source, Path(folder, "one.db"), 1)),
            _with_load(lambda: _local_run(source, Path(folder, "local.db"), workers)),
            _with_load(lambda: _cluster_run(source, Path(folder, "dask.db"), workers, dask)),
        )
    cluster = dask or "LocalCluster"
    return ScaleReport(built.origin, len(built.documents), built.words, workers, cluster, runs)


def _with_load(run: Callable[[], tuple[RunResult, IngestCounts]]) -> ScaleRun:
    before = os.getloadavg()
    result, counts = run()
    return ScaleRun(result, counts, before, os.getloadavg())


def _local_run(source: Path, db: Path, processes: int) -> tuple[RunResult, IngestCounts]:
    ingest = measure_ingest(source, db, processes=processes)
    name = "1 process" if processes == 1 else f"{processes} local workers"
    timed = ingest.result
    result = RunResult(name, processes, timed.seconds, timed.peak_rss, timed.cpu_seconds)
    return result, ingest.counts


def _cluster_run(
    source: Path, db: Path, workers: int, address: str | None
) -> tuple[RunResult, IngestCounts]:
    measured, peak = run_isolated(
        _cluster_ingest_in_process, source, db, workers, address, spawn=True
    )
    name = f"Dask, {workers} workers"
    result = RunResult(name, workers, measured.seconds, peak, measured.cpu_seconds)
    return result, measured.counts


def _cluster_ingest_in_process(
    source: Path, db: Path, workers: int, address: str | None
) -> _Measured:
    with _client(workers, address) as client, on_cluster(client, ExtractorSpec()) as extractor:
        open_store(db).close()  # create the schema before the clock starts
        fingerprint("Loads what the near-duplicate check imports on first use.")
        workers_cpu, own_cpu = _workers_cpu(client), _cpu_seconds()
        started = time.perf_counter()
        with open_store(db) as store:
            report = run_ingest([str(source)], store, extractor)
        seconds = time.perf_counter() - started
        cpu = _cpu_seconds() - own_cpu + _workers_cpu(client) - workers_cpu
    counts = IngestCounts(
        report.added, report.skipped, report.sentences, report.parsed, report.events
    )
    return _Measured(seconds, cpu, counts)


@contextmanager
def _client(workers: int, address: str | None) -> Iterator[Client]:
    if address is not None:
        with connect(address) as client:
            yield client
        return
    import dask
    from distributed import Client, LocalCluster

    # One thread per worker, as `--workers N` has one per process; port 0: any free port.
    # Dask's sampling profiler cost 10-25% more CPU in spaCy's code: off, as the README advises.
    with (
        dask.config.set({"distributed.worker.profile.enabled": False}),
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
            silence_logs=logging.ERROR,  # not its shutdown notices amid the figures
        ) as cluster,
        Client(cluster, set_as_default=False) as client,
    ):
        yield client


def _workers_cpu(client: Client) -> float:
    seconds: dict[str, float] = client.run(_cpu_seconds)
    return sum(seconds.values())


def _cpu_seconds() -> float:
    """CPU time used so far by this process (run on each worker through `client.run`)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
