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
from typing import Annotated, BinaryIO, NoReturn, TextIO, cast

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
from comity.extract.cluster import ExtractorSpec, open_extractor
from comity.extract.extractor import Extractor
from comity.ingest import demo_corpus_path
from comity.ingest.fetch import user_agent
from comity.kb import KnowledgeBase
from comity.models import RelationKind
from comity.pipeline import IngestReport, run_ingest
from comity.relations import Relation, RelationIndex, dyad_report, stream_relations
from comity.relations.render import render_conflicts, render_dyad, render_relations
from comity.store import EventFilters, Store, open_store
from comity.terminal import literal

app = typer.Typer(
    help="comity: coded, dated, sourced events and relations between states, from news text.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
export_app = typer.Typer(
    help="Write stored records in formats other tools read.", no_args_is_help=True
)
app.add_typer(export_app, name="export")

console = Console(soft_wrap=True)
errors = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="database file or URL [default: $COMITY_DB, else ./comity.db]"),
]
ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="a comity.toml to read settings from")
]
ActorOption = Annotated[
    str | None, typer.Option("--actor", help="events where this actor is source or target")
]
DyadOption = Annotated[
    str | None, typer.Option("--dyad", help="events between two actors, e.g. KGZ,TUR")
]
TypeOption = Annotated[str | None, typer.Option("--type", help="PLOVER event type, e.g. CONSULT")]
CameoOption = Annotated[str | None, typer.Option("--cameo", help="CAMEO code or prefix, e.g. 04")]
SinceOption = Annotated[
    str | None, typer.Option("--since", help="from this date on: YYYY, YYYY-MM or YYYY-MM-DD")
]
BenchDocsOption = Annotated[
    int | None, typer.Option("--docs", help="documents to run [default: 200; a CORPUS as it is]")
]
BenchWordsOption = Annotated[
    int, typer.Option("--words", help="words per built document (built corpus only)")
]
SharedOption = Annotated[
    Path | None,
    typer.Option("--shared", help="shared data folder [default: $COMITY_SHARED, else ../shared]"),
]
UntilOption = Annotated[
    str | None, typer.Option("--until", help="up to this date: YYYY, YYYY-MM or YYYY-MM-DD")
]


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"
    gdelt = "gdelt"
    icews = "icews"
    plover = "plover"


def _fail(message: str, code: int = 1) -> NoReturn:
    errors.print(literal("error:", "red") + literal(f" {message}"))
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
    actor: str | None,
    dyad: str | None,
    plover: str | None,
    cameo: str | None,
    since: str | None,
    until: str | None,
) -> EventFilters:
    pair: tuple[str, str] | None = None
    if dyad is not None:
        parts = [part.strip().upper() for part in dyad.split(",") if part.strip()]
        if len(parts) != 2:
            _fail("--dyad takes two actor codes separated by a comma, e.g. KGZ,TUR", 2)
        pair = (parts[0], parts[1])
    return EventFilters(
        actor=actor.upper() if actor else None,
        dyad=pair,
        plover=plover,
        cameo=cameo,
        since=since,
        until=until,
    )


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
        _handled(),
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
    no_prefilter: Annotated[
        bool, typer.Option("--no-prefilter", help="parse every sentence (slower)")
    ] = False,
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
    settings = _settings(
        config,
        db=db,
        max_bytes=max_bytes,
        prefilter=False if no_prefilter else None,
        workers=workers,
        dask=dask,
    )
    if settings.dask is not None and settings.workers > 1:
        _fail("--workers and --dask do not go together: the cluster's workers extract", 2)
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


@app.command()
def events(
    db: DbOption = None,
    actor: ActorOption = None,
    dyad: DyadOption = None,
    plover: TypeOption = None,
    cameo: CameoOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: Annotated[int, typer.Option("--limit", help="rows to show at most")] = 100,
    config: ConfigOption = None,
) -> None:
    """List stored events, filtered; copies of one story (issue 13) count once."""
    from comity.store.stories import count_distinct_events, distinct_events, reported_by

    filters = _filters(actor, dyad, plover, cameo, since, until)
    with _handled(), _store(db, config) as store:
        total = store.count_events(**filters)
        distinct = count_distinct_events(store, **filters)
        rows = (
            (found.event, reported_by(found))
            for found in distinct_events(store, limit=limit, **filters)
        )
        title = f"{total} events"
        if distinct != total:
            title = f"{distinct} events ({total} reports; a story's copies count once)"
        render_events(rows, console, title=title)


