"""Retrying transactions: which failures pass, how often, and a real lost connection."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from builders import make_document, make_event
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from comity.errors import StoreError
from comity.store import Store, database, open_store
from comity.store.dialect import RUN_LOCK_CLASS
from comity.store.retry import LOST, RetryPolicy, retry_transient, transient_reason
from store.postgres import TEMPLATE, Cluster


class DriverError(Exception):
    """Stands in for a driver's exception: psycopg's carry `sqlstate`, sqlite3's a name."""

    def __init__(self, message: str, *, sqlstate: str | None = None, sqlite: str = "") -> None:
        super().__init__(message)
        self.sqlstate = sqlstate
        if sqlite:
            self.sqlite_errorname = sqlite
            del self.sqlstate


def operational(sqlstate: str | None = None, *, sqlite: str = "") -> OperationalError:
    return OperationalError("INSERT ...", {}, DriverError("boom", sqlstate=sqlstate, sqlite=sqlite))


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (operational("40001"), "serialisation failure"),
        (operational("40P01"), "deadlock"),
        (operational("57P01"), LOST),
        (operational("08006"), LOST),
        (operational("57P03"), "starting up"),
        (operational(None), LOST),  # refused or reset before the server answered
        (operational(sqlite="SQLITE_BUSY"), "locked"),
        (DBAPIError("SELECT 1", {}, DriverError("gone"), connection_invalidated=True), LOST),
    ],
)
def test_passing_failures_are_named(error: DBAPIError, reason: str) -> None:
    found = transient_reason(error)
    assert found is not None and reason in found


@pytest.mark.parametrize(
    "error",
    [
        IntegrityError("INSERT ...", {}, DriverError("duplicate key", sqlstate="23505")),
        operational("42P01"),  # no such table: retrying cannot help
        operational(sqlite="SQLITE_CORRUPT"),
        ValueError("not a database error"),
    ],
)
def test_lasting_failures_are_not_retried(error: BaseException) -> None:
    assert transient_reason(error) is None


def test_pauses_double_up_to_the_longest() -> None:
    policy = RetryPolicy(attempts=6, first_pause=0.5, longest_pause=3.0)
    assert list(policy.pauses()) == [0.5, 1.0, 2.0, 3.0, 3.0]


def test_a_passing_failure_is_retried_and_told_to_the_listeners() -> None:
    failures = [operational("40P01"), operational(None)]
    slept: list[float] = []
    told: list[str] = []

    def attempt() -> str:
        if failures:
            raise failures.pop(0)
        return "saved"

    result = retry_transient(
        attempt, action="cannot save", policy=RetryPolicy(), listeners=(told.append,),
        sleep=slept.append,
    )  # fmt: skip
    assert result == "saved"
    assert slept == [0.25, 0.5]
    assert len(told) == 2 and "deadlock" in told[0] and "attempt 3 of 8" in told[1]


def test_retries_are_bounded_and_the_last_error_is_raised() -> None:
    slept: list[float] = []

    def attempt() -> None:
        raise operational("57P01")

    with pytest.raises(OperationalError):
        retry_transient(attempt, action="x", policy=RetryPolicy(attempts=3), sleep=slept.append)
    assert len(slept) == 2


def test_a_lasting_failure_is_raised_at_once() -> None:
    slept: list[float] = []

    def attempt() -> None:
        raise operational("42P01")

    with pytest.raises(OperationalError):
        retry_transient(attempt, action="x", policy=RetryPolicy(), sleep=slept.append)
    assert slept == []


def test_a_store_gives_up_with_the_reason(store: Store) -> None:
    calls: list[int] = []

    def always_lost(connection: Connection) -> None:
        calls.append(1)
        raise operational("08006")

    quick = Store(store._engine, retry=RetryPolicy(attempts=2, first_pause=0.01))
    with pytest.raises(StoreError, match="lost the connection.*gave up after 2 attempts"):
        quick.transact("cannot save document d1", always_lost)
    assert len(calls) == 2


# -- a real server -----------------------------------------------------------------


@pytest.fixture
def pg_store(postgres: Cluster) -> Iterator[Store]:
    name = postgres.fresh_database(template=TEMPLATE)
    with open_store(postgres.url(name)) as opened:
        yield opened
    postgres.drop_database(name)


@pytest.mark.slow
def test_a_session_ended_by_the_server_is_retried(pg_store: Store) -> None:
    told: list[str] = []
    pg_store.add_retry_listener(told.append)
    attempts: list[int] = []

    def save_once_the_session_is_new(connection: Connection) -> int:
        attempts.append(1)
        if len(attempts) == 1:
            connection.execute(text("SELECT pg_terminate_backend(pg_backend_pid())"))
        return int(connection.scalar(text("SELECT 41 + 1")) or 0)

    assert pg_store.transact("cannot count", save_once_the_session_is_new) == 42
    assert len(attempts) == 2
    assert len(told) == 1 and LOST in told[0]


@pytest.mark.slow
def test_a_store_outlives_a_server_restart(pg_store: Store, postgres: Cluster) -> None:
    first = make_document("Envoys of two neighbours met at the border crossing.")
    assert pg_store.save_document(first, [], [make_event(first, "before-restart")])
    run_id = pg_store.start_run("ingest --test")
    postgres.restart()
    told: list[str] = []
    pg_store.add_retry_listener(told.append)
    second = make_document("The same envoys met again a week later.")
    assert pg_store.save_document(second, [], [make_event(second, "after-restart")])
    assert any(f"run {run_id}: {LOST}" in line for line in told)  # the restart is reported
    assert _run_lock_holders(pg_store, run_id) == 1  # taken again on a new session
    pg_store.finish_run(run_id, added=2, skipped=0, rejected=0, events=2)
    assert _run_lock_holders(pg_store, run_id) == 0
    assert pg_store.stats()["documents"] == 2
    assert pg_store.runs()[0].status == "ok"


def _run_lock_holders(store: Store, run_id: int) -> int:
    holders = text(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
        " AND classid = :kind AND objid = :run AND objsubid = 2"
    )
    return int(store._scalar(holders.bindparams(kind=RUN_LOCK_CLASS, run=run_id)))  # type: ignore[arg-type]


def test_a_retry_after_a_commit_that_went_through_counts_the_document_as_saved(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def commit_then_retry(attempt: Callable[[], bool], **_options: object) -> bool:
        attempt()  # committed, but suppose the connection dropped before the answer came
        return attempt()

    monkeypatch.setattr(database, "retry_transient", commit_then_retry)
    run_id = store.start_run("ingest")
    doc = make_document("Two foreign ministers spoke by telephone on Monday.")
    assert store.save_document(doc, [], [make_event(doc, "phone-call")], run_id=run_id)
    other = make_document("A third minister joined the call later.")
    assert not store.save_document(other, [], [])  # without a run, nothing tells whose it is
    assert store.stats()["documents"] == 2 and store.count_events() == 1
