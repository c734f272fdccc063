"""Starting the server: settings passed to worker processes, a missing database."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest

from comity.errors import NotFound
from comity.web import WebSettings
from comity.web.server import SETTINGS_ENV, _settings_json, app_from_environment, serve
from web.records import fill


def test_workers_build_their_app_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from comity.store import open_store

    db = tmp_path / "served.db"
    with open_store(db) as store:
        fill(store)
    settings = WebSettings(cache_entries=7, static_dir=tmp_path / "static")
    monkeypatch.setenv(SETTINGS_ENV, _settings_json(str(db), settings))
    thresholds = gc.get_threshold()
    try:
        app = app_from_environment()
        # What start-up made is out of the collector's sight (no long full collections).
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold()[0] > thresholds[0]
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
    context = app.state.context
    assert context.settings == settings
    assert context.store.count_events() == 6
    assert json.loads(_settings_json(str(db), settings))["db"] == str(db)
    context.store.close()


def test_serving_a_missing_file_is_refused_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    with pytest.raises(NotFound, match="typo.db"):
        serve(missing, WebSettings())
    assert not missing.exists()


def test_the_command_refuses_a_missing_database_and_a_short_token(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from comity.cli import app

    runner = CliRunner()
    missing = runner.invoke(app, ["serve", "--db", str(tmp_path / "typo.db")])
    assert missing.exit_code == 1
    assert "typo.db" in missing.output
    short = runner.invoke(
        app, ["serve", "--db", str(tmp_path / "x.db"), "--allow-ingest", "--token", "abc"]
    )
    assert short.exit_code == 1
    assert "--token" in short.output
