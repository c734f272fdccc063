"""Starting the server: settings passed to worker processes, a missing database."""

from __future__ import annotations

import gc
import json
import socket
import subprocess
import sys
from pathlib import Path

import psutil
import pytest
from local_ports import free_port

from comity.bench.serve import _wait_until_up as wait_until_up
from comity.errors import NotFound
from comity.store import open_store
from comity.web import WebSettings
from comity.web.server import SETTINGS_ENV, _settings_json, app_from_environment, serve
from web.records import fill


def test_workers_build_their_app_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
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


@pytest.mark.slow
def test_workers_share_the_connections_hold_the_port_and_stop_with_the_server(
    tmp_path: Path,
) -> None:
    db = tmp_path / "served.db"
    open_store(db).close()
    port = free_port()
    command = [sys.executable, "-m", "comity", "serve", "--db", str(db), "--port", str(port)]
    server = subprocess.Popen(
        [*command, "--workers", "2"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_until_up(port, server)
        readers = [socket.create_connection(("127.0.0.1", port)) for _ in range(40)]
        for reader in readers:
            reader.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert reader.recv(4096).startswith(b"HTTP/1.1 200")
        processes = psutil.Process(server.pid).children(recursive=True)
        held = [_connections_on(process, port) for process in processes]
        # Two processes serve, each with its share (all 40 on one: odds of 2 in 2^40).
        assert sum(held) == 40 and sum(1 for count in held if count > 0) == 2
        for reader in readers:
            reader.close()
        # A second server on the taken port fails instead of sharing its traffic.
        second = subprocess.run(
            [*command, "--workers", "2"], capture_output=True, text=True, timeout=120
        )
        assert second.returncode == 1 and f"cannot listen on 127.0.0.1:{port}" in second.stderr
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert not [process for process in processes if _running(process)]


def _connections_on(process: psutil.Process, port: int) -> int:
    found = process.net_connections(kind="tcp")
    return sum(1 for c in found if c.status == psutil.CONN_ESTABLISHED and c.laddr.port == port)


def _running(process: psutil.Process) -> bool:
    try:
        process.wait(timeout=10)
    except psutil.TimeoutExpired:
        return True
    return False
