"""Commands that read the store and show it: events, relations, dyads, settings, version."""

from __future__ import annotations

from typing import Annotated

import typer

from comity import __version__
from comity.cli.common import (
    ActorOption,
    CameoOption,
    ConfigOption,
    DbOption,
    DyadOption,
    LimitOption,
    PartyOption,
    SinceOption,
    TypeOption,
    UntilOption,
    app,
    console,
    event_filters,
    handled,
    load_cli_settings,
    open_cli_store,
    optional_day,
)
from comity.cli.render import render_config, render_events, render_why
from comity.models import RelationKind
from comity.relations import RelationIndex, dyad_report
from comity.relations.render import render_conflicts, render_dyad, render_relations


@app.command()
def events(
    db: DbOption = None,
    actor: ActorOption = None,
    dyad: DyadOption = None,
    plover: TypeOption = None,
    cameo: CameoOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    limit: LimitOption = 100,
    config: ConfigOption = None,
) -> None:
    """List stored events, filtered; wire copies of one story count once."""
    from comity.store.stories import count_distinct_events, distinct_events, reported_by

    filters = event_filters(actor, dyad, plover, cameo, since, until)
    with handled(), open_cli_store(db, config) as store:
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
    filters = event_filters(actor, None, None, None, since, until)
    with handled(), open_cli_store(db, config) as store:
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
    with handled(), open_cli_store(db, config) as store:
        event = store.event(event_id)
        document = store.document(event.doc_id)
        render_why(event, document, store.mentions(event.doc_id), console)


@app.command("config")
def config_command(config: ConfigOption = None) -> None:
    """Print the effective settings and where each can be changed."""
    render_config(load_cli_settings(config), console)


@app.command()
def version() -> None:
    """Print comity's version."""
    console.print(__version__)


# --- relations (issue 6) ---

OnOption = Annotated[
    str | None, typer.Option("--on", help="the state on this day (YYYY-MM-DD) [default: today]")
]


@app.command()
def relations(
    db: DbOption = None,
    actor: PartyOption = None,
    on: Annotated[
        str | None, typer.Option("--on", help="only those holding on this day (YYYY-MM-DD)")
    ] = None,
    kind: Annotated[
        RelationKind | None, typer.Option("--kind", help="one kind of relation")
    ] = None,
    config: ConfigOption = None,
) -> None:
    """List relations (ties, embassies, treaties, memberships, stances) with their sources.

    Each relation is merged over every document, with how many sources support it.
    """
    day = optional_day(on, "--on")
    with handled(), open_cli_store(db, config) as store:
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
    day = optional_day(on, "--on")
    with handled(), open_cli_store(db, config) as store:
        index = RelationIndex.from_store(store, actor=a)
        report = dyad_report(index, a, b, store.events_with_source(dyad=(a, b)), on=day)
    render_dyad(report, console)


@app.command()
def conflicts(db: DbOption = None, config: ConfigOption = None) -> None:
    """Relations that some sources contradict, with the sentences on each side."""
    with handled(), open_cli_store(db, config) as store:
        found = RelationIndex.from_store(store).conflicts()
    render_conflicts(found, console)
