"""Commands that read texts into the store: `ingest`, `demo` and `watch`."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from comity.cli.common import (
    ConfigOption,
    DbOption,
    NoPrefilterOption,
    app,
    console,
    errors,
    fail,
    handled,
    load_cli_settings,
    parse_day,
)
from comity.cli.render import IngestProgress, render_events, render_ingest_report
from comity.config import Settings
from comity.extract.cluster import ExtractorSpec, open_extractor
from comity.extract.extractor import Extractor
from comity.ingest import demo_corpus_path
from comity.ingest.fetch import user_agent
from comity.pipeline import IngestReport, run_ingest
from comity.store import open_store


def _ingest(
    paths: list[str],
    settings: Settings,
    *,
    published: date | None,
    manifest: Path | None,
) -> IngestReport:
    spec = ExtractorSpec(
        model=settings.model,
        kb_extra=settings.kb_extra,
        lexicon_extra=settings.lexicon_extra,
        prefilter=settings.prefilter,
        batch_size=settings.batch_size,
    )
    with (
        handled(),
        open_extractor(spec, dask=settings.dask) as extractor,
        open_store(settings.db) as store,
        IngestProgress(errors) as progress,
    ):
        return run_ingest(
            paths,
            store,
            extractor,
            default_published=published,
            manifest=manifest,
            stdin=sys.stdin.buffer,
            max_bytes=settings.max_bytes,
            languages=settings.languages,
            on_document=progress.update,
            workers=settings.workers,
            user_agent=user_agent(settings.contact),
        )


@app.command()
def ingest(
    paths: Annotated[
        list[str], typer.Argument(help="files, folders (recursive), or - for standard input")
    ],
    db: DbOption = None,
    published: Annotated[
        str | None,
        typer.Option("--date", help="publication date for documents that give none (YYYY-MM-DD)"),
    ] = None,
    manifest: Annotated[
        Path | None, typer.Option("--manifest", help="a manifest.jsonl with per-file metadata")
    ] = None,
    max_bytes: Annotated[
        int | None, typer.Option("--max-bytes", help="largest document accepted")
    ] = None,
    no_prefilter: NoPrefilterOption = False,
    workers: Annotated[
        int | None,
        typer.Option("--workers", help="processes that extract, e.g. one per core [default: 1]"),
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask", help="extract on the Dask cluster whose scheduler is here (tcp://host:8786)"
        ),
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Read texts, code their events and store them (re-running skips what is stored)."""
    settings = load_cli_settings(
        config,
        db=db,
        max_bytes=max_bytes,
        prefilter=False if no_prefilter else None,
        workers=workers,
        dask=dask,
    )
    if settings.dask is not None and settings.workers > 1:
        fail("--workers and --dask do not go together: the cluster's workers extract", 2)
    day = parse_day(published) if published else None
    report = _ingest(paths, settings, published=day, manifest=manifest)
    render_ingest_report(report, settings.db, console, errors)
    if report.failed:
        raise typer.Exit(1)


@app.command()
def demo(
    db: Annotated[str, typer.Option("--db", help="database file to create")] = "demo.db",
    config: ConfigOption = None,
) -> None:
    """Ingest comity's bundled demo corpus and show the events it finds."""
    settings = load_cli_settings(config, db=db)
    report = _ingest([str(demo_corpus_path())], settings, published=None, manifest=None)
    render_ingest_report(report, settings.db, console, errors)
    with handled(), open_store(settings.db) as store:
        render_events(
            store.events_with_source(limit=40),
            console,
            title="Events in the demo corpus (first 40)",
        )
    console.print(
        f"\nNext: [bold]comity events --db {db} --actor TUR[/bold] · "
        f"[bold]comity timeline KGZ --db {db}[/bold] · "
        f"[bold]comity why EVENT_ID --db {db}[/bold] · "
        f"[bold]comity export events --db {db} --format csv -o events.csv[/bold]"
    )


# --- feeds, URL lists and near-duplicate stories (issue 13) ---


@app.command()
def watch(
    sources: Annotated[
        list[str],
        typer.Argument(help="feed URLs (also pages, sitemaps, files of URLs) to poll"),
    ],
    every: Annotated[str, typer.Option("--every", help="time between polls: 90s, 15m, 1h")] = "15m",
    db: DbOption = None,
    host_interval: Annotated[
        float, typer.Option("--host-interval", help="seconds between requests to one host")
    ] = 1.0,
    timeout: Annotated[
        float, typer.Option("--timeout", help="seconds to wait for a server")
    ] = 15.0,
    polls: Annotated[
        int | None, typer.Option("--polls", help="stop after this many polls [default: never]")
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Poll feeds and ingest what is new until SIGTERM or Ctrl+C (which finish the document)."""
    import logging

    from comity.ingest.fetch import FetchOptions, StopFlag
    from comity.watch import parse_interval, stop_on_signals
    from comity.watch import watch as watch_sources

    settings = load_cli_settings(config, db=db)
    # Each poll and each rejected source is one log line on stderr (the journal under systemd).
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("comity").setLevel(logging.INFO)
    with handled():
        seconds = parse_interval(every)
        options = FetchOptions(
            timeout=timeout,
            host_interval=host_interval,
            max_bytes=settings.max_bytes,
            user_agent=user_agent(settings.contact),
        )
        extractor = Extractor.load(
            model=settings.model,
            kb_extra=settings.kb_extra,
            lexicon_extra=settings.lexicon_extra,
            prefilter=settings.prefilter,
            batch_size=settings.batch_size,
        )
        stop = StopFlag()
        with open_store(settings.db) as store, stop_on_signals(stop):
            watch_sources(
                sources,
                store,
                extractor,
                every=seconds,
                stop=stop,
                options=options,
                polls=polls,
                languages=settings.languages,
            )
