"""The three timed runs of `comity bench`, each in a fresh process.

(1) comity's ingest into a new SQLite file, (2) a plain spaCy parse of every
text and (3) spaCy's tokenizer alone. Each run starts in its own forked
process, so that its memory peak is its own and not the leftover of an earlier
run; loading the model is done before the clock starts. Memory is the summed
RSS of the run's process tree (the run and the workers it starts), sampled
while it works; pages shared by forked workers count once per process.

With several processes the ingest forks one worker per shard of the documents,
each writing its documents through its own store connection (SQLite's WAL
lets them write side by side). `ingest_shards` is that multi-process entry
point until the pipeline grows a `--workers` option of its own.
"""

from __future__ import annotations

import multiprocessing
import resource
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from queue import Empty
from typing import Any, TypeVar, cast

import psutil
from spacy.tokenizer import Tokenizer

from comity.errors import ComityError
from comity.extract.extractor import Extractor
from comity.nlp import load_language_model
from comity.pipeline import run_ingest
from comity.store import open_store

T = TypeVar("T")

SAMPLE_SECONDS = 0.02
WORKER_POLL_SECONDS = 1.0
MAX_PARSE_BATCH = 32  # documents per nlp.pipe batch; ~600-word documents


@dataclass(frozen=True)
class RunResult:
    """How long one run took and the most memory its processes held at once."""

    name: str
    processes: int
    seconds: float
    peak_rss: int  # bytes

    def per_second(self, count: int) -> float:
        return count / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True)
class IngestCounts:
    """What the ingest did, summed over its workers."""

    added: int = 0
    skipped: int = 0
    sentences: int = 0
    parsed: int = 0
    events: int = 0

    def __add__(self, other: IngestCounts) -> IngestCounts:
        return IngestCounts(
            self.added + other.added,
            self.skipped + other.skipped,
            self.sentences + other.sentences,
            self.parsed + other.parsed,
            self.events + other.events,
        )


@dataclass(frozen=True)
class IngestRun:
    result: RunResult
    counts: IngestCounts


@dataclass(frozen=True)
class ParseRun:
    result: RunResult
    sentences: int  # as spaCy's parser splits them
    tokens: int


@dataclass(frozen=True)
class TokenizeRun:
    result: RunResult
    tokens: int


@dataclass(frozen=True)
class _Timed:
    seconds: float
    value: Any


# --- the three runs ----------------------------------------------------------


def measure_ingest(
    shards: Sequence[Path], db: Path, *, prefilter: bool = True, profile: Path | None = None
) -> IngestRun:
    """Ingest every shard (a JSONL file) into `db`, one process per shard.

    `profile` writes a pyinstrument HTML report of the (first) worker's ingest.
    """
    timed, peak = run_isolated(_ingest_in_process, list(shards), db, prefilter, profile)
    result = RunResult("comity ingest", len(shards), timed.seconds, peak)
    return IngestRun(result, timed.value)


def measure_parse(texts: Sequence[str], *, processes: int = 1) -> ParseRun:
    """A full spaCy parse of every text with comity's model, `n_process=processes`."""
    timed, peak = run_isolated(_parse_in_process, list(texts), processes)
    sentences, tokens = timed.value
    return ParseRun(RunResult("spaCy parse", processes, timed.seconds, peak), sentences, tokens)


def measure_tokenizer(texts: Sequence[str]) -> TokenizeRun:
    """spaCy's tokenizer alone over every text (one process: it has no n_process)."""
    timed, peak = run_isolated(_tokenize_in_process, list(texts))
    return TokenizeRun(RunResult("spaCy tokenizer", 1, timed.seconds, peak), timed.value)


def _ingest_in_process(
    shards: list[Path], db: Path, prefilter: bool, profile: Path | None
) -> _Timed:
    extractor = Extractor.load(prefilter=prefilter)
    open_store(db).close()  # create the schema before the clock starts
    started = time.perf_counter()
    if len(shards) == 1:
        counts = ingest_shard(extractor, shards[0], db, profile)
    else:
        counts = ingest_shards(extractor, shards, db, profile=profile)
    return _Timed(time.perf_counter() - started, counts)


def _parse_in_process(texts: list[str], processes: int) -> _Timed:
    nlp = load_language_model()
    batch_size = parse_batch_size(len(texts), processes)
    started = time.perf_counter()
    sentences = tokens = 0
    for doc in nlp.pipe(texts, n_process=processes, batch_size=batch_size):
        tokens += len(doc)
        sentences += sum(1 for _ in doc.sents)
    return _Timed(time.perf_counter() - started, (sentences, tokens))


