"""Ingest runs: recorded when they start and end, and found out when they died.

A run records the process id and host that run it. A run still marked
`running` whose process is gone — killed, crashed, its machine restarted — is
marked `interrupted` when the next run starts or when runs are listed:

- on the same host, the process is looked up by its id (a process with that id
  started after the run is another program that got the id again);
- on PostgreSQL, a running ingest also holds a session lock named after its
  run (`dialect.hold_run_lock`), which the server drops whenever the session
  ends, so runs of other hosts are judged by it. A server restart ends that
  session too; the run takes its lock again at its next transaction, and a run
  of another host marked interrupted in between gets its real end when it
  finishes.

On SQLite a run of another host is left as it is: nothing can tell.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import psutil
from sqlalchemy import Connection, Engine, RowMapping, event, insert, select, update
from sqlalchemy.exc import SQLAlchemyError

from comity.store.dialect import hold_run_lock, release_run_lock, run_lock_is_held
from comity.store.retry import LOST
from comity.store.schema import runs

RUNNING = "running"
INTERRUPTED = "interrupted"
START_SLACK_S = 2.0  # clock rounding between a run's started_at and its process's start


@dataclass(frozen=True)
class Owner:
    """The process running an ingest."""

    pid: int
    host: str

    @classmethod
    def this_process(cls) -> Owner:
        return cls(os.getpid(), socket.gethostname())


@dataclass(frozen=True)
class Run:
    """One row of the runs table."""

    id: int
    started_at: str
    finished_at: str | None
    arguments: str
    documents_added: int
    documents_skipped: int
    documents_rejected: int
    events_added: int
    status: str
    pid: int | None
    host: str | None

    @classmethod
    def from_row(cls, row: RowMapping | Mapping[str, Any]) -> Run:
        return cls(**{name: row[name] for name in cls.__dataclass_fields__})


def insert_run(connection: Connection, arguments: str, owner: Owner, started_at: str) -> int:
    """Record a run as running; returns its id."""
    row = {
        "started_at": started_at,
        "arguments": arguments,
        "status": RUNNING,
        "pid": owner.pid,
        "host": owner.host,
    }
    key = connection.execute(insert(runs).values(**row)).inserted_primary_key
    if key is None:
        raise RuntimeError("the database returned no run id")
    return int(key[0])


def list_runs(connection: Connection, *, limit: int | None = None) -> list[Run]:
    """Runs, newest first."""
    statement = select(runs).order_by(runs.c.id.desc()).limit(limit)
    return [Run.from_row(row) for row in connection.execute(statement).mappings()]


def mark_interrupted(connection: Connection, here: Owner, now: str) -> list[int]:
    """Mark the runs left `running` by processes that are gone; returns their ids."""
    candidates = connection.execute(
        select(runs.c.id, runs.c.pid, runs.c.host, runs.c.started_at).where(
            runs.c.status == RUNNING
        )
    ).all()
    gone = [row.id for row in candidates if _owner_is_gone(connection, row, here)]
    if gone:
        connection.execute(
            update(runs)
            .where(runs.c.id.in_(gone), runs.c.status == RUNNING)
            .values(status=INTERRUPTED, finished_at=now)
        )
    return gone


def _owner_is_gone(connection: Connection, row: Any, here: Owner) -> bool:
    if row.pid is not None and row.host == here.host:
        # Decides even while the lock still shows: the server frees a dead client's
        # lock only once it notices the connection closed.
        return not process_is_alive(int(row.pid), started_by=str(row.started_at))
    return run_lock_is_held(connection, int(row.id)) is False  # None: SQLite cannot tell


def process_is_alive(pid: int, *, started_by: str) -> bool:
    """Whether process `pid` runs and is the one that started at or before `started_by`."""
    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return False
        started = process.create_time()
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:
        return True  # it exists; whose it is cannot be seen
    return bool(started <= datetime.fromisoformat(started_by).timestamp() + START_SLACK_S)


class RunLeases:
    """The PostgreSQL sessions that hold the locks of this process's running runs.

    A session lock lives as long as its session, so each running run keeps one
    connection out of the pool. When the pool had to open a new connection or a
    transaction lost its own (`suspect`) — after a server restart, say — the
    locks whose sessions ended are taken again. On SQLite nothing is held.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._held: dict[int, Connection] = {}
        self._suspect = False
        event.listen(engine, "connect", self._on_new_connection)

    def _on_new_connection(self, _dbapi_connection: Any, _record: Any) -> None:
        self.suspect()

    def start(self, record: Callable[[Connection], int]) -> int:
        """Run `record` (which inserts a run, returning its id) and lock that run in the
        same transaction, so no other session sees it running without its lock."""
        lease = self._engine.connect()
        try:
            with lease.begin():
                run_id = record(lease)
                hold_run_lock(lease, run_id)
        except BaseException:
            lease.close()
            raise
        if lease.dialect.name == "postgresql":
            self._held[run_id] = lease
        else:
            lease.close()
        return run_id

    def release(self, run_id: int) -> None:
        lease = self._held.pop(run_id, None)
        if lease is None:
            return
        try:
            release_run_lock(lease, run_id)
            lease.commit()
        except SQLAlchemyError:
            pass  # the session is gone, and its lock with it
        # Closed for good rather than pooled: a session keeps a lock it failed to give back.
        lease.invalidate()
        lease.close()

    def release_all(self) -> None:
        for run_id in list(self._held):
            self.release(run_id)

    def suspect(self) -> None:
        """A transaction lost its connection: the lock sessions may be gone too."""
        self._suspect = bool(self._held)

    def renew_if_lost(self, tell: Callable[[str], None]) -> None:
        """Take again the locks whose sessions a lost connection (a restart) ended,
        telling `tell` about each: it may be the only sign that the server restarted."""
        if not self._suspect:
            return
        for run_id, lease in list(self._held.items()):
            if _alive(lease):
                continue
            self.release(run_id)
            tell(f"run {run_id}: {LOST} (its session ended); taking the run's lock again")
            try:
                renewed = self._engine.connect()
                with renewed.begin():
                    hold_run_lock(renewed, run_id)
            except SQLAlchemyError:
                return  # the server is still away: the next retry tries again
            self._held[run_id] = renewed
        self._suspect = False


def _alive(lease: Connection) -> bool:
    try:
        lease.exec_driver_sql("SELECT 1")
        lease.rollback()
    except SQLAlchemyError:
        return False
    return True
