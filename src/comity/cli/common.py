"""What every command module shares: the app, the consoles, the options and the helpers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from comity.config import Settings, load_settings
from comity.errors import ComityError
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
UntilOption = Annotated[
    str | None, typer.Option("--until", help="up to this date: YYYY, YYYY-MM or YYYY-MM-DD")
]
LimitOption = Annotated[int, typer.Option("--limit", help="rows to show at most")]
PartyOption = Annotated[
    str | None, typer.Option("--actor", help="relations this actor is a party to")
]
NoPrefilterOption = Annotated[
    bool, typer.Option("--no-prefilter", help="parse every sentence (slower)")
]
OutputOption = Annotated[
    Path | None, typer.Option("-o", "--output", help="file to write [default: stdout]")
]
RawCsvOption = Annotated[
    bool,
    typer.Option(
        "--raw-csv",
        help="csv: write text cells exactly as stored, even those starting with =, +, -"
        " or @ that a spreadsheet would run as formulas (by default they get a leading ')",
    ),
]
BenchCorpusArgument = Annotated[
    Path | None,
    typer.Argument(help="folder or file of texts [default: built from the shared data]"),
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


def fail(message: str, code: int = 1) -> NoReturn:
    errors.print(literal("error:", "red") + literal(f" {message}"))
    raise typer.Exit(code)


@contextmanager
def handled() -> Iterator[None]:
    """Library errors become one clean line and exit code 1."""
    try:
        yield
    except ComityError as error:
        fail(str(error))
    except ValueError as error:
        fail(str(error), 2)


def load_cli_settings(config: Path | None, **overrides: object) -> Settings:
    with handled():
        return load_settings(config, overrides)


def open_cli_store(db: str | None, config: Path | None = None) -> Store:
    settings = load_cli_settings(config, db=db)
    with handled():
        return open_store(settings.db)


def event_filters(
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
            fail("--dyad takes two actor codes separated by a comma, e.g. KGZ,TUR", 2)
        pair = (parts[0], parts[1])
    return EventFilters(
        actor=actor.upper() if actor else None,
        dyad=pair,
        plover=plover,
        cameo=cameo,
        since=since,
        until=until,
    )


def parse_day(text: str, option: str = "--date") -> date:
    """`text` as a day; a clean usage error naming `option` when it is not one."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        fail(f"{option} takes YYYY-MM-DD, not {text!r}", 2)


def optional_day(text: str | None, option: str) -> date | None:
    return parse_day(text, option) if text is not None else None
