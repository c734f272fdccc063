"""The timed runs of `comity bench`, each in a fresh process.

(1) comity's ingest into a new SQLite file, (2) a full spaCy parse of every
text, once with the model as spaCy loads it and once as comity loads it, and
(3) spaCy's tokenizer alone. Each run starts in its own forked
process, so that its memory peak is its own and not the leftover of an earlier
run; loading the model is done before the clock starts. Memory is the summed
RSS of the run's process tree (the run and the workers it starts), sampled
while it works; pages shared by forked workers count once per process.

With several processes the ingest is `comity ingest --workers N`: N forked
workers extract while the run's own process reads and writes the database.
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
from multiprocessing.context import ForkContext, SpawnContext
from pathlib import Path
from typing import Any, TypeVar, cast

import psutil
from spacy.tokenizer import Tokenizer

from comity.errors import ComityError
from comity.extract.extractor import Extractor
from comity.ingest.neardup import fingerprint
from comity.nlp import load_language_model, load_plain_model
from comity.pipeline import run_ingest
from comity.store import open_store

T = TypeVar("T")

SAMPLE_SECONDS = 0.02
MAX_PARSE_BATCH = 32  # documents per nlp.pipe batch; ~600-word documents


@dataclass(frozen=True)
class RunResult:
    """How long one run took and the most memory its processes held at once."""

    name: str
    processes: int
    seconds: float
    peak_rss: int  # bytes
    # CPU time of the run's processes, steadier than `seconds` on a machine others use too.
    cpu_seconds: float = 0.0

    def per_second(self, count: int) -> float:
        return count / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True)
class IngestCounts:
    """What the ingest did."""

    added: int = 0
    skipped: int = 0
    sentences: int = 0
    parsed: int = 0
    events: int = 0


@dataclass(frozen=True)
class IngestRun:
    result: RunResult
    counts: IngestCounts


@dataclass(frozen=True)
class ParseRun:
    result: RunResult
    sentences: int  # as spaCy's parser splits them
    tokens: int
    components: tuple[str, ...] = ()  # the pipeline's components that ran


@dataclass(frozen=True)
class TokenizeRun:
    result: RunResult
    tokens: int


@dataclass(frozen=True)
class _Timed:
    seconds: float
    cpu_seconds: float
    value: Any


class _Clock:
    """Wall time, and CPU time of this process and of the children it waited for."""

    def __enter__(self) -> _Clock:
        self._started, self._cpu = time.perf_counter(), _cpu_used()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.seconds = time.perf_counter() - self._started
        self.cpu_seconds = _cpu_used() - self._cpu

    def timed(self, value: Any) -> _Timed:
        return _Timed(self.seconds, self.cpu_seconds, value)


def _cpu_used() -> float:
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


# --- the three runs ----------------------------------------------------------


def measure_ingest(
    source: Path,
    db: Path,
    *,
    processes: int = 1,
    prefilter: bool = True,
    profile: Path | None = None,
) -> IngestRun:
    """Ingest `source` (a JSONL file) into the new database `db` with `processes` workers.

    `profile` gets a pyinstrument report of the run's own process (with several
    processes, that is reading and writing; the extraction is in the workers):
    text for a .txt path, else HTML.
    """
    timed, peak = run_isolated(_ingest_in_process, source, db, processes, prefilter, profile)
    result = RunResult("comity ingest", processes, timed.seconds, peak, timed.cpu_seconds)
    return IngestRun(result, timed.value)


def measure_parse(texts: Sequence[str], *, processes: int = 1, plain: bool = True) -> ParseRun:
    """A full parse of every text, `n_process=processes`.

    `plain`: the model as spaCy loads it, every component with spaCy's settings
    (what parsing everything costs a user of spaCy). Otherwise as comity loads
    it (no entity recogniser, numpy's BLAS, see `comity.nlp`), with spaCy's
    attribute ruler and lemmatizer instead of comity's memo of them: the parse
    comity itself would pay for every sentence.
    """
    timed, peak = run_isolated(_parse_in_process, list(texts), processes, plain)
    sentences, tokens, components = timed.value
    name = "plain parse" if plain else "tuned parse"  # short: the table fits 80 columns
    result = RunResult(name, processes, timed.seconds, peak, timed.cpu_seconds)
    return ParseRun(result, sentences, tokens, components)


def measure_tokenizer(texts: Sequence[str]) -> TokenizeRun:
    """spaCy's tokenizer alone over every text (one process: it has no n_process)."""
    timed, peak = run_isolated(_tokenize_in_process, list(texts))
    result = RunResult("spaCy tokenizer", 1, timed.seconds, peak, timed.cpu_seconds)
    return TokenizeRun(result, timed.value)


def _ingest_in_process(
    source: Path, db: Path, processes: int, prefilter: bool, profile: Path | None
) -> _Timed:
    extractor = Extractor.load(prefilter=prefilter)
    open_store(db).close()  # create the schema before the clock starts
    fingerprint("Loads what the near-duplicate check imports on first use.")
    with _Clock() as clock, _profiled(profile), open_store(db) as store:
        report = run_ingest([str(source)], store, extractor, workers=processes)
    counts = IngestCounts(
        report.added, report.skipped, report.sentences, report.parsed, report.events
    )
    return clock.timed(counts)


def _parse_in_process(texts: list[str], processes: int, plain: bool) -> _Timed:
    nlp = load_plain_model() if plain else load_language_model(memoised=False)
    batch_size = parse_batch_size(len(texts), processes)
    sentences = tokens = 0
    with _Clock() as clock:
        for doc in nlp.pipe(texts, n_process=processes, batch_size=batch_size):
            tokens += len(doc)
            sentences += sum(1 for _ in doc.sents)
    return clock.timed((sentences, tokens, tuple(nlp.pipe_names)))


def _tokenize_in_process(texts: list[str]) -> _Timed:
    tokenizer = cast(Tokenizer, load_language_model(memoised=False).tokenizer)
    with _Clock() as clock:
        tokens = sum(len(doc) for doc in tokenizer.pipe(texts))
    return clock.timed(tokens)


def parse_batch_size(documents: int, processes: int) -> int:
    """Documents per batch: small enough that every process gets several batches."""
    return max(1, min(MAX_PARSE_BATCH, documents // (4 * processes)))


# --- profiling ---------------------------------------------------------------


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
        text = profile.suffix == ".txt"
        report = profiler.output_text(unicode=True) if text else profiler.output_html()
        profile.write_text(report, encoding="utf-8")


# --- running in a fresh process, watching its memory -------------------------


def run_isolated(target: Callable[..., T], *args: Any, spawn: bool = False) -> tuple[T, int]:
    """`target(*args)` in a new forked process: its result and the tree's peak RSS.

    Forked rather than spawned: spaCy's own worker processes, started from a
    spawned process, ran about twice as slow here (Python 3.11, Linux). With
    `spawn`, a fresh interpreter is started instead (for Dask, whose threads
    and global state a forked child would inherit half-alive).
    Raises ComityError with the child's error when it fails or dies.
    """
    context: ForkContext | SpawnContext = (
        multiprocessing.get_context("spawn") if spawn else multiprocessing.get_context("fork")
    )
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
