"""`comity ingest` into PostgreSQL under stress: nothing lost, nothing doubled.

- Three `comity ingest` processes on the same corpus at once, into one new
  database (so they also race to create its tables), store every document once.
- The server restarted (`pg_ctl restart -m fast`) in the middle of an ingest:
  the run reports the lost connection and goes on; a re-run then adds nothing,
  and the database holds exactly what a clean run stores.

"Exactly what a clean run stores" is compared row by row with a clean run into a
SQLite file, so these tests also show that both databases keep the same records.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from store.postgres import Cluster, remove_cluster, start_cluster

from comity.store import open_store
from reliability.corpus import write_event_corpus
from reliability.db_snapshot import count_rows, snapshot_of
from reliability.snapshot import Snapshot, differences, duplicates

pytestmark = [pytest.mark.slow, pytest.mark.model]

FILES, LINES = 110, 40  # 150 documents, plus a duplicate and a bad JSONL line
DOCUMENTS = FILES + LINES
WRITERS = 3
BATCH_SIZE = "4"  # small batches spread the commits over the whole run
RUN_TIMEOUT = 300.0
RESTART_AFTER = 15  # documents stored before the server is restarted
POLL_SECONDS = 0.05


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    started = start_cluster()
    try:
        yield started
    finally:
        remove_cluster(started)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_event_corpus(tmp_path_factory.mktemp("corpus"), files=FILES, lines=LINES)


@pytest.fixture(scope="module")
def clean(corpus: Path) -> Snapshot:
    """What an uninterrupted run stores, in a SQLite file."""
    database = corpus / "clean.db"
    done = _ingest(corpus, str(database), "clean").wait(timeout=RUN_TIMEOUT)
    assert done == 0, _stderr(corpus, "clean")
    shot = snapshot_of(str(database))
    assert sum(shot["documents"].values()) == DOCUMENTS
    assert not duplicates(shot)
    return shot


def test_concurrent_ingests_store_every_document_once(
    cluster: Cluster, corpus: Path, clean: Snapshot
) -> None:
    url = cluster.url(cluster.fresh_database())  # no tables yet
    processes = [_ingest(corpus, url, f"writer-{n}") for n in range(WRITERS)]
    codes = [process.wait(timeout=RUN_TIMEOUT) for process in processes]
    assert codes == [0] * WRITERS, [_stderr(corpus, f"writer-{n}") for n in range(WRITERS)]
    found = snapshot_of(url)
    assert not duplicates(found)
    assert found == clean, differences(found, clean)
    with open_store(url) as store:
        runs = store.runs()
    assert [run.status for run in runs] == ["ok"] * WRITERS
    assert sum(run.documents_added for run in runs) == DOCUMENTS
    print(f"\nconcurrent ingest: documents added per writer {[r.documents_added for r in runs]}")


def test_a_server_restart_mid_ingest_loses_and_doubles_nothing(
    cluster: Cluster, corpus: Path, clean: Snapshot
) -> None:
    url = cluster.url(cluster.fresh_database())
    process = _ingest(corpus, url, "restarted")
    try:
        stored_before = _wait_for_documents(process, url, RESTART_AFTER)
        began = time.monotonic()
        cluster.restart("fast")
        restart_s = time.monotonic() - began
        code = process.wait(timeout=RUN_TIMEOUT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    report = _stderr(corpus, "restarted")
    assert "lost the connection to the database" in report, report
    assert code == 0, report
    stored_after = count_rows(url, "documents")

    rerun = _ingest(corpus, url, "rerun")
    assert rerun.wait(timeout=RUN_TIMEOUT) == 0, _stderr(corpus, "rerun")
    found = snapshot_of(url)
    assert not duplicates(found)
    assert found == clean, differences(found, clean)
    with open_store(url) as store:
        rerun_run, restarted_run = store.runs()[:2]
    assert restarted_run.status == "ok" and rerun_run.status == "ok"
    assert rerun_run.documents_added == DOCUMENTS - stored_after
    reported = [line for line in report.splitlines() if "retrying" in line or "again" in line]
    print(
        f"\nrestart test: {stored_before} documents stored when the server was restarted "
        f"(pg_ctl took {restart_s:.1f} s); the run went on and stored {stored_after} of "
        f"{DOCUMENTS} documents (exit {code}); the re-run added {rerun_run.documents_added}. "
        f"Reported:\n  " + "\n  ".join(reported[:6])
    )


def _wait_for_documents(process: subprocess.Popen[bytes], url: str, wanted: int) -> int:
    deadline = time.monotonic() + RUN_TIMEOUT
    while time.monotonic() < deadline:
        assert process.poll() is None, "the ingest ended before the restart"
        stored = count_rows(url, "documents")
        if stored >= wanted:
            return stored
        time.sleep(POLL_SECONDS)
    raise AssertionError(f"fewer than {wanted} documents stored within {RUN_TIMEOUT:.0f} s")


def _ingest(folder: Path, db: str, name: str) -> subprocess.Popen[bytes]:
    """`comity ingest` of the corpus in `folder`, its error output kept in `name`.log."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("COMITY_")}
    environment["COMITY_BATCH_SIZE"] = BATCH_SIZE
    command = [sys.executable, "-m", "comity", "ingest", "texts", "corpus.jsonl", "--db", db]
    with (folder / f"{name}.log").open("wb") as stderr:
        return subprocess.Popen(
            command, cwd=folder, env=environment, stdout=subprocess.DEVNULL, stderr=stderr
        )


def _stderr(folder: Path, name: str) -> str:
    return (folder / f"{name}.log").read_text(errors="replace")