@app.command()
def timeline(
    actor: Annotated[str, typer.Argument(help="actor code, e.g. UZB or OTS")],
    db: DbOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    config: ConfigOption = None,
) -> None:
    """Events of one actor, in date order."""
    filters = _filters(actor, None, None, None, since, until)
    with _handled(), _store(db, config) as store:
        render_events(
            store.events_with_source(**filters), console, title=f"Timeline of {actor.upper()}"
        )


@app.command()
def why(
    event_id: Annotated[str, typer.Argument(help="event id (or its first 6+ characters)")],
    db: DbOption = None,
    config: ConfigOption = None,
) -> None:
    """Show the proof of an event: its sentence, the words that code it, and its document."""
    with _handled(), _store(db, config) as store:
        event = store.event(event_id)
        document = store.document(event.doc_id)
        render_why(event, document, store.mentions(event.doc_id), console)


@export_app.command("events")
def export_events_command(
    db: DbOption = None,
    fmt: Annotated[
        ExportFormat, typer.Option("--format", help="output format")
    ] = ExportFormat.jsonl,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="file to write [default: stdout]")
    ] = None,
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
    filters = _filters(actor, dyad, plover, cameo, since, until)
    settings = _settings(config, db=db)
    with _handled(), open_store(settings.db) as store:
        count = _export_events_to(
            store, settings, fmt, output, header=header, raw_csv=raw_csv, filters=filters
        )
    _written(f"{count} events", output)


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


@app.command("eval")
def eval_command(
    suite: Annotated[
        str, typer.Argument(help="examples, petr2-gsr, plover-gsr, case2021, or a gold .jsonl")
    ],
    errors_: Annotated[
        bool,
        typer.Option("--errors", help="also list misses and false positives with their sentences"),
    ] = False,
    limit: Annotated[
        int | None, typer.Option("--limit", help="code only the first N records")
    ] = None,
    no_prefilter: Annotated[
        bool, typer.Option("--no-prefilter", help="parse every sentence (slower)")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
    shared: Annotated[
        Path | None,
        typer.Option("--shared", help="gold data folder [default: $COMITY_SHARED, else ../shared]"),
    ] = None,
    corpus: Annotated[
        Path | None, typer.Option("--corpus", help="texts scored by a gold .jsonl")
    ] = None,
) -> None:
    """Measure precision, recall and F1 against a gold standard."""
    import json

    from comity.evaluate import run_suite
    from comity.evaluate.render import render_report

    with _handled():
        report = run_suite(
            suite, shared=shared, limit=limit, prefilter=not no_prefilter, corpus=corpus
        )
    if as_json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
    else:
        render_report(report, console, show_errors=errors_)


# --- export formats and graph (issue 10) ---


RawCsvOption = Annotated[
    bool,
    typer.Option(
        "--raw-csv",
        help="csv: write text cells exactly as stored, even those starting with =, +, -"
        " or @ that a spreadsheet would run as formulas (by default they get a leading ')",
    ),
]


class GraphFormat(StrEnum):
    graphml = "graphml"
    gexf = "gexf"
    csv = "csv"


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
    _fail(f"cannot write {output}: {error.strerror or error}")


def _written(what: str, output: Path | None) -> None:
    errors.print(literal(f"{what} written{f' to {output}' if output else ''}"))


@export_app.command("graph")
def export_graph_command(
    db: DbOption = None,
    fmt: Annotated[
        GraphFormat, typer.Option("--format", help="graph format")
    ] = GraphFormat.graphml,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="file to write [default: stdout]")
    ] = None,
    since: SinceOption = None,
    until: UntilOption = None,
    plover: TypeOption = None,
    config: ConfigOption = None,
    raw_csv: RawCsvOption = False,
) -> None:
    """Write the actor network (actors as nodes, dyads as edges) for Gephi or networkx."""
    settings = _settings(config, db=db)
    with _handled(), open_store(settings.db) as store:
        lookup = KnowledgeBase.load(settings.kb_extra).get
        filters = _filters(None, None, plover, None, since, until)
        with _binary_output(output) as out:
            nodes, edges = export_graph(
                store, out, fmt=fmt.value, lookup=lookup, guard_formulas=not raw_csv, **filters
            )
    _written(f"{nodes} actors and {edges} dyads", output)


