"""`comity bench-serve`: the synthetic database, the request mix, the figures."""

from __future__ import annotations

import random
import warnings
from pathlib import Path

import pytest
from local_ports import free_port
from starlette.exceptions import StarletteDeprecationWarning

from comity.bench import serve
from comity.bench.serve import (
    EVENTS_PER_DOCUMENT,
    RouteFigures,
    ServeBenchReport,
    build_synthetic_db,
    request_mix,
    run_serve_bench,
)
from comity.errors import NotFound
from comity.kb import KnowledgeBase
from comity.store import open_store
from comity.web import WebSettings, create_app

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def synthetic_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "bench.db"
    build_synthetic_db(path, 300)
    return path


def test_the_synthetic_database_holds_the_events_asked_for(synthetic_db: Path) -> None:
    with open_store(synthetic_db) as store:
        counts = store.stats()
        first = next(store.events(limit=1))
    assert counts["events"] == 300
    assert counts["documents"] == 300 // EVENTS_PER_DOCUMENT
    assert (
        first.sentence == store_text(synthetic_db, first.doc_id)[first.span_start : first.span_end]
    )
    assert build_synthetic_db(synthetic_db, 200) == 300  # enough already: nothing added


def store_text(db: Path, doc_id: str) -> str:
    with open_store(db) as store:
        return store.document(doc_id).text


def test_every_request_of_the_mix_is_answered(synthetic_db: Path) -> None:
    chooser = random.Random(3)
    with open_store(synthetic_db) as store:
        app = create_app(store, WebSettings(cache_entries=0), kb=KnowledgeBase.load())
        with TestClient(app) as client:
            names = set()
            for _ in range(60):
                name, path = request_mix(chooser, documents=300 // EVENTS_PER_DOCUMENT)
                names.add(name)
                assert client.get(path).status_code == 200, path
    assert len(names) >= 10


def test_percentiles_by_nearest_rank() -> None:
    latencies = [n / 1000 for n in range(1, 101)]  # 1 ms .. 100 ms
    report = ServeBenchReport(
        db="x", events=0, readers=1, workers=1, seconds=2.0, requests=100, errors=0,
        routes={"r": RouteFigures(latencies)}, latencies=latencies,
    )  # fmt: skip
    assert report.percentile(0.99) == pytest.approx(99.0)
    assert report.percentile(0.5) == pytest.approx(50.0)
    assert report.requests_per_second == 50.0


@pytest.mark.slow
def test_a_short_run_against_a_real_server(synthetic_db: Path) -> None:
    report = run_serve_bench(synthetic_db, readers=3, seconds=1.0, port=free_port())
    assert report.requests > 0
    assert report.errors == 0
    assert report.events == 300
    assert 0 < report.percentile(0.5) <= report.percentile(0.99)


def test_a_missing_database_is_an_error_not_an_empty_benchmark(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "missing.db"
    with pytest.raises(NotFound, match="missing.db"):
        run_serve_bench(missing, readers=1, seconds=0.1, port=free_port())
    assert not missing.exists()
    assert not missing.parent.exists()


def test_the_command_names_the_missing_database(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from comity.cli import app

    missing = tmp_path / "missing.db"
    result = CliRunner().invoke(app, ["bench-serve", "--db", str(missing), "--seconds", "0.1"])
    assert result.exit_code == 1
    assert "missing.db" in " ".join(result.output.split())
    assert not missing.exists()


def test_readers_start_only_once_every_server_process_is_idle(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # CPU seconds of the server's processes, one reading per look: loading, then idle.
    readings = iter([0.0, 0.5, 1.0, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 9.0])
    looks = []

    def cpu_seconds(_pid: int) -> float:
        looks.append(True)
        return next(readings)

    monkeypatch.setattr(serve, "_cpu_seconds", cpu_seconds)
    monkeypatch.setattr(serve, "SETTLE_STEP", 0.1)
    monkeypatch.setattr(serve.time, "sleep", lambda _seconds: None)
    clock = iter(float(n) / 10 for n in range(1000))
    monkeypatch.setattr(serve.time, "monotonic", lambda: next(clock))
    serve._wait_until_settled(1, deadline=50.0)
    # Busy for three looks; then idle from the fourth, and half a second of it is enough.
    assert 6 <= len(looks) <= 11
    assert next(readings) == 1.5  # it stopped before the readings ran out