def _tokenize_in_process(texts: list[str]) -> _Timed:
    tokenizer = cast(Tokenizer, load_language_model().tokenizer)
    started = time.perf_counter()
    tokens = sum(len(doc) for doc in tokenizer.pipe(texts))
    return _Timed(time.perf_counter() - started, tokens)


def parse_batch_size(documents: int, processes: int) -> int:
    """Documents per batch: small enough that every process gets several batches."""
    return max(1, min(MAX_PARSE_BATCH, documents // (4 * processes)))


# --- ingest over several processes -------------------------------------------


def ingest_shard(extractor: Extractor, shard: Path, db: Path, profile: Path | None) -> IngestCounts:
    """comity's ingest of one source into `db`, optionally under pyinstrument."""
    with _profiled(profile), open_store(db) as store:
        report = run_ingest([str(shard)], store, extractor)
    return IngestCounts(
        report.added, report.skipped, report.sentences, report.parsed, report.events
    )


def ingest_shards(
    extractor: Extractor, shards: Sequence[Path], db: Path, *, profile: Path | None = None
) -> IngestCounts:
    """Ingest each shard in its own forked worker, all writing to `db`; counts summed.

    Workers inherit the loaded `extractor` (fork), so nothing is loaded twice.
    Raises ComityError when a worker fails or dies.
    """
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    workers = [
        context.Process(
            target=_ingest_worker,
            args=(extractor, shard, db, profile if number == 0 else None, results),
        )
        for number, shard in enumerate(shards)
    ]
    for worker in workers:
        worker.start()
    try:
        outcomes = _collect(results, workers)
    finally:
        for worker in workers:
            worker.join()
    total = IngestCounts()
    for outcome in outcomes:
        if isinstance(outcome, str):
            raise ComityError(f"an ingest worker failed: {outcome}")
        total += outcome
    return total


def _ingest_worker(
    extractor: Extractor,
    shard: Path,
    db: Path,
    profile: Path | None,
    results: multiprocessing.Queue[IngestCounts | str],
) -> None:
    try:
        results.put(ingest_shard(extractor, shard, db, profile))
    except Exception as error:  # reported to the parent, which raises it
        results.put(f"{type(error).__name__}: {error}")


def _collect(
    results: multiprocessing.Queue[IngestCounts | str],
    workers: Sequence[multiprocessing.process.BaseProcess],
) -> list[IngestCounts | str]:
    outcomes: list[IngestCounts | str] = []
    while len(outcomes) < len(workers):
        try:
            outcomes.append(results.get(timeout=WORKER_POLL_SECONDS))
        except Empty:
            dead = [worker.exitcode for worker in workers if worker.exitcode not in (None, 0)]
            if dead:
                raise ComityError(f"an ingest worker died (exit code {dead[0]})") from None
    return outcomes


@contextmanager
def _profiled(profile: Path | None) -> Iterator[None]:
    if profile is None:
        yield
        return
    from pyinstrument import Profiler

    profiler = Profiler()
    profiler.start()
    try:
        yield
    finally:
        profiler.stop()
        profile.write_text(profiler.output_html(), encoding="utf-8")


# --- running in a fresh process, watching its memory -------------------------


def run_isolated(target: Callable[..., T], *args: Any) -> tuple[T, int]:
    """`target(*args)` in a new forked process: its result and the tree's peak RSS.

    Forked rather than spawned: spaCy's own worker processes, started from a
    spawned process, ran about twice as slow here (Python 3.11, Linux).
    Raises ComityError with the child's error when it fails or dies.
    """
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child_main, args=(sender, target, args))
    process.start()
    sender.close()
    with TreeMemory(process.pid) as memory:
        try:
            status, payload, own_peak = receiver.recv()
        except EOFError:
            process.join()
            raise ComityError(
                f"the benchmark process died (exit code {process.exitcode})"
            ) from None
        finally:
            receiver.close()
        process.join()
    if status != "ok":
        raise ComityError(payload)
    return payload, max(memory.peak, own_peak)


def _child_main(sender: Connection, target: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        result = target(*args)
    except Exception as error:  # sent to the parent, which raises it
        named = f"{type(error).__name__}: {error}"
        message = str(error) if isinstance(error, ComityError) else named
        sender.send(("error", message, 0))
    else:
        sender.send(("ok", result, _own_peak_rss()))
    finally:
        sender.close()


def _own_peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


class TreeMemory:
    """Samples the summed RSS of a process and its descendants in a thread, keeping the peak."""

    def __init__(self, pid: int | None, interval: float = SAMPLE_SECONDS) -> None:
        self.pid = pid
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _watch(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self._stop.wait(self.interval)


def tree_rss(pid: int | None) -> int:
    """Summed RSS in bytes of `pid` and all its descendants; 0 once it has ended."""
    if pid is None:
        return 0
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except psutil.Error:
            continue
    return total