# --- actor knowledge base commands (issue 4) ---


actors_app = typer.Typer(
    help="Look into the actor knowledge base: how names resolve, what it holds.",
    no_args_is_help=True,
)
app.add_typer(actors_app, name="actors")


def _actors_kb(settings: Settings) -> KnowledgeBase:
    from comity.kb.user_file import user_paths

    return KnowledgeBase.load(user_paths(settings.kb_extra))


class ActorKind(StrEnum):
    state = "state"
    organisation = "organisation"
    person = "person"
    institution = "institution"
    place = "place"


@actors_app.command("show")
def actors_show(
    text: Annotated[
        str, typer.Argument(help='text to resolve, e.g. "the Kyrgyz MFA and S.Sh. Jeenbekov"')
    ],
    on: Annotated[
        str | None,
        typer.Option("--date", help="day the roles are taken on (YYYY-MM-DD) [default: latest]"),
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Explain how each name in TEXT resolves to an actor, and why."""
    from comity.kb.explain import explain
    from comity.kb.render import render_explanation

    settings = _settings(config)
    day = _parse_day(on) if on else None
    with _handled():
        kb = _actors_kb(settings)
        render_explanation(explain(text, kb, day), console)


@actors_app.command("list")
def actors_list(
    kind: Annotated[
        ActorKind | None, typer.Option("--kind", help="only entities of this kind")
    ] = None,
    search: Annotated[
        str | None, typer.Option("--search", help="only entities with a name containing this")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", help="rows to show at most")] = 200,
    config: ConfigOption = None,
) -> None:
    """List knowledge-base entities, by kind or by a name they contain."""
    from comity.kb.render import render_entities
    from comity.models import EntityKind

    settings = _settings(config)
    with _handled():
        kb = _actors_kb(settings)
        found = kb.search(search or "", EntityKind(kind.value) if kind else None)
        render_entities(found, console, limit=limit)


@actors_app.command("check")
def actors_check(
    path: Annotated[
        Path, typer.Argument(help="your knowledge-base file (JSONL, each line with a 'type')")
    ],
    config: ConfigOption = None,
) -> None:
    """Validate your own actor file and report what it adds or overrides (use it via kb_extra)."""
    from comity.kb.explain import check_user_file
    from comity.kb.render import render_file_check

    settings = _settings(config)
    with _handled():
        kb = _actors_kb(settings)
        render_file_check(check_user_file(path, kb), console)


class AddKind(StrEnum):
    state = "state"
    organisation = "organisation"
    person = "person"
    institution = "institution"
    place = "place"
    alias = "alias"


@actors_app.command("add")
def actors_add(
    kind: Annotated[AddKind, typer.Argument(help="what to add; 'alias' adds a name to CODE")],
    code: Annotated[str, typer.Argument(help="the entity's code, e.g. KGZ or doe-jane")],
    name: Annotated[str | None, typer.Argument(help="its name (for alias: the new name)")] = None,
    names: Annotated[
        list[str] | None, typer.Option("--name", help="another name it goes by (repeatable)")
    ] = None,
    abbreviations: Annotated[
        list[str] | None, typer.Option("--abbreviation", help="an abbreviation (repeatable)")
    ] = None,
    office: Annotated[str | None, typer.Option(help="a person's office, e.g. 'President'")] = None,
    state: Annotated[
        str | None, typer.Option(help="code the office, institution or place belongs to")
    ] = None,
    sector: Annotated[str | None, typer.Option(help="GOV, LEG, DIP, MIL or JUD")] = None,
    start: Annotated[str | None, typer.Option(help="first day of the office (YYYY-MM-DD)")] = None,
    end: Annotated[str | None, typer.Option(help="last day of the office (YYYY-MM-DD)")] = None,
    approx: Annotated[bool, typer.Option(help="the office's dates are approximate")] = False,
    members: Annotated[
        list[str] | None,
        typer.Option("--member", help="an organisation's member: CODE[:START[:END]]"),
    ] = None,
    json_fields: Annotated[
        str | None, typer.Option("--json", help="other fields as a JSON object")
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file", help="your JSONL file [default: first kb_extra, else comity-actors.jsonl]"
        ),
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Add or override an entry in your own actor file; `actors show` then resolves it."""
    from comity.kb.render import render_added
    from comity.kb.user_file import Options, add_entry, entry_from_options, user_file_path

    settings = _settings(config)
    options = Options(
        names=tuple(names or ()),
        abbreviations=tuple(abbreviations or ()),
        office=office,
        state=state,
        sector=sector,
        start=start,
        end=end,
        approx=approx,
        members=tuple(members or ()),
        json_fields=json_fields,
    )
    with _handled():
        path = user_file_path(file, settings.kb_extra)
        entry = entry_from_options(kind.value, code, name, options)
        added = add_entry(path, entry, _actors_kb(settings))
        render_added(added, settings.kb_extra, console)


# --- benchmark command (issue 9) ---


@app.command()
def bench(
    corpus: Annotated[
        Path | None,
        typer.Argument(help="folder or file of texts [default: built from the shared data]"),
    ] = None,
    processes: Annotated[
        int, typer.Option("--processes", help="worker processes for the ingest and the parse")
    ] = 1,
    docs: BenchDocsOption = None,
    words: BenchWordsOption = 600,
    profile: Annotated[
        Path | None,
        typer.Option("--profile", help="write a pyinstrument HTML profile of the ingest"),
    ] = None,
    no_prefilter: Annotated[
        bool, typer.Option("--no-prefilter", help="parse every sentence in the ingest")
    ] = False,
    shared: SharedOption = None,
) -> None:
    """Time comity's ingest next to a plain spaCy parse and spaCy's tokenizer."""
    from comity.bench import run_bench
    from comity.bench.render import render_bench

    with _handled():
        report = run_bench(
            corpus,
            shared=shared,
            processes=processes,
            documents=docs,
            words=words,
            profile=profile,
            prefilter=not no_prefilter,
        )
    render_bench(report, console)


# --- relations (issue 6) ---

OnOption = Annotated[
    str | None, typer.Option("--on", help="the state on this day (YYYY-MM-DD) [default: today]")
]


class RelationExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    parquet = "parquet"


def _optional_day(text: str | None) -> date | None:
    return _parse_day(text) if text is not None else None


@app.command()
def relations(
    db: DbOption = None,
    actor: Annotated[
        str | None, typer.Option("--actor", help="relations this actor is a party to")
    ] = None,
    on: Annotated[
        str | None, typer.Option("--on", help="only those holding on this day (YYYY-MM-DD)")
    ] = None,
    kind: Annotated[
        RelationKind | None, typer.Option("--kind", help="one kind of relation")
    ] = None,
    config: ConfigOption = None,
) -> None:
    """List relations (diplomatic ties, embassies, treaties, alliances, memberships,
    stances) merged over every document, with how many sources support them."""
    day = _optional_day(on)
    with _handled(), _store(db, config) as store:
        index = RelationIndex.from_store(store, actor=actor)
        found = index.relations(actor=actor, on=day, kind=kind)
    render_relations(found, console, title=f"{len(found)} relations")


@app.command()
def dyad(
    a: Annotated[str, typer.Argument(help="actor code, e.g. KGZ")],
    b: Annotated[str, typer.Argument(help="the other actor's code, e.g. TUR")],
    db: DbOption = None,
    on: OnOption = None,
    config: ConfigOption = None,
) -> None:
    """The relations between two actors on a day, their history, and their events' trend."""
    day = _optional_day(on)
    with _handled(), _store(db, config) as store:
        index = RelationIndex.from_store(store, actor=a)
        report = dyad_report(index, a, b, store.events_with_source(dyad=(a, b)), on=day)
    render_dyad(report, console)


@app.command()
def conflicts(db: DbOption = None, config: ConfigOption = None) -> None:
    """Relations that some sources contradict, with the sentences on each side."""
    with _handled(), _store(db, config) as store:
        found = RelationIndex.from_store(store).conflicts()
    render_conflicts(found, console)


@export_app.command("relations")
def export_relations_command(
    db: DbOption = None,
    fmt: Annotated[
        RelationExportFormat, typer.Option("--format", help="output format")
    ] = RelationExportFormat.jsonl,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="file to write [default: stdout]")
    ] = None,
    actor: Annotated[
        str | None, typer.Option("--actor", help="relations this actor is a party to")
    ] = None,
    config: ConfigOption = None,
    raw_csv: RawCsvOption = False,
) -> None:
    """Write merged relations as JSON lines, CSV or Parquet, each with its documents."""
    if fmt is RelationExportFormat.parquet and output is None:
        _fail("--format parquet writes a file: give it with -o", 2)
    with _handled(), _store(db, config) as store:
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


