"""Streaming a large JSONL corpus through the ingest with bounded memory.

    report = run_stream_bench(Path("work"), size=1_000_000_000)

Writes a JSONL corpus of about `size` bytes (reused when it is already there):
mostly quiet documents that name no actor (extraction parses nothing in them),
one line in ten a copy of an earlier one (the ingest must skip it), and one in
two hundred with an event. Then ingests it into a fresh SQLite file while
sampling the process's resident memory. If reading, extraction and storage
stream, memory stops growing once the first batches are through: the report
gives the peak, the growth after warm-up and the documents per second.

Run it with ``python -m comity.bench.stream --size 1GB [--workdir DIR]``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil
from rich.console import Console
from rich.table import Table

from comity.errors import ConfigError
from comity.extract.extractor import Extractor
from comity.pipeline import IngestReport, run_ingest
from comity.store import open_store

DUPLICATE_EVERY = 10
EVENT_EVERY = 200
WARM_UP_DOCUMENTS = 2_000
SAMPLE_EVERY = 100
SENTENCES_PER_DOCUMENT = (40, 70)  # about 5 KB, a long news article
WORDS_PER_SENTENCE = (8, 16)
_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([KMG]?B?)", re.IGNORECASE)
_UNITS = {"": 1, "B": 1, "K": 10**3, "KB": 10**3, "M": 10**6, "MB": 10**6, "G": 10**9, "GB": 10**9}

# Filler for documents with nothing to code: no names, no words that stand for actors.
_QUIET_WORDS = (
    "the", "a", "of", "and", "in", "with", "for", "on", "at", "by", "from", "mild", "cold",
    "wet", "dry", "autumn", "spring", "morning", "evening", "harvest", "apricots", "walnuts",
    "cotton", "wheat", "barley", "melons", "tea", "bread", "cheese", "honey", "wool", "sheep",
    "goats", "market", "bazaar", "orchard", "garden", "field", "valley", "road", "bridge",
    "school", "library", "museum", "theatre", "farmers", "bakers", "weavers", "teachers",
    "pupils", "visitors", "tonnes", "kilograms", "prices", "crops", "seeds", "rain", "snow",
    "wind", "sun", "clouds", "water", "pond", "well", "stones", "walls", "roofs", "blue",
    "green", "golden", "old", "new", "small", "large", "busy", "calm", "early", "late",
    "slowly", "quietly", "stayed", "looked", "seemed", "remained", "grew", "ripened", "dried",
    "baked", "woven", "painted", "sold", "bought", "carried", "stored", "counted", "weighed",
)  # fmt: skip
_STATES = ("Kazakhstan", "Kyrgyzstan", "Uzbekistan", "Turkey", "Azerbaijan", "Tajikistan")
_EVENT_VERBS = ("criticised", "signed a trade agreement with", "hosted talks with", "praised")


@dataclass(frozen=True)
class StreamCorpus:
    """A generated JSONL corpus: where it is and what it holds."""

    path: Path
    size: int  # bytes
    lines: int
    duplicates: int
    with_events: int


@dataclass(frozen=True)
class StreamReport:
    """One streaming ingest: its corpus, what it stored, how fast, and its memory."""

    corpus: StreamCorpus
    seconds: float
    added: int
    skipped: int
    rejected: int
    events: int
    rss_start: int  # bytes, once the model is loaded
    rss_warm: int  # after the first WARM_UP_DOCUMENTS documents
    rss_peak: int  # the highest sample during the ingest
    max_rss: int  # the process's peak as the kernel counts it (getrusage)

    @property
    def documents_per_second(self) -> float:
        return (self.added + self.skipped) / self.seconds if self.seconds else 0.0

    @property
    def megabytes_per_second(self) -> float:
        return self.corpus.size / 1e6 / self.seconds if self.seconds else 0.0

    @property
    def growth_after_warm_up(self) -> int:
        return self.rss_peak - self.rss_warm


def parse_size(text: str) -> int:
    """The bytes in a size: "1GB" -> 1_000_000_000; also "20MB", "500KB", "1234" (decimal)."""
    match = _SIZE.fullmatch(text.strip())
    if match is None or match.group(2).upper() not in _UNITS:
        raise ConfigError(f"a size is a number with KB, MB or GB, e.g. 20MB; not {text!r}")
    size = int(float(match.group(1)) * _UNITS[match.group(2).upper()])
    if size <= 0:
        raise ConfigError(f"the size must be positive, not {text!r}")
    return size


def write_stream_corpus(path: Path, size: int, *, seed: int = 5) -> StreamCorpus:
    """Write a JSONL corpus of about `size` bytes to `path` (see the module docstring)."""
    rng = random.Random(seed)
    written = lines = duplicates = with_events = 0
    recent: list[str] = []
    with path.open("w", encoding="utf-8", newline="\n") as out:
        while written < size:
            lines += 1
            if lines % DUPLICATE_EVERY == 0 and recent:
                line = rng.choice(recent)
                duplicates += 1
            else:
                with_event = lines % EVENT_EVERY == 1  # never a duplicate's turn
                with_events += with_event
                line = _json_line(lines, rng, with_event=with_event)
                recent = [*recent[-20:], line]
            out.write(line)
            written += len(line.encode("utf-8"))
    return StreamCorpus(path, written, lines, duplicates, with_events)


def _json_line(number: int, rng: random.Random, *, with_event: bool) -> str:
    sentences = [_quiet_sentence(rng) for _ in range(rng.randint(*SENTENCES_PER_DOCUMENT))]
    if with_event:
        first, second = rng.sample(_STATES, 2)
        sentences.insert(1, f"{first} {rng.choice(_EVENT_VERBS)} {second} on Monday.")
    record = {
        "text": f"Bulletin {number}. " + " ".join(sentences),
        "url": f"https://bench.example/{number}",
        "published": f"2024-{1 + number % 12:02d}-{1 + number % 28:02d}",
    }
    return json.dumps(record, ensure_ascii=False) + "\n"


def _quiet_sentence(rng: random.Random) -> str:
    words = rng.choices(_QUIET_WORDS, k=rng.randint(*WORDS_PER_SENTENCE))
    return " ".join(words).capitalize() + "."


def stream_corpus(workdir: Path, size: int, *, seed: int = 5) -> StreamCorpus:
    """The corpus of `size` bytes in `workdir`, written unless an earlier run left it there."""
    path = workdir / f"stream-{size}-{seed}.jsonl"
    facts = path.with_suffix(".json")
    if path.is_file() and facts.is_file():
        known = json.loads(facts.read_text(encoding="utf-8"))
        if known.get("size") == path.stat().st_size:
            return StreamCorpus(path, **known)
    corpus = write_stream_corpus(path, size, seed=seed)
    counts = {
        name: getattr(corpus, name) for name in ("size", "lines", "duplicates", "with_events")
    }
    facts.write_text(json.dumps(counts), encoding="utf-8")
    return corpus


class _MemoryWatch:
    """Samples this process's RSS every SAMPLE_EVERY stored documents."""

    def __init__(self, warm_up: int) -> None:
        self.process = psutil.Process()
        self.warm_up = warm_up
        self.calls = 0
        self.start = self.warm = self.peak = self.rss()

    def rss(self) -> int:
        return int(self.process.memory_info().rss)

    def __call__(self, report: IngestReport) -> None:
        self.calls += 1
        if self.calls % SAMPLE_EVERY:
            return
        rss = self.rss()
        self.peak = max(self.peak, rss)
        if report.added <= self.warm_up:
            self.warm = rss


