"""The `comity serve` command: the JSON API and the web explorer."""

from __future__ import annotations

from typing import Annotated

import typer

from comity.cli.common import (
    ConfigOption,
    DbOption,
    app,
    errors,
    handled,
    load_cli_settings,
)

WEB_THREADS = 4  # as WebSettings.threads; not imported, to keep the CLI's start-up light


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="port to listen on")] = 8000,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="server processes (one per core)")
    ] = 1,
    threads: Annotated[
        int, typer.Option("--threads", min=1, help="requests each process computes at once")
    ] = WEB_THREADS,
    allow_ingest: Annotated[
        bool, typer.Option("--allow-ingest", help="accept POST /api/ingest (needs --token)")
    ] = False,
    token: Annotated[
        str | None,
        typer.Option(
            "--token", envvar="COMITY_TOKEN", help="bearer token for ingest (16+ characters)"
        ),
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Serve the JSON API and the web explorer (read-only unless --allow-ingest)."""
    from comity.web import WebSettings
    from comity.web.server import serve as run_server

    settings = load_cli_settings(config, db=db)
    with handled():
        web = WebSettings(
            allow_ingest=allow_ingest,
            token=token,
            kb_extra=settings.kb_extra,
            model=settings.model,
            max_bytes=settings.max_bytes,
            threads=threads,
        )
        run_server(
            settings.db,
            web,
            host=host,
            port=port,
            workers=workers,
            on_start=lambda url: errors.print(
                f"comity serves {settings.db} on {url} (Ctrl+C stops)"
            ),
        )