# --- web API and explorer (issue 7) ---

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

    settings = _settings(config, db=db)
    with _handled():
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


@app.command("bench-serve")
def bench_serve(
    db: Annotated[
        Path | None,
        typer.Option("--db", help="database to load [default: a synthetic one, built once]"),
    ] = None,
    events: Annotated[
        int, typer.Option("--events", help="synthetic events when no --db is given")
    ] = 50_000,
    readers: Annotated[int, typer.Option("--readers", help="concurrent readers")] = 50,
    seconds: Annotated[float, typer.Option("--seconds", help="how long to read")] = 20.0,
    port: Annotated[int, typer.Option("--port", help="loopback port for the server")] = 8765,
    workers: Annotated[int, typer.Option("--workers", min=1, help="server processes")] = 1,
) -> None:
    """Load-test `comity serve` on loopback: concurrent readers, requests/s and p99."""
    from comity.bench.serve import render_serve_bench, run_serve_bench

    with _handled():
        report = run_serve_bench(
            db,
            events=events,
            readers=readers,
            seconds=seconds,
            port=port,
            workers=workers,
            on_step=errors.print,
        )
    render_serve_bench(report, console)


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

    settings = _settings(config, db=db)
    # Each poll and each rejected source is one log line on stderr (the journal under systemd).
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("comity").setLevel(logging.INFO)
    with _handled():
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


