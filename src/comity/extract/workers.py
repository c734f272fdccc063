"""Extraction over several processes, results in document order.

    for extraction in extract_in_processes(extractor, documents, processes=2): ...

Worker processes are forked from the caller after its `Extractor` is loaded, so
each starts with the model, knowledge base and lexicon in memory and nothing is
loaded twice. The caller sends chunks of documents and gets back their
`Extraction`s; only the caller touches the database (SQLite has one writer at a
time), so every document is still stored in a transaction of its own. At most
a few chunks are in flight, so memory stays flat however long the input is.
"""

from __future__ import annotations

import gc
import multiprocessing
import signal
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from queue import Empty

from comity.errors import ConfigError, ExtractionError
from comity.extract.extractor import Extraction, Extractor
from comity.models import Document

CHUNK_DOCUMENTS = 8  # small enough to share the last documents out evenly
CHUNKS_IN_FLIGHT = 2  # per worker: one being worked on, one waiting
CHUNKS_AHEAD = 8  # per worker: chunks sent but not yet handed on, at most
POLL_SECONDS = 1.0


@dataclass(frozen=True)
class _Done:
    """A worker's answer for one chunk: the extractions made, and the error that stopped it."""

    number: int
    extractions: list[Extraction]
    error: str | None = None


def extract_in_processes(
    extractor: Extractor, documents: Iterable[Document], *, processes: int
) -> Iterator[Extraction]:
    """`extractor.extract_many(documents)`, computed by `processes` forked workers.

    Extractions come in the order of `documents`. When extraction fails on a
    document, the extractions before it come first, then ExtractionError is
    raised, as with `extract_many`. Raises ConfigError when `processes` is below
    2 or this platform cannot fork.
    """
    if processes < 2:
        raise ConfigError(f"extraction in processes needs at least 2 of them, not {processes}")
    if "fork" not in multiprocessing.get_all_start_methods():
        raise ConfigError("extraction in several processes needs a platform that can fork")
    context = multiprocessing.get_context("fork")
    tasks: Queue[tuple[int, list[Document]] | None] = context.Queue()
    results: Queue[_Done] = context.Queue()
    gc.freeze()  # the loaded resources stay shared with the workers instead of being copied
    workers = [
        context.Process(target=_work, args=(extractor, tasks, results), daemon=True)
        for _ in range(processes)
    ]
    for worker in workers:
        worker.start()
    try:
        yield from _in_order(_chunks(documents), tasks, results, workers)
        for _ in workers:
            tasks.put(None)
        for worker in workers:
            worker.join()
    finally:
        gc.unfreeze()
        _stop(workers, tasks)


def _stop(workers: Sequence[BaseProcess], tasks: Queue[tuple[int, list[Document]] | None]) -> None:
    """End workers still running (after an error, or when the caller stopped early)."""
    running = [worker for worker in workers if worker.is_alive()]
    if running:
        tasks.cancel_join_thread()  # chunks nobody will read must not hold the exit
    for worker in running:
        worker.terminate()
        worker.join()


def _chunks(documents: Iterable[Document]) -> Iterator[list[Document]]:
    iterator = iter(documents)
    while chunk := list(islice(iterator, CHUNK_DOCUMENTS)):
        yield chunk


def _in_order(
    chunks: Iterator[list[Document]],
    tasks: Queue[tuple[int, list[Document]] | None],
    results: Queue[_Done],
    workers: Sequence[BaseProcess],
) -> Iterator[Extraction]:
    """Keep every worker busy, and hand the answers on in the order of the chunks.

    A new chunk goes out whenever an answer arrives, in any order, so a slow
    chunk does not idle the other workers; the answers held back behind it are
    bounded by `CHUNKS_AHEAD` per worker.
    """
    busy, ahead = CHUNKS_IN_FLIGHT * len(workers), CHUNKS_AHEAD * len(workers)
    done: dict[int, _Done] = {}
    sent = arrived = handed = 0
    while True:
        while handed in done:
            answer = done.pop(handed)
            handed += 1
            yield from answer.extractions
            if answer.error is not None:
                raise ExtractionError(answer.error)
        while sent - arrived < busy and sent - handed < ahead:
            chunk = next(chunks, None)
            if chunk is None:
                break
            tasks.put((sent, chunk))
            sent += 1
        if arrived == sent:  # nothing out, and nothing left to send
            return
        answer = _next_result(results, workers)
        done[answer.number] = answer
        arrived += 1


def _next_result(results: Queue[_Done], workers: Sequence[BaseProcess]) -> _Done:
    while True:
        try:
            return results.get(timeout=POLL_SECONDS)
        except Empty:
            dead = [worker.exitcode for worker in workers if worker.exitcode not in (None, 0)]
            if dead:
                raise ExtractionError(f"an extraction worker died (exit code {dead[0]})") from None


def _work(
    extractor: Extractor,
    tasks: Queue[tuple[int, list[Document]] | None],
    results: Queue[_Done],
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the caller's to handle: it ends us
    while (task := tasks.get()) is not None:
        number, documents = task
        extractions: list[Extraction] = []
        try:
            for extraction in extractor.extract_many(documents):
                extractions.append(extraction)
        except Exception as error:  # sent to the caller, which raises it in order
            results.put(_Done(number, extractions, f"{type(error).__name__}: {error}"))
        else:
            results.put(_Done(number, extractions))
