"""The `comity actors` commands: how names resolve, what the knowledge base holds, additions."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from comity.cli.common import (
    ConfigOption,
    LimitOption,
    app,
    console,
    handled,
    load_cli_settings,
    parse_day,
)
from comity.config import Settings
from comity.kb import KnowledgeBase

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

    settings = load_cli_settings(config)
    day = parse_day(on) if on else None
    with handled():
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
    limit: LimitOption = 200,
    config: ConfigOption = None,
) -> None:
    """List knowledge-base entities, by kind or by a name they contain."""
    from comity.kb.render import render_entities
    from comity.models import EntityKind

    settings = load_cli_settings(config)
    with handled():
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

    settings = load_cli_settings(config)
    with handled():
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

    settings = load_cli_settings(config)
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
    with handled():
        path = user_file_path(file, settings.kb_extra)
        entry = entry_from_options(kind.value, code, name, options)
        added = add_entry(path, entry, _actors_kb(settings))
        render_added(added, settings.kb_extra, console)
