"""The issue-13 commands: `comity watch` options, `comity events` counting copies once,
`comity bench-fetch`. None of these loads the spaCy model."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import make_document, make_event
from typer.testing import CliRunner

from comity import cli
from comity.cli import app
from comity.ingest import normalise_text
from comity.store import open_store
from comity.store.stories import link_to_story

NEARDUP = Path(__file__).parent / "ingest" / "fixtures" / "neardup"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_watch_refuses_a_bad_interval_before_loading_anything(tmp_path: Path) -> None:
    code, _, err = run(
        "watch", "http://127.0.0.1:9/feed", "--every", "soon", "--db", str(tmp_path / "w.db")
    )
    assert code == 1 and "interval" in err


def test_events_count_a_story_s_copies_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli.console, "_width", 200)  # one table row per line
    db = tmp_path / "copies.db"
    visit = {"source": "TKM", "target": "UZB", "cameo": "057", "date": "2025-04-01"}
    with open_store(db) as store:
        for name in ("dup05_a", "dup05_b"):
            doc = make_document(
                normalise_text((NEARDUP / f"{name}.txt").read_text("utf-8")),
                source=f"wire/{name}.txt",
            )
            store.save_document(doc, [], [make_event(doc, f"{name}-1", **visit)])
            link_to_story(store, doc)
    code, out, _ = run("events", "--db", str(db))
    assert code == 0
    assert "1 events (2 reports; a story's copies count once)" in out
    assert "dup05_a.txt (+1)" in out


def test_bench_fetch_reports_pages_per_second() -> None:
    code, out, _ = run("bench-fetch", "--pages", "5", "--words", "40")
    assert code == 0
    assert "5 pages of" in out and "pages/s" in out and "(5 documents)" in out
