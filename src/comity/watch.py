"""`comity watch`: poll feeds (or any web source) and ingest what is new, until stopped.

Each poll is one ordinary ingest run (`run_ingest`) with a fetcher that keeps
its history in the store: feeds are asked for "only if changed", and a page
whose document is stored is not fetched again, so a poll costs one request
per feed when nothing is new. A dead feed or a broken page is logged with its
reason and the next poll tries again. SIGTERM or SIGINT (`stop_on_signals`)
stops the loop after the document in hand: what was fetched is extracted and
committed, and the run is closed as usual.
"""

from __future__ import annotations

import logging
import re
import signal
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from types import FrameType

from comity.errors import ConfigError
from comity.extract.extractor import Extractor
from comity.ingest.fetch import Fetcher, FetchOptions, StopFlag
from comity.pipeline import IngestReport, run_ingest
from comity.store import Store
from comity.store.fetched import StorePageMemory
from comity.store.stories import link_unclustered_documents

DEFAULT_EVERY = "15m"
_INTERVAL = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}

logger = logging.getLogger("comity.watch")


@dataclass(frozen=True)
class Poll:
    """One pass over the sources: its number (from 1) and what its ingest run did."""

    number: int
    report: IngestReport


def parse_interval(text: str) -> float:
    """Seconds in "90", "90s", "15m", "1.5h" or "1d"; ConfigError for anything else."""
    match = _INTERVAL.fullmatch(text.strip().lower())
    if match is None or float(match.group(1)) <= 0:
        raise ConfigError(f"an interval is a positive number with s, m, h or d, not {text!r}")
    return float(match.group(1)) * _UNIT_SECONDS[match.group(2)]


def watch(
    sources: Sequence[str],
    store: Store,
    extractor: Extractor,
    *,
    every: float,
    stop: StopFlag,
    options: FetchOptions | None = None,
    polls: int | None = None,
    languages: Sequence[str] = ("en",),
    on_poll: Callable[[Poll], None] | None = None,
) -> int:
    """Ingest `sources` every `every` seconds until `stop` is set (or `polls` are done).

    Returns the number of polls run. Store errors end the watch (raised);
    anything wrong with one source is logged and retried at the next poll.
    """
    fetch_options = replace(options or FetchOptions(), revalidate_listings=True)
    clustered = link_unclustered_documents(store)
    if clustered:
        logger.info("put %d documents stored earlier into story clusters", clustered)
    number = 0
    memory = StorePageMemory(store)
    with Fetcher(fetch_options, memory=memory, stop=stop) as fetcher:
        while not stop.is_set:
            number += 1
            report = run_ingest(
                list(sources),
                store,
                extractor,
                max_bytes=fetch_options.max_bytes,
                languages=languages,
                fetcher=fetcher,
            )
            _log_poll(number, report)
            if on_poll is not None:
                on_poll(Poll(number, report))
            if polls is not None and number >= polls:
                break
            stop.sleep(every)
    return number


def _log_poll(number: int, report: IngestReport) -> None:
    for rejected in report.rejected:
        logger.warning("%s: %s", rejected.source, rejected.reason)
    logger.info(
        "poll %d: %d new documents (%d copies of stored stories), %d already stored, "
        "%d events, %d rejected",
        number,
        report.added,
        report.near_duplicates,
        report.skipped,
        report.events,
        len(report.rejected),
    )


@contextmanager
def stop_on_signals(
    stop: StopFlag, signals: Sequence[signal.Signals] = (signal.SIGTERM, signal.SIGINT)
) -> Iterator[None]:
    """While inside, the first of `signals` sets `stop`; a second one interrupts at once.

    Call from the main thread (Python delivers signals only there).
    """

    def handle(number: int, _frame: FrameType | None) -> None:
        if stop.is_set:
            raise KeyboardInterrupt
        stop.set()
        logger.warning("%s: stopping after the current document", signal.Signals(number).name)

    previous = {sig: signal.signal(sig, handle) for sig in signals}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