def run_stream_bench(
    workdir: Path,
    size: int,
    *,
    seed: int = 5,
    warm_up: int = WARM_UP_DOCUMENTS,
    extractor: Extractor | None = None,
) -> StreamReport:
    """Write (or reuse) the corpus in `workdir` and ingest it into a fresh database there.

    Memory growth is measured from the sample taken after `warm_up` added documents;
    `extractor` defaults to a newly loaded one.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    corpus = stream_corpus(workdir, size, seed=seed)
    database = workdir / "stream.db"
    for leftover in (database, *(database.with_name(database.name + s) for s in ("-wal", "-shm"))):
        leftover.unlink(missing_ok=True)
    extractor = extractor or Extractor.load()
    watch = _MemoryWatch(warm_up)
    started = time.perf_counter()
    with open_store(database) as store:
        report = run_ingest([str(corpus.path)], store, extractor, on_document=watch)
    seconds = time.perf_counter() - started
    return StreamReport(
        corpus=corpus,
        seconds=seconds,
        added=report.added,
        skipped=report.skipped,
        rejected=len(report.rejected),
        events=report.events,
        rss_start=watch.start,
        rss_warm=watch.warm,
        rss_peak=max(watch.peak, watch.rss()),
        max_rss=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    )


def render_stream_report(report: StreamReport, console: Console) -> None:
    megabyte = 1e6
    table = Table(title=f"Streaming ingest of {report.corpus.path.name}", show_header=False)
    rows = [
        ("corpus", f"{report.corpus.size / megabyte:,.0f} MB, {report.corpus.lines:,} lines"),
        ("stored", f"{report.added:,} added, {report.skipped:,} skipped (duplicates)"),
        ("rejected / events", f"{report.rejected:,} / {report.events:,}"),
        ("time", f"{report.seconds:,.1f} s"),
        ("rate", f"{report.documents_per_second:,.0f} docs/s, "
                 f"{report.megabytes_per_second:,.2f} MB/s"),
        ("RSS at start", f"{report.rss_start / megabyte:,.0f} MB (model loaded)"),
        ("RSS after warm-up", f"{report.rss_warm / megabyte:,.0f} MB"),
        ("RSS peak (sampled)", f"{report.rss_peak / megabyte:,.0f} MB"),
        ("growth after warm-up", f"{report.growth_after_warm_up / megabyte:,.1f} MB"),
        ("max RSS (kernel)", f"{report.max_rss / megabyte:,.0f} MB"),
    ]  # fmt: skip
    for name, value in rows:
        table.add_row(name, value)
    console.print(table)


def main(argv: Sequence[str] | None = None) -> None:
    """`python -m comity.bench.stream --size 1GB --workdir DIR`."""
    parser = argparse.ArgumentParser(prog="python -m comity.bench.stream", description=__doc__)
    parser.add_argument("--size", default="1GB", help="corpus size, e.g. 20MB or 1GB")
    parser.add_argument("--workdir", type=Path, default=Path("bench-stream"))
    parser.add_argument("--seed", type=int, default=5)
    options = parser.parse_args(argv)
    try:
        size = parse_size(options.size)
    except ConfigError as error:
        parser.error(str(error))
    report = run_stream_bench(options.workdir, size, seed=options.seed)
    render_stream_report(report, Console())


if __name__ == "__main__":
    main()
