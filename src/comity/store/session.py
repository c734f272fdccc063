"""Read sessions: one connection and one read transaction for a batch of reads.

A web request reads the store several times (a page and its total, tallies and
names). Each read in its own transaction costs a connection checkout, BEGIN and
COMMIT, and two reads may see different states of a store being written to. A
`ReadSession` opens one connection at its first read, in a transaction that
sees a single snapshot (SQLite's deferred read transaction; REPEATABLE READ on
PostgreSQL, whose default gives each statement its own snapshot), and ends it
when closed. `Store.reading()` hands out a view of the store bound to one.
"""

from __future__ import annotations

import threading

from sqlalchemy import Connection, Engine, RootTransaction

SNAPSHOT_ISOLATION = {"postgresql": "REPEATABLE READ"}


class ReadSession:
    """A lazily opened connection in one read transaction; close it when done.

    Used by one request at a time (one thread after another, never two at once);
    the lock only makes closing safe against a late first read.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Connection | None = None
        self._transaction: RootTransaction | None = None
        self._lock = threading.Lock()
        self._closed = False

    @property
    def opened(self) -> bool:
        """Whether a read has opened the connection (and closing has work to do)."""
        return self._connection is not None

    def connection(self) -> Connection:
        """The session's connection, opened and in its transaction on first use."""
        with self._lock:
            if self._closed:
                raise RuntimeError("this read session is closed")
            if self._connection is None:
                self._connection, self._transaction = self._begin()
            return self._connection

    def close(self) -> None:
        """End the read transaction and give the connection back to the pool."""
        with self._lock:
            self._closed = True
            connection, transaction = self._connection, self._transaction
            self._connection = self._transaction = None
        if connection is None:
            return
        try:
            if transaction is not None and transaction.is_active:
                transaction.rollback()  # nothing was written: ending it is all that is left
        finally:
            connection.close()

    def _begin(self) -> tuple[Connection, RootTransaction]:
        connection = self._engine.connect()
        try:
            isolation = SNAPSHOT_ISOLATION.get(self._engine.dialect.name)
            if isolation is not None:
                connection.execution_options(isolation_level=isolation)
            return connection, connection.begin()
        except BaseException:
            connection.close()
            raise
