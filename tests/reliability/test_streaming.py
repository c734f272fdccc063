"""A large JSONL corpus is streamed: reading holds one line, ingest memory stops growing.

The 1 GB run is a benchmark (`python -m comity.bench.stream --size 1GB`); these
are its CI-sized checks: memory, not time, is asserted.
"""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from comity.bench.stream import parse_size, run_stream_bench, write_stream_corpus
from comity.errors import ConfigError
from comity.ingest import Rejected, read_sources

MEGABYTE = 1_000_000


def _write_corpus(path: Path, size: int) -> int:
    """About `size` bytes of JSONL, 20 KB per document (language given: no detection)."""
    lines = 0
    with path.open("w", encoding="utf-8") as out:
        while out.tell() < size:
            lines += 1
            text = f"Bulletin {lines}. " + "Apricots and walnuts sold at the market. " * 500
            out.write(json.dumps({"text": text, "language": "en"}) + "\n")
    return lines


def test_reading_a_jsonl_corpus_holds_one_line_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    lines = _write_corpus(path, 40 * MEGABYTE)
    tracemalloc.start()
    try:
        documents = sum(1 for outcome in read_sources([path]) if not isinstance(outcome, Rejected))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert documents == lines
    assert peak < 2 * MEGABYTE, f"{peak / MEGABYTE:.1f} MB held reading a 40 MB corpus"


def test_the_generated_corpus_has_its_size_duplicates_and_events(tmp_path: Path) -> None:
    corpus = write_stream_corpus(tmp_path / "c.jsonl", MEGABYTE)
    rows = [json.loads(line) for line in corpus.path.read_text(encoding="utf-8").splitlines()]
    assert corpus.size >= MEGABYTE and corpus.size == corpus.path.stat().st_size
    assert len(rows) == corpus.lines
    texts = [row["text"] for row in rows]
    assert len(texts) - len(set(texts)) == corpus.duplicates > 0
    assert corpus.with_events == sum(" on Monday." in text for text in set(texts)) > 0


@pytest.mark.parametrize(
    ("text", "size"), [("1GB", 10**9), ("20MB", 20 * MEGABYTE), ("1.5kb", 1500), ("512", 512)]
)
def test_sizes_are_read_in_decimal_units(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["", "GB", "1TB", "-1MB", "0"])
def test_a_size_that_is_not_one_is_refused(text: str) -> None:
    with pytest.raises(ConfigError):
        parse_size(text)


@pytest.mark.slow
@pytest.mark.model
def test_ingesting_a_corpus_grows_no_memory_after_warm_up(tmp_path: Path, extractor: Any) -> None:
    report = run_stream_bench(tmp_path, 8 * MEGABYTE, warm_up=300, extractor=extractor)
    corpus = report.corpus
    print(
        f"\nstreaming {corpus.size / MEGABYTE:.0f} MB: {report.documents_per_second:.0f} docs/s, "
        f"RSS peak {report.rss_peak / MEGABYTE:.0f} MB, "
        f"growth after warm-up {report.growth_after_warm_up / MEGABYTE:.1f} MB"
    )
    assert report.added + report.skipped == corpus.lines
    assert report.skipped >= corpus.duplicates and report.rejected == 0
    assert report.events >= corpus.with_events
    # Holding each document (about 5 KB of text, more as objects) would add tens of MB.
    assert report.growth_after_warm_up < 6 * MEGABYTE