@app.command("bench-fetch")
def bench_fetch(
    pages: Annotated[int, typer.Option("--pages", help="articles served and fetched")] = 200,
    words: Annotated[int, typer.Option("--words", help="words per article")] = 400,
) -> None:
    """Pages/s fetched and read from a local server (127.0.0.1), rate limit off."""
    from comity.bench.fetch import run_fetch_bench

    with _handled():
        result = run_fetch_bench(pages=pages, words=words)
    console.print(
        f"{result.pages} pages of {result.page_bytes / 1000:.1f} KB: "
        f"fetched {result.fetched_per_second:.0f} pages/s; "
        f"fetched and read into documents {result.read_per_second:.0f} pages/s "
        f"({result.documents} documents)"
    )


# --- scaling out: local workers and a Dask cluster (issue 8) ---


@app.command("bench-scale")
def bench_scale(
    corpus: Annotated[
        Path | None,
        typer.Argument(help="folder or file of texts [default: built from the shared data]"),
    ] = None,
    docs: BenchDocsOption = None,
    words: BenchWordsOption = 600,
    workers: Annotated[
        int, typer.Option("--workers", help="local worker processes, and Dask workers")
    ] = 2,
    dask: Annotated[
        str | None,
        typer.Option("--dask", help="a running Dask scheduler [default: a LocalCluster]"),
    ] = None,
    shared: SharedOption = None,
) -> None:
    """Docs/s of the ingest in 1 process, with local workers and on a Dask cluster."""
    from comity.bench.render import render_scale
    from comity.bench.scale import run_scale_bench

    with _handled():
        report = run_scale_bench(
            corpus, shared=shared, documents=docs, words=words, workers=workers, dask=dask
        )
    render_scale(report, console)
