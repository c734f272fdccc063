"""How the CLI shows things: event tables, the proof of an event, ingest reports.

Kept apart from the command modules so each command stays one screen; nothing here
reads the database or runs NLP — it renders records it is given. Text that
comes from documents goes through `comity.terminal.literal`: shown as written,
never as markup, with no control character reaching the terminal (issue 11).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from comity.config import Settings, describe
from comity.models import Document, Event, Mention
from comity.pipeline import IngestReport
from comity.terminal import literal


def render_events(rows: Iterable[tuple[Event, str]], console: Console, *, title: str) -> None:
    table = Table(title=literal(title), show_lines=False, expand=False)
    for column in ("id", "date", "source", "event", "target", "mode", "where", "document"):
        table.add_column(column, overflow="fold")
    for event, source in rows:
        table.add_row(
            literal(event.id[:10]),
            literal(_date_text(event)),
            literal(event.source or ""),
            literal(f"{event.plover} {event.cameo} ({event.goldstein:+.1f})"),
            literal(event.target or ""),
            "" if event.mode == "asserted" else literal(event.mode),
            literal(event.location or ""),
            literal(_short_source(source)),
        )
    console.print(table)


def render_why(
    event: Event, document: Document, mentions: Sequence[Mention], console: Console
) -> None:
    """The sentence with trigger and actors highlighted, then the document it comes from."""
    summary = (
        f"  {event.source_name} ({event.source}) → "
        f"{event.target_name} ({event.target}): {event.plover} / CAMEO {event.cameo} "
        f"(Goldstein {event.goldstein:+.1f}), {event.mode}"
    )
    console.print(literal(event.id, "bold") + literal(summary))
    console.print(
        literal(
            f"date: {_date_text(event)}"
            + (" (publication date, not stated)" if event.date_inferred else "")
        )
    )
    if event.location:
        console.print(literal(f"place: {event.location_name} ({event.location})"))
    console.print(Text("\n") + highlighted_sentence(event, document, mentions) + Text("\n"))
    console.print(
        literal(f"document: {document.source}" + (f" — {document.title}" if document.title else ""))
    )
    if document.published:
        console.print(literal(f"published: {document.published.isoformat()}"))
    console.print(
        literal(
            f"characters {event.span_start}–{event.span_end} of the document; "
            f"confidence {event.confidence}"
        )
    )


def highlighted_sentence(event: Event, document: Document, mentions: Sequence[Mention]) -> Text:
    text = literal(document.text[event.span_start : event.span_end])
    offset = event.span_start
    for mention in mentions:
        if event.span_start <= mention.start and mention.end <= event.span_end:
            style = (
                "bold green"
                if mention.code == event.source
                else ("bold magenta" if mention.code == event.target else "cyan")
            )
            text.stylize(style, mention.start - offset, mention.end - offset)
    text.stylize("bold reverse", event.trigger_start - offset, event.trigger_end - offset)
    return text


def render_ingest_report(report: IngestReport, db: str, console: Console, errors: Console) -> None:
    for rejected in report.rejected:
        errors.print(
            literal("rejected", "yellow") + literal(f" {rejected.source}: {rejected.reason}")
        )
    for source, expression in report.unresolved_dates[:20]:
        errors.print(
            literal("unresolved date", "dim")
            + literal(f" {source}: {expression!r} (no publication date known)")
        )
    if report.database_retries:
        errors.print(
            f"[yellow]database[/yellow] {len(report.database_retries)} problems worked around "
            f"(retried); the last: {report.database_retries[-1]}",
            highlight=False,
        )
    console.print(
        literal(
            f"{report.added} documents added, {report.skipped} already stored, "
            f"{len(report.rejected)} rejected; "
            f"{report.events} events; {report.parsed} of {report.sentences} sentences parsed "
            f"→ {db}"
        )
    )


def render_config(settings: Settings, console: Console) -> None:
    table = Table(title="comity settings (defaults < comity.toml < COMITY_* < flags)")
    for column in ("setting", "value", "meaning"):
        table.add_column(column)
    for name, value, meaning in describe(settings):
        table.add_row(name, value, meaning)
    console.print(table)


class IngestProgress:
    """A progress line with documents/s, shown only on a terminal."""

    def __init__(self, console: Console) -> None:
        self._progress = Progress(
            TextColumn("[bold]ingest[/bold]"),
            BarColumn(bar_width=None),
            TextColumn(
                "{task.completed} documents · {task.fields[rate]} docs/s · "
                "{task.fields[events]} events"
            ),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not console.is_terminal,
        )
        self._task = self._progress.add_task("ingest", total=None, rate="0.0", events=0)
        self._started = time.monotonic()

    def __enter__(self) -> IngestProgress:
        self._progress.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._progress.stop()

    def update(self, report: IngestReport) -> None:
        done = report.added + report.skipped
        rate = done / max(time.monotonic() - self._started, 1e-6)
        self._progress.update(self._task, completed=done, rate=f"{rate:.1f}", events=report.events)


def _date_text(event: Event) -> str:
    if event.date is None:
        return "—"
    text = event.date if event.date_end is None else f"{event.date}…{event.date_end}"
    return f"~{text}" if event.date_inferred else text


def _short_source(source: str) -> str:
    return source.rsplit("/", 1)[-1][:40]
