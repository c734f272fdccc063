"""The `comity export` commands: events, the actor graph and relations, to a file or stdout."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, BinaryIO, NoReturn, TextIO, cast

import typer

from comity.cli.common import (
    ActorOption,
    CameoOption,
    ConfigOption,
    DbOption,
    DyadOption,
    OutputOption,
    PartyOption,
    RawCsvOption,
    SinceOption,
    TypeOption,
    UntilOption,
    errors,
    event_filters,
    export_app,
    fail,
    handled,
    load_cli_settings,
    open_cli_store,
)
from comity.config import Settings
from comity.export import (
    ExportProgress,
    export_events,
    export_graph,
    export_parquet,
    export_relations,
    export_relations_parquet,
    no_lookup,
)
from comity.export.events import ExportFormat as TextFormat
from comity.export.relations import RelationFormat
from comity.kb import KnowledgeBase
from comity.relations import Relation, stream_relations
from comity.store import EventFilters, Store, open_store
from comity.terminal import literal


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    gdelt = "gdelt"
    icews = "icews"
    plover = "plover"


class GraphFormat(StrEnum):
    graphml = "graphml"
    gexf = "gexf"
    csv = "csv"


class RelationExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


@export_app.command("events")
def export_events_command(
    db: DbOption = None,
    fmt: Annotated[
        ExportFormat, typer.Option("--format", help="output format")
    ] = ExportFormat.jsonl,
    output: OutputOption = None,
    actor: ActorOption = None,
    dyad: DyadOption = None,
    plover: TypeOption = None,
    cameo: CameoOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    config: ConfigOption = None,
    header: Annotated[
        bool, typer.Option("--header", help="gdelt: start with a header row")
    ] = False,
    raw_csv: RawCsvOption = False,
) -> None:
    """Write events as JSON lines, CSV, Parquet, or GDELT, ICEWS or PLOVER layout."""
    filters = event_filters(actor, dyad, plover, cameo, since, until)
    settings = load_cli_settings(config, db=db)
    with handled(), open_store(settings.db) as store:
        count = _export_events_to(
            store, settings, fmt, output, header=header, raw_csv=raw_csv, filters=filters
        )
    _written(f"{count} events", output)


def _export_events_to(
    store: Store,
    settings: Settings,
    fmt: ExportFormat,
    output: Path | None,
    *,
    header: bool,
    raw_csv: bool,
    filters: EventFilters,
) -> int:
    """Run one events export to `output` (stdout when None), with a bar for long ones."""
    needs_names = fmt in (ExportFormat.gdelt, ExportFormat.icews)
    lookup = KnowledgeBase.load(settings.kb_extra).get if needs_names else no_lookup
    with ExportProgress(errors, store.count_events(**filters)) as progress:
        if fmt is ExportFormat.parquet:
            with _binary_output(output) as target:
                return export_parquet(store, target, on_event=progress.advance, **filters)
        text_format = cast(TextFormat, fmt.value)
        with _text_output(output) as out:
            return export_events(
                store,
                out,
                fmt=text_format,
                header=header,
                lookup=lookup,
                on_event=progress.advance,
                guard_formulas=not raw_csv,
                **filters,
            )


@export_app.command("graph")
def export_graph_command(
    db: DbOption = None,
    fmt: Annotated[
        GraphFormat, typer.Option("--format", help="graph format")
    ] = GraphFormat.graphml,
    output: OutputOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    plover: TypeOption = None,
    config: ConfigOption = None,
    raw_csv: RawCsvOption = False,
) -> None:
    """Write the actor network (actors as nodes, dyads as edges) for Gephi or networkx."""
    settings = load_cli_settings(config, db=db)
    with handled(), open_store(settings.db) as store:
        lookup = KnowledgeBase.load(settings.kb_extra).get
        filters = event_filters(None, None, plover, None, since, until)
        with _binary_output(output) as out:
            nodes, edges = export_graph(
                store, out, fmt=fmt.value, lookup=lookup, guard_formulas=not raw_csv, **filters
            )
    _written(f"{nodes} actors and {edges} dyads", output)


@export_app.command("relations")
def export_relations_command(
    db: DbOption = None,
    fmt: Annotated[
        RelationExportFormat, typer.Option("--format", help="output format")
    ] = RelationExportFormat.jsonl,
    output: OutputOption = None,
    actor: PartyOption = None,
    config: ConfigOption = None,
    raw_csv: RawCsvOption = False,
) -> None:
    """Write merged relations as JSON lines, CSV or Parquet, each with its documents."""
    if fmt is RelationExportFormat.parquet and output is None:
        fail("--format parquet writes a file: give it with -o", 2)
    with handled(), open_cli_store(db, config) as store:
        count = _export_relations_to(store, fmt, output, actor=actor, raw_csv=raw_csv)
    _written(f"{count} relations", output)


def _export_relations_to(
    store: Store,
    fmt: RelationExportFormat,
    output: Path | None,
    *,
    actor: str | None,
    raw_csv: bool,
) -> int:
    """Merge and write relations one at a time; the bar counts the claims merged."""
    found = stream_relations(store, actor=actor)
    total = store.count_claims(actor=actor)
    with ExportProgress(errors, total, what="relations (claims merged)") as progress:

        def advance(relation: Relation) -> None:
            progress.advance(len(relation.sources))

        if fmt is RelationExportFormat.parquet:
            with _binary_output(output) as target:
                return export_relations_parquet(found, target, on_relation=advance)
        with _text_output(output) as out:
            text_format = cast(RelationFormat, fmt.value)
            return export_relations(
                found, out, text_format, on_relation=advance, guard_formulas=not raw_csv
            )


@contextmanager
def _text_output(output: Path | None) -> Iterator[TextIO]:
    """The file to write text to, or standard output (left open)."""
    if output is None:
        yield sys.stdout
        return
    try:
        out = output.open("w", encoding="utf-8", newline="")
    except OSError as error:
        _cannot_write(output, error)
    with out:
        yield out


@contextmanager
def _binary_output(output: Path | None) -> Iterator[BinaryIO]:
    """The file to write bytes to, or standard output (left open)."""
    if output is None:
        yield sys.stdout.buffer
        return
    try:
        out = output.open("wb")
    except OSError as error:
        _cannot_write(output, error)
    with out:
        yield out


def _cannot_write(output: Path, error: OSError) -> NoReturn:
    fail(f"cannot write {output}: {error.strerror or error}")


def _written(what: str, output: Path | None) -> None:
    errors.print(literal(f"{what} written{f' to {output}' if output else ''}"))
