"""Running the app with uvicorn: what `comity serve` calls.

With one worker the app is built here around the opened store. With several,
uvicorn starts worker processes that each build their own app through
`app_from_environment`, from the settings this process puts in the environment.
"""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from comity.api import open as open_database
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
