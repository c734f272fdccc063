"""The issue-8 options: `comity ingest --dask ADDRESS` and `comity bench-scale`."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_invoke import invoke

from comity.extract import cluster
from comity.store import open_store

run = invoke


def _corpus(folder: Path, texts: list[str]) -> Path:
    folder.mkdir()
    for index, text in enumerate(texts):
        (folder / f"{index:02d}.txt").write_text(text, encoding="utf-8")
    return folder


def test_workers_and_dask_are_refused_together(tmp_path: Path) -> None:
    code, _, err = run(
        "ingest", str(tmp_path), "--workers", "2", "--dask", "tcp://127.0.0.1:1",
        "--db", str(tmp_path / "t.db"),
    )  # fmt: skip
    assert code == 2 and "--workers and --dask" in err


def test_a_scheduler_in_the_config_file_is_used_and_checked_like_the_option(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 0.5)
    config = tmp_path / "comity.toml"
    config.write_text('[comity]\ndask = "tcp://127.0.0.1:1"\n', encoding="utf-8")
    corpus = _corpus(tmp_path / "c", ["Turkey met Azerbaijan in Baku."])
    db = str(tmp_path / "t.db")
    code, _, err = run("ingest", str(corpus), "--config", str(config), "--db", db)
    assert code == 1 and "no Dask scheduler answered at tcp://127.0.0.1:1" in err
    code, _, err = run("ingest", str(corpus), "--config", str(config), "--db", db, "--workers", "2")
    assert code == 2 and "--workers and --dask" in err


def test_an_absent_scheduler_fails_cleanly_and_stores_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cluster, "CONNECT_SECONDS", 0.5)
    corpus = _corpus(tmp_path / "c", ["Turkey met Azerbaijan in Baku."])
    db = tmp_path / "t.db"
    code, _, err = run("ingest", str(corpus), "--dask", "tcp://127.0.0.1:1", "--db", str(db))
    assert code == 1 and "no Dask scheduler answered at tcp://127.0.0.1:1" in err
    assert not db.exists() or open_store(db).stats()["documents"] == 0


def test_bench_scale_needs_two_workers(tmp_path: Path) -> None:
    code, _, err = run("bench-scale", str(tmp_path), "--workers", "1")
    assert code == 1 and "at least 2" in err


@pytest.mark.slow
@pytest.mark.model
def test_ingest_on_a_local_cluster_stores_the_events(tmp_path: Path) -> None:
    from distributed import LocalCluster

    corpus = _corpus(
        tmp_path / "c",
        [
            "Turkey and Azerbaijan signed a gas agreement in Baku on 3 March 2025.",
            "Kazakhstan hosted the foreign ministers of the Organization of Turkic States.",
            "The weather in the capital stayed mild.",
        ],
    )
    db = tmp_path / "t.db"
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as local:
        code, out, err = run(
            "ingest", str(corpus), "--dask", local.scheduler_address, "--db", str(db)
        )
    assert code == 0, err
    assert "3 documents added" in out
    with open_store(db) as store:
        assert store.stats()["documents"] == 3
        assert store.count_events() > 0


@pytest.mark.slow
@pytest.mark.model
def test_bench_scale_prints_the_three_runs(tmp_path: Path) -> None:
    _corpus(
        tmp_path / "c",
        [
            "Turkey and Azerbaijan signed a gas agreement in Baku on Monday.",
            "Kazakhstan hosted the foreign ministers of the OTS.",
        ],
    )
    code, out, err = run("bench-scale", str(tmp_path / "c"), "--docs", "4")
    assert code == 0, err
    for row in ("1 process", "2 local workers", "Dask, 2 workers", "load average", "docs/s"):
        assert row in out
    assert "Stored by every run: the same as 1 process (4 documents" in out
