"""Rich rendering of knowledge-base explanations, entity lists and user-file checks.

Used by the `comity actors` commands; every function writes to the console it
is given and returns nothing. Names and text come from the user (a sentence, a
user file), so they are shown as written, never read as rich markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from comity.kb.explain import Explanation, FileCheck, Resolution, RoleLine
from comity.kb.user_file import DEFAULT_USER_FILE, Added
from comity.models import Entity
from comity.terminal import literal


def render_explanation(explanation: Explanation, console: Console) -> None:
    day = explanation.day.isoformat() if explanation.day else "latest roles"
    table = Table(title=f"Names in the text ({day})", show_lines=True)
    for column in (
        "text",
        "span",
        "code",
        "kind",
        "name kind",
        "matched alias",
        "rule",
        "resolves to",
    ):
        table.add_column(column)
    for found in explanation.resolutions:
        table.add_row(
            *map(
                literal,
                (
                    found.text,
                    f"{found.start}-{found.end}",
                    found.code,
                    found.kind.value,
                    found.name_kind.value,
                    found.alias,
                    found.rule,
                    _resolves_to(found),
                ),
            )
        )
    console.print(table)
    if not explanation.resolutions:
        console.print("No knowledge-base names found.")
    for missing in explanation.unresolved:
        console.print(
            Text.assemble(
                "unresolved: ", literal(missing.text, "yellow"), f" ({missing.start}-{missing.end})"
            )
        )


def _resolves_to(found: Resolution) -> str:
    lines = [found.entity_name]
    if found.role is not None:
        lines.append(f"role: {_role(found.role)}")
    if found.actor is not None and found.role is None:
        sector = f", sector {found.sector}" if found.sector else ""
        lines.append(f"acts as {found.actor}{sector}")
    if found.note:
        lines.append(found.note)
    lines.extend(f"other role: {_role(role)}" for role in found.other_roles)
    return "\n".join(lines)


def _role(role: RoleLine) -> str:
    sector = f"/{role.sector}" if role.sector else ""
    return f"{role.office}, {role.state}{sector}, {_day(role.start)} to {_day(role.end) or 'now'}"


def _day(day: date | None) -> str:
    return day.isoformat() if day else ""


def render_entities(entities: Sequence[Entity], console: Console, *, limit: int) -> None:
    table = Table(
        title=f"{len(entities)} entities" + (f" (first {limit})" if len(entities) > limit else "")
    )
    for column in ("code", "kind", "name", "state", "sector"):
        table.add_column(column)
    for entity in entities[:limit]:
        cells = (entity.code, entity.kind.value, entity.name, entity.state or "", entity.sector)
        table.add_row(*(literal(cell or "") for cell in cells))
    console.print(table)


def render_file_check(check: FileCheck, console: Console) -> None:
    console.print(
        literal(
            f"{check.path}: valid, {len(check.added)} added, {len(check.overridden)} overridden"
        )
    )
    for label, rows in (("adds", check.added), ("overrides", check.overridden)):
        for code, record_type, name in rows:
            console.print(
                Text.assemble(
                    f"  {label} {record_type} ", literal(code, "bold"), ": ", literal(name)
                )
            )


def render_added(added: Added, kb_extra: Sequence[Path], console: Console) -> None:
    record = added.record
    verb = "replaced" if added.replaced_line else "added"
    console.print(
        Text.assemble(
            f"{verb} {record.type} ",
            literal(record.code, "bold"),
            literal(f" ({record.name}) in {added.path}"),
        )
    )
    if added.overrides_shipped and not added.replaced_line:
        console.print("  it overrides the entry with the same code whenever the file is loaded")
    listed = any(Path(path).resolve() == added.path.resolve() for path in kb_extra)
    if listed:
        return
    if added.path.resolve() == DEFAULT_USER_FILE.resolve():
        console.print(
            literal(
                f"  `comity actors` reads {added.path} by default; to use it when ingesting,"
                " add it to kb_extra (comity.toml) or COMITY_KB_EXTRA"
            )
        )
    else:
        console.print(
            literal(
                f"  {added.path} is not in kb_extra: add it there (comity.toml) or to"
                " COMITY_KB_EXTRA so comity reads it"
            )
        )
