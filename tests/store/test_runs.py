"""Runs whose process is gone are marked interrupted, not left `running` for ever."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap

from sqlalchemy import insert, update

from comity.store import Store, open_store, schema
from comity.store.runs import INTERRUPTED, RUNNING, process_is_alive

HOLDER = textwrap.dedent(
    """
    import sys, time
    from comity.store import open_store
    store = open_store(sys.argv[1])
    print(store.start_run("ingest held-open"), flush=True)
    time.sleep(120)
    """
)


def _status(store: Store, run_id: int) -> str:
    return next(run.status for run in store.runs() if run.id == run_id)


def _add_run(store: Store, *, pid: int | None, host: str | None, started_at: str) -> int:
    row = {"started_at": started_at, "arguments": "old", "status": RUNNING, "pid": pid}
    statement = insert(schema.runs).values(**row, host=host)
    return int(
        store.transact("test", lambda c: c.execute(statement).inserted_primary_key[0], write=True)
    )


def test_a_killed_ingest_is_marked_interrupted_and_a_living_one_is_not(
    store: Store, db_url: str
) -> None:
    command = [sys.executable, "-c", HOLDER, db_url]
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as holder:
        try:
            assert holder.stdout is not None
            run_id = int(holder.stdout.readline())
            assert _status(store, run_id) == RUNNING
        finally:
            holder.send_signal(signal.SIGKILL)
            holder.wait(timeout=30)
    next_run = store.start_run("ingest again")
    runs = {run.id: run for run in store.runs()}
    assert runs[run_id].status == INTERRUPTED
    assert runs[run_id].finished_at is not None
    assert runs[next_run].status == RUNNING
    assert (runs[next_run].pid, runs[next_run].host) == (os.getpid(), socket.gethostname())


def test_a_process_id_taken_again_by_another_program_does_not_keep_a_run_alive(
    store: Store,
) -> None:
    # This process exists, but it started long after the run it would own.
    run_id = _add_run(
        store, pid=os.getpid(), host=socket.gethostname(), started_at="2001-01-01T00:00:00+00:00"
    )
    assert _status(store, run_id) == INTERRUPTED


def test_a_run_of_another_host_is_judged_only_where_its_lock_can_be_seen(store: Store) -> None:
    run_id = _add_run(
        store, pid=1, host="elsewhere.example", started_at="2026-11-23T08:00:00+00:00"
    )
    # PostgreSQL sees that no session holds the run's lock; SQLite cannot know.
    expected = INTERRUPTED if store._engine.dialect.name == "postgresql" else RUNNING
    assert _status(store, run_id) == expected


def test_a_run_holding_its_lock_stays_running_whatever_its_host(db_url: str) -> None:
    with open_store(db_url) as runner, open_store(db_url) as watcher:
        run_id = runner.start_run("ingest far away")
        moved = update(schema.runs).where(schema.runs.c.id == run_id).values(host="far.example")
        runner.transact("test", lambda c: c.execute(moved), write=True)
        assert _status(watcher, run_id) == RUNNING
        runner.close()  # its session ends, as when a process on another host dies
        expected = INTERRUPTED if watcher._engine.dialect.name == "postgresql" else RUNNING
        assert _status(watcher, run_id) == expected


def test_finishing_a_run_records_its_end_even_after_it_was_marked(store: Store) -> None:
    run_id = _add_run(
        store, pid=os.getpid(), host=socket.gethostname(), started_at="2001-01-01T00:00:00+00:00"
    )
    assert _status(store, run_id) == INTERRUPTED
    store.finish_run(run_id, added=1, skipped=0, rejected=0, events=2, status="ok")
    assert _status(store, run_id) == "ok"


def test_a_run_without_an_owner_is_judged_by_its_lock_alone(store: Store) -> None:
    # As recorded before migration 5: on SQLite nothing can tell whether it still runs.
    run_id = _add_run(store, pid=None, host=None, started_at="2020-01-01T00:00:00+00:00")
    expected = INTERRUPTED if store._engine.dialect.name == "postgresql" else RUNNING
    assert _status(store, run_id) == expected


def test_process_liveness() -> None:
    assert process_is_alive(os.getpid(), started_by="2999-01-01T00:00:00+00:00")
    assert not process_is_alive(os.getpid(), started_by="2001-01-01T00:00:00+00:00")
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    assert not process_is_alive(int(done.stdout), started_by="2999-01-01T00:00:00+00:00")
