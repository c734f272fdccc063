"""SIGKILL during `comity ingest`, again and again: nothing lost, nothing doubled.

A subprocess ingests a generated corpus and is killed at random moments — while
starting, right after it records its run, and while it saves documents — then
re-run (and perhaps killed again) until a run completes. The database must then
hold exactly what a clean, uninterrupted run stores, compared row by row.

The seed of the kill schedule is printed; set COMITY_CRASH_SEED to replay it
(the moments still depend on timing, the choices do not).
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from reliability.corpus import write_event_corpus
from reliability.snapshot import differences, duplicates, integrity, snapshot

pytestmark = [pytest.mark.slow, pytest.mark.model]

MIN_KILLS = 20
FILES, LINES = 50, 20  # 70 documents, plus a duplicate and a bad JSONL line
BATCH_SIZE = "4"  # small batches spread the commits over the whole run
RUN_TIMEOUT = 120.0
POLL_SECONDS = 0.02
STDERR_LOG = "ingest-stderr.log"
MODES = ("anytime", "after-start", "mid-write", "mid-write")


@dataclass
class CrashLog:
    kills: Counter[str] = field(default_factory=Counter)
    completions: int = 0
    rounds: int = 0

    @property
    def total_kills(self) -> int:
        return sum(self.kills.values())


def test_random_sigkills_leave_exactly_what_a_clean_run_stores(tmp_path: Path) -> None:
    seed = int(os.environ.get("COMITY_CRASH_SEED") or random.randrange(2**32))
    print(f"\ncrash test seed: {seed} (replay with COMITY_CRASH_SEED={seed})")
    rng = random.Random(seed)
    write_event_corpus(tmp_path, files=FILES, lines=LINES)
    clean = tmp_path / "clean.db"
    assert _run_to_completion(tmp_path, clean) == 0
    expected = snapshot(clean)
    assert sum(expected["documents"].values()) == FILES + LINES
    assert not duplicates(expected)

    log = CrashLog()
    while log.total_kills < MIN_KILLS:
        database = tmp_path / f"crashed-{log.rounds}.db"
        _kill_until_done(tmp_path, database, rng, log)
        found = snapshot(database)
        assert found == expected, (
            f"round {log.rounds} (seed {seed}) differs from the clean run: "
            f"{differences(found, expected)}"
        )
        assert not duplicates(found)
        assert integrity(database) == ("ok", [])
        log.rounds += 1
    print(
        f"crash test: {log.total_kills} SIGKILLs survived ({dict(log.kills)}), "
        f"{log.rounds} rounds, {log.completions} completions, seed {seed}"
    )


def _kill_until_done(folder: Path, database: Path, rng: random.Random, log: CrashLog) -> None:
    """Kill runs into `database` until one completes, or until enough kills; then complete."""
    while log.total_kills < MIN_KILLS:
        mode = rng.choice(MODES)
        if _run_killed(folder, database, mode, rng):
            log.kills[mode] += 1
        else:
            log.completions += 1
            return
    assert _run_to_completion(folder, database) == 0
    log.completions += 1


def _run_killed(folder: Path, database: Path, mode: str, rng: random.Random) -> bool:
    """Start an ingest and SIGKILL it at a moment chosen by `mode`; False if it finished first."""
    runs, documents = _count(database, "runs"), _count(database, "documents")
    process = _start(folder, database)
    started = time.monotonic()
    try:
        if mode == "anytime":
            moment = started + rng.uniform(0.0, 3.0)
        else:
            table, before = ("runs", runs) if mode == "after-start" else ("documents", documents)
            if not _wait_for_growth(process, database, table, before):
                return _finished(process, folder)
            moment = time.monotonic() + rng.uniform(0.0, 0.25)
        while time.monotonic() < moment:
            if process.poll() is not None:
                return _finished(process, folder)
            time.sleep(POLL_SECONDS)
        if process.poll() is not None:
            return _finished(process, folder)
        process.send_signal(signal.SIGKILL)
        if process.wait(timeout=RUN_TIMEOUT) != -signal.SIGKILL:
            return _finished(process, folder)  # it ended just before the signal came
        return True
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _wait_for_growth(
    process: subprocess.Popen[bytes], database: Path, table: str, before: int
) -> bool:
    """Wait until `table` has more rows than `before`; False when the process ends first."""
    deadline = time.monotonic() + RUN_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        if _count(database, table) > before:
            return True
        time.sleep(POLL_SECONDS)
    raise AssertionError(f"no new row in {table} within {RUN_TIMEOUT:.0f} s")


def _finished(process: subprocess.Popen[bytes], folder: Path) -> bool:
    assert process.wait() == 0, f"the ingest failed on its own:\n{_stderr(folder)}"
    return False


def _run_to_completion(folder: Path, database: Path) -> int:
    process = _start(folder, database)
    process.wait(timeout=RUN_TIMEOUT)
    assert process.returncode == 0, _stderr(folder)
    return process.returncode


def _start(folder: Path, database: Path) -> subprocess.Popen[bytes]:
    """`comity ingest` of the corpus in `folder`, its error output kept in a file beside it."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("COMITY_")}
    environment["COMITY_BATCH_SIZE"] = BATCH_SIZE
    command = [sys.executable, "-m", "comity", "ingest", "texts", "corpus.jsonl"]
    with (folder / STDERR_LOG).open("wb") as stderr:
        return subprocess.Popen(
            [*command, "--db", str(database)],
            cwd=folder,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
        )


def _stderr(folder: Path) -> str:
    return (folder / STDERR_LOG).read_text(errors="replace")


def _count(database: Path, table: str) -> int:
    """Rows in `table` as a reader sees them now; -1 while the database or table is missing."""
    if not database.exists():
        return -1
    try:
        with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5)) as db:
            return int(db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
    except sqlite3.Error:
        return -1
