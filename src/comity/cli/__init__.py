"""The `comity` command: thin wrappers that call the library and print its results.

No SQL and no NLP here: every command opens the store or the extractor, calls
one library function and renders what comes back (tables via rich). `common`
holds the app, the consoles, the shared options and helpers; one module per
concern holds its commands (`ingest`, `query`, `export`, `actors`, `evaluate`,
`bench`, `serve`); `render` draws what they print.
"""

from __future__ import annotations

from typer.models import CommandInfo

# Imported for their commands, which register on `app` as each module loads.
from comity.cli import actors, bench, evaluate, export, ingest, query, serve  # noqa: F401
from comity.cli.common import app, console

__all__ = ["app", "console"]

# `comity --help` lists the commands in the order a user meets them: getting text
# in, reading the record, serving it, measuring comity, settings. A command
# missing here comes last.
HELP_ORDER = (
    "demo",
    "ingest",
    "watch",
    "events",
    "timeline",
    "why",
    "relations",
    "dyad",
    "conflicts",
    "serve",
    "eval",
    "bench",
    "bench-scale",
    "bench-fetch",
    "bench-serve",
    "config",
    "version",
)


def _help_position(command: CommandInfo) -> int:
    name = command.name or getattr(command.callback, "__name__", "").replace("_", "-")
    return HELP_ORDER.index(name) if name in HELP_ORDER else len(HELP_ORDER)


app.registered_commands.sort(key=_help_position)
