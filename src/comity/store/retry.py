"""Retrying a transaction that failed for a passing reason.

A transaction is retried, whole and after a growing pause, when the database
lost or refused the connection (a restarted server), or aborted it to resolve
a conflict with another writer (serialisation failure, deadlock, a locked
SQLite file). Every other error is the caller's at once. Each retry is logged
and told to the listeners, so an ingest can report that its database went away.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError

logger = logging.getLogger("comity.store")

T = TypeVar("T")
RetryListener = Callable[[str], None]

LOST = "lost the connection to the database"
_SQLSTATE_REASONS = {
    "40001": "a serialisation failure (another writer changed the same rows)",
    "40P01": "a deadlock with another writer",
    "57P01": LOST + " (the server is shutting down)",
    "57P02": LOST + " (the server crashed)",
    "57P03": "the database server is not accepting connections yet (starting up)",
}
_SQLITE_REASONS = {"SQLITE_BUSY": "the database is locked", "SQLITE_LOCKED": "a table is locked"}


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently a transaction is retried."""

    attempts: int = 8
    first_pause: float = 0.25
    longest_pause: float = 5.0

    def pauses(self) -> Iterator[float]:
        """The pause before each retry: doubling from `first_pause`, at most `longest_pause`."""
        pause = self.first_pause
        for _ in range(self.attempts - 1):
            yield min(pause, self.longest_pause)
            pause *= 2


def transient_reason(error: BaseException) -> str | None:
    """Why `error` is worth retrying the transaction for; None when it is not."""
    if not isinstance(error, DBAPIError):
        return None
    original = error.orig
    if error.connection_invalidated:
        return LOST
    sqlstate = getattr(original, "sqlstate", None)
    if sqlstate is not None:
        if sqlstate in _SQLSTATE_REASONS:
            return _SQLSTATE_REASONS[sqlstate]
        return LOST if str(sqlstate).startswith("08") else None
    if hasattr(original, "sqlstate") and isinstance(error, OperationalError):
        # The driver failed before the server said anything: refused, reset, closed.
        return LOST
    return _SQLITE_REASONS.get(str(getattr(original, "sqlite_errorname", "")))


def announce(message: str, listeners: Iterable[RetryListener]) -> None:
    """Log a database problem that was worked around and tell the listeners."""
    logger.warning(message)
    for listener in listeners:
        listener(message)


def retry_transient(
    attempt: Callable[[], T],
    *,
    action: str,
    policy: RetryPolicy,
    listeners: tuple[RetryListener, ...] = (),
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """`attempt()`, run again after each transient failure as `policy` allows.

    Raises the last error when it is not transient or the attempts are used up.
    """
    pauses = policy.pauses()
    tries = 1
    while True:
        try:
            return attempt()
        except SQLAlchemyError as error:
            reason = transient_reason(error)
            pause = next(pauses, None) if reason is not None else None
            if pause is None:
                raise
            message = (
                f"{action}: {reason}; retrying in {pause:g} s "
                f"(attempt {tries + 1} of {policy.attempts})"
            )
            announce(message, listeners)
            sleep(pause)
            tries += 1
