"""Running the app with uvicorn: what `comity serve` calls.

With one worker the app is built here around the opened store. With several,
worker processes each build their own app through `app_from_environment`, from
the settings this process puts in the environment. On Linux each worker listens
on its own socket bound to the same port (SO_REUSEPORT), so the kernel spreads
the connections evenly; elsewhere uvicorn's workers share one socket.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import signal
import socket
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from comity.api import open as open_database
from comity.errors import ComityError
from comity.store import open_store
from comity.store.aggregates import tune_for_reading
from comity.web.app import create_app
from comity.web.context import WebSettings

if TYPE_CHECKING:
    from fastapi import FastAPI

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
SETTINGS_ENV = "COMITY_WEB_SETTINGS"
YOUNG_COLLECTION_THRESHOLD = 10_000  # new objects between collections (Python's default: 700)


def serve(
    db: str | Path,
    settings: WebSettings,
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    workers: int = 1,
    log_level: str = "info",
    on_start: Callable[[str], None] | None = None,
) -> None:
    """Serve the database at `db` until interrupted. Raises NotFound for a missing file
    (serving it would create an empty database) and ConfigError for bad settings.
    `on_start` gets the server's address once the database is open."""
    import uvicorn

    with open_database(db) as database:
        if on_start is not None:
            on_start(f"http://{host}:{port}/")
        if workers > 1:
            os.environ[SETTINGS_ENV] = _settings_json(str(db), settings)
            if _balanced_sockets():
                _serve_balanced(host, port, workers, log_level)
                return
            uvicorn.run(
                f"{__name__}:app_from_environment",
                factory=True,
                host=host,
                port=port,
                workers=workers,
                log_level=log_level,
                access_log=False,
            )
            return
        tune_for_reading(database.store)
        app = _settled(create_app(database.store, settings))
        uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=False)


def _balanced_sockets() -> bool:
    """Whether the kernel balances connections over sockets sharing a port (Linux)."""
    return sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def _serve_balanced(host: str, port: int, workers: int, log_level: str) -> None:
    """`workers` processes, each accepting on a socket of its own on `host:port`.

    With one socket shared by all (uvicorn's workers), whichever process was idle
    when connections arrived took them: in the load test one of two processes kept
    44 of the 50 readers' connections for the whole run while the other idled.
    Sockets bound with SO_REUSEPORT get the connections spread over them by the
    kernel. Raises ComityError when a worker fails (the port taken, say); ends the
    workers on SIGTERM or Ctrl+C.
    """
    _check_port_free(host, port)
    context = multiprocessing.get_context("spawn")
    processes = [
        context.Process(target=_balanced_worker, args=(host, port, log_level))
        for _ in range(workers)
    ]
    previous = signal.signal(signal.SIGTERM, _exit_on_signal)
    try:
        for process in processes:
            process.start()
        _wait_for_any(processes)
        failed = [p.exitcode for p in processes if p.exitcode not in (None, 0)]
        if failed:
            raise ComityError(f"a server process ended with exit code {failed[0]}")
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join()


def _exit_on_signal(_signal: int, _frame: object) -> None:
    raise SystemExit(0)


def _wait_for_any(processes: Sequence[multiprocessing.process.BaseProcess]) -> None:
    """Return once one of `processes` has ended (the others are then stopped)."""
    from multiprocessing.connection import wait

    wait([process.sentinel for process in processes])


def _balanced_worker(host: str, port: int, log_level: str) -> None:
    import uvicorn

    listening = _reusable_socket(host, port)
    config = uvicorn.Config(app_from_environment(), log_level=log_level, access_log=False)
    uvicorn.Server(config).run(sockets=[listening])


def _check_port_free(host: str, port: int) -> None:
    """ComityError when something listens on `host:port` already.

    Sockets bound with SO_REUSEPORT would join another comity server's group on
    the port (sharing its traffic) instead of failing; a plain bind fails.
    """
    try:
        _bound_socket(host, port, reuse_port=False).close()
    except OSError as error:
        raise ComityError(f"cannot listen on {host}:{port}: {error.strerror}") from error


def _reusable_socket(host: str, port: int) -> socket.socket:
    listening = _bound_socket(host, port, reuse_port=True)
    listening.listen(2048)
    return listening


def _bound_socket(host: str, port: int, *, reuse_port: bool) -> socket.socket:
    family, kind, protocol, _name, address = socket.getaddrinfo(
        host, port, type=socket.SOCK_STREAM
    )[0]
    bound = socket.socket(family, kind, protocol)
    try:
        bound.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if reuse_port:
            bound.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        bound.bind(address)
    except OSError:
        bound.close()
        raise
    return bound


def app_from_environment() -> FastAPI:
    """The app of one worker process, from the settings `serve` left in the environment."""
    values = json.loads(os.environ[SETTINGS_ENV])
    db = values.pop("db")
    values["static_dir"] = Path(values["static_dir"])
    values["kb_extra"] = tuple(Path(path) for path in values["kb_extra"])
    store = open_store(db)
    tune_for_reading(store)
    return _settled(create_app(store, WebSettings(**values)))


def _settled(app: FastAPI) -> FastAPI:
    """`app`, with what start-up made (the knowledge base above all) moved out of the
    garbage collector's sight: it lives as long as the process, and walking it made
    each full collection a pause of 150 ms under load. The youngest generation is
    collected less often: an answer makes thousands of short-lived objects, and
    collecting every 700 of them took 2-3% of the server's time."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, *gc.get_threshold()[1:])
    return app


def _settings_json(db: str, settings: WebSettings) -> str:
    values = asdict(settings)
    values["static_dir"] = str(settings.static_dir)
    values["kb_extra"] = [str(path) for path in settings.kb_extra]
    return json.dumps({"db": db, **values})
