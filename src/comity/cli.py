"""The `comity` command: thin wrappers that call the library and print its results.

No SQL and no NLP here: every command opens the store or the extractor, calls
one library function and renders what comes back (tables via rich).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from comity import __version__
from comity.cli_render import (
    IngestProgress,
    render_config,
    render_events,
    render_ingest_report,
    render_why,
)
from comity.config import Settings, load_settings
from comity.errors import ComityError
from comity.export import export_events
from comity.extract.extractor import Extractor
from comity.ingest import demo_corpus_path
from comity.pipeline import IngestReport, run_ingest
from comity.store import Store, open_store

app = typer.Typer(
    help="comity: coded, dated, sourced events and relations between states, from news text.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
export_app = typer.Typer(help="Write stored records in formats other tools read.", no_args_is_help=True)
app.add_typer(export_app, name="export")

console = Console(soft_wrap=True)
errors = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[
    str | None, typer.Option("--db", help="database file or URL [default: $COMITY_DB, else ./comity.db]")
]
ConfigOption = Annotated[Path | None, typer.Option("--config", help="a comity.toml to read settings from")]
ActorOption = Annotated[str | None, typer.Option("--actor", help="events where this actor is source or target")]
DyadOption = Annotated[str | None, typer.Option("--dyad", help="events between two actors, e.g. KGZ,TUR")]
TypeOption = Annotated[str | None, typer.Option("--type", help="PLOVER event type, e.g. CONSULT")]
CameoOption = Annotated[str | None, typer.Option("--cameo", help="CAMEO code or prefix, e.g. 04")]
SinceOption = Annotated[str | None, typer.Option("--since", help="from this date on: YYYY, YYYY-MM or YYYY-MM-DD")]
UntilOption = Annotated[str | None, typer.Option("--until", help="up to this date: YYYY, YYYY-MM or YYYY-MM-DD")]


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"


def _fail(message: str, code: int = 1) -> NoReturn:
    errors.print(f"[red]error:[/red] {message}", highlight=False)
    raise typer.Exit(code)


@contextmanager
def _handled() -> Iterator[None]:
    """Library errors become one clean line and exit code 1."""
    try:
        yield
    except ComityError as error:
        _fail(str(error))
    except ValueError as error:
        _fail(str(error), 2)


def _settings(config: Path | None, **overrides: object) -> Settings:
    with _handled():
        return load_settings(config, overrides)


def _store(db: str | None, config: Path | None = None) -> Store:
    settings = _settings(config, db=db)
    with _handled():
        return open_store(settings.db)


def _filters(
    actor: str | None, dyad: str | None, plover: str | None, cameo: str | None, since: str | None, until: str | None
) -> dict[str, object]:
    pair: tuple[str, str] | None = None
    if dyad is not None:
        parts = [part.strip().upper() for part in dyad.split(",") if part.strip()]
        if len(parts) != 2:
            _fail("--dyad takes two actor codes separated by a comma, e.g. KGZ,TUR", 2)
        pair = (parts[0], parts[1])
    return {
        "actor": actor.upper() if actor else None, "dyad": pair, "plover": plover, "cameo": cameo,
        "since": since, "until": until,
    }


def _ingest(paths: list[str], settings: Settings, *, published: date | None, manifest: Path | None) -> IngestReport:
    with _handled():
        extractor = Extractor.load(
            model=settings.model, kb_extra=settings.kb_extra, lexicon_extra=settings.lexicon_extra,
            prefilter=settings.prefilter, batch_size=settings.batch_size,
        )
        with open_store(settings.db) as store, IngestProgress(errors) as progress:
            return run_ingest(
                paths, store, extractor, default_published=published, manifest=manifest,
                stdin=sys.stdin.buffer, max_bytes=settings.max_bytes, languages=settings.languages,
                on_document=progress.update,
            )


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="files, folders (recursive), or - for standard input")],
    db: DbOption = None,
    published: Annotated[
        str | None, typer.Option("--date", help="publication date for documents that give none (YYYY-MM-DD)")
    ] = None,
    manifest: Annotated[Path | None, typer.Option("--manifest", help="a manifest.jsonl with per-file metadata")] = None,
    max_bytes: Annotated[int | None, typer.Option("--max-bytes", help="largest document accepted")] = None,
    no_prefilter: Annotated[bool, typer.Option("--no-prefilter", help="parse every sentence (slower)")] = False,
    config: ConfigOption = None,
) -> None:
    """Read texts, code their events and store them (re-running skips what is stored)."""
    settings = _settings(config, db=db, max_bytes=max_bytes, prefilter=False if no_prefilter else None)
    day = _parse_day(published) if published else None
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
    settings = _settings(config, db=db)
    report = _ingest([str(demo_corpus_path())], settings, published=None, manifest=None)
    render_ingest_report(report, settings.db, console, errors)
    with _handled(), open_store(settings.db) as store:
        render_events(store.events_with_source(limit=40), console, title="Events in the demo corpus (first 40)")
    console.print(
        f"\nNext: [bold]comity events --db {db} --actor TUR[/bold] · "
        f"[bold]comity timeline KGZ --db {db}[/bold] · [bold]comity why EVENT_ID --db {db}[/bold] · "
        f"[bold]comity export events --db {db} --format csv -o events.csv[/bold]"
    )


@app.command()
def events(
    db: DbOption = None, actor: ActorOption = None, dyad: DyadOption = None, plover: TypeOption = None,
    cameo: CameoOption = None, since: SinceOption = None, until: UntilOption = None,
    limit: Annotated[int, typer.Option("--limit", help="rows to show at most")] = 100,
    config: ConfigOption = None,
) -> None:
    """List stored events, filtered."""
    filters = _filters(actor, dyad, plover, cameo, since, until)
    with _handled(), _store(db, config) as store:
        total = store.count_events(**filters)
        render_events(store.events_with_source(limit=limit, **filters), console, title=f"{total} events")


@app.command()
def timeline(
    actor: Annotated[str, typer.Argument(help="actor code, e.g. UZB or OTS")],
    db: DbOption = None, since: SinceOption = None, until: UntilOption = None,
    config: ConfigOption = None,
) -> None:
    """Events of one actor, in date order."""
    filters = _filters(actor, None, None, None, since, until)
    with _handled(), _store(db, config) as store:
        render_events(store.events_with_source(**filters), console, title=f"Timeline of {actor.upper()}")


@app.command()
def why(
    event_id: Annotated[str, typer.Argument(help="event id (or its first 6+ characters)")],
    db: DbOption = None, config: ConfigOption = None,
) -> None:
    """Show the proof of an event: its sentence, the words that code it, and its document."""
    with _handled(), _store(db, config) as store:
        event = store.event(event_id)
        document = store.document(event.doc_id)
        render_why(event, document, store.mentions(event.doc_id), console)


@export_app.command("events")
def export_events_command(
    db: DbOption = None,
    fmt: Annotated[ExportFormat, typer.Option("--format", help="output format")] = ExportFormat.jsonl,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="file to write [default: stdout]")] = None,
    actor: ActorOption = None, dyad: DyadOption = None, plover: TypeOption = None, cameo: CameoOption = None,
    since: SinceOption = None, until: UntilOption = None, config: ConfigOption = None,
) -> None:
    """Write events as JSON lines or CSV, one event per line."""
    filters = _filters(actor, dyad, plover, cameo, since, until)
    with _handled(), _store(db, config) as store:
        if output is None:
            count = export_events(store, sys.stdout, fmt=fmt.value, **filters)
        else:
            with output.open("w", encoding="utf-8", newline="") as out:
                count = export_events(store, out, fmt=fmt.value, **filters)
    errors.print(f"{count} events written{f' to {output}' if output else ''}")


@app.command("config")
def config_command(config: ConfigOption = None) -> None:
    """Print the effective settings and where each can be changed."""
    render_config(_settings(config), console)


@app.command()
def version() -> None:
    """Print comity's version."""
    console.print(__version__)


def _parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        _fail(f"--date takes YYYY-MM-DD, not {text!r}", 2)


# --- evaluation commands (issue 5) ---

# --- export formats and graph (issue 10) ---
