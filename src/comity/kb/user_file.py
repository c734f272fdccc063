"""The user's own knowledge-base file: adding or overriding entries, line by line.

`comity actors add` lands here. `add_entry` builds one record (a state, an
organisation, a person with an office, an institution, a place) or adds a name
to an existing entity, validates it with the same record models the loader
uses, checks that every code it points to exists, and writes it to the user's
JSONL file: the line with the same code is replaced, any other line is kept as
written. The record then replaces the shipped entry with that code whenever the
file is loaded (`KnowledgeBase.load(extra_paths)`).

Which file: the one asked for, else the first `kb_extra` path of the settings,
else `comity-actors.jsonl` in the current folder (`DEFAULT_USER_FILE`), which
`user_paths` adds to the files to load whenever it exists.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from comity.errors import ConfigError, NotFound
from comity.kb.knowledge_base import KnowledgeBase, read_user_file
from comity.kb.records import RECORD_TYPES, AnyRecord, PersonRecord

DEFAULT_USER_FILE = Path("comity-actors.jsonl")
ALIAS = "alias"  # not a record type: a name added to an existing entity
KINDS = (*RECORD_TYPES, ALIAS)


@dataclass(frozen=True)
class Entry:
    """What to add: the kind, the code and the fields given (lists are appended to)."""

    kind: str
    code: str
    name: str | None = None
    names: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    role: Mapping[str, Any] | None = None  # office, state, sector, start, end, approx
    members: tuple[Mapping[str, Any], ...] = ()
    fields: Mapping[str, Any] = field(default_factory=dict)  # any other field, as in the file


@dataclass(frozen=True)
class Added:
    """The record written, where, and what it replaced."""

    path: Path
    record: AnyRecord
    replaced_line: bool  # the file already had a line with this code
    overrides_shipped: bool  # the code is also a shipped (or other loaded) entity


@dataclass(frozen=True)
class Options:
    """The command-line form of an entry: flat options, interpreted by kind."""

    names: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    office: str | None = None
    state: str | None = None
    sector: str | None = None
    start: str | None = None
    end: str | None = None
    approx: bool = False
    members: tuple[str, ...] = ()  # CODE[:START[:END]]
    json_fields: str | None = None  # any other fields, as a JSON object


def entry_from_options(kind: str, code: str, name: str | None, options: Options) -> Entry:
    """An `Entry` from `actors add` options: --office makes a person's role; --state and
    --sector are a role's, an institution's or a place's; --member adds members."""
    fields = _json_fields(options.json_fields)
    role: dict[str, Any] | None = None
    if options.office is not None:
        if kind != "person":
            raise ConfigError("--office gives a person's role: use it with kind 'person'")
        role = {"office": options.office, "state": options.state, "sector": options.sector}
        role.update({"start": options.start, "end": options.end, "approx": options.approx})
    else:
        _no_dates_without_office(options)
        for key in ("state", "sector"):
            value = getattr(options, key)
            if value is not None:
                fields[key] = value
    members = tuple(_membership(text) for text in options.members)
    return Entry(kind, code, name, options.names, options.abbreviations, role, members, fields)


def _no_dates_without_office(options: Options) -> None:
    if options.start is not None or options.end is not None:
        raise ConfigError("--start/--end date a person's role: give --office too")


def _json_fields(text: str | None) -> dict[str, Any]:
    if text is None:
        return {}
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise ConfigError(f"--json is not valid JSON: {error}") from error
    if not isinstance(value, dict):
        raise ConfigError('--json must be a JSON object, e.g. \'{"capital": "Bishkek"}\'')
    return value


def _membership(text: str) -> dict[str, Any]:
    """A member from CODE, CODE:START or CODE:START:END, e.g. "GBR:1973-01-01:2020-01-31"."""
    code, *dates = text.split(":")
    if not code or len(dates) > 2:
        raise ConfigError(f"--member {text!r}: write CODE, CODE:START or CODE:START:END")
    start, end = (dates + [None, None])[:2]
    return {"code": code, "start": start or None, "end": end or None}


def user_file_path(explicit: Path | None, kb_extra: Sequence[Path]) -> Path:
    """The file `actors add` writes to: `explicit`, else the first kb_extra path, else default."""
    if explicit is not None:
        return explicit
    return Path(kb_extra[0]) if kb_extra else DEFAULT_USER_FILE


def user_paths(kb_extra: Sequence[Path], default: Path = DEFAULT_USER_FILE) -> tuple[Path, ...]:
    """The user files to load: kb_extra, plus the default file when it exists and is not listed."""
    paths = tuple(Path(path) for path in kb_extra)
    if default.is_file() and all(path.resolve() != default.resolve() for path in paths):
        return (*paths, default)
    return paths


def add_entry(path: Path, entry: Entry, kb: KnowledgeBase) -> Added:
    """Build, validate and write `entry` to the user file at `path`; raises ConfigError.

    `kb` is the knowledge base as loaded (shipped data plus user files): an entry
    for a code it knows starts from that entity's record, so it overrides only
    what it gives.
    """
    if entry.kind not in KINDS:
        raise ConfigError(f"unknown kind {entry.kind!r}: use one of {', '.join(KINDS)}")
    lines = _read_lines(path)
    in_file = {record.code: record for record in _records(path, lines)}
    base = in_file.get(entry.code) or _loaded(kb, entry.code)
    record = _build(entry, base)
    _check_references(record, kb)
    _write(path, _replace_or_append(lines, in_file, record))
    return Added(path, record, entry.code in in_file, entry.code in kb)


def _loaded(kb: KnowledgeBase, code: str) -> AnyRecord | None:
    try:
        return kb.record(code)
    except NotFound:
        return None


def _build(entry: Entry, base: AnyRecord | None) -> AnyRecord:
    kind = entry.kind
    if kind == ALIAS:
        if base is None:
            raise ConfigError(f"cannot add an alias: no entity with code {entry.code!r}")
        kind = base.type
    elif base is not None and base.type != kind:
        raise ConfigError(f"{entry.code!r} is a {base.type}, not a {kind}: choose another code")
    data = base.model_dump(mode="json", exclude_defaults=True) if base is not None else {}
    data.update({"code": entry.code, "type": kind})
    data.update(entry.fields)
    _apply_names(data, kind, entry)
    if entry.role is not None:
        data["roles"] = [*data.get("roles", []), dict(entry.role)]
    if entry.members:
        data["members"] = [*data.get("members", []), *map(dict, entry.members)]
    if kind == "person":
        _fill_name_parts(data)
    return _validate(kind, data)


def _apply_names(data: dict[str, Any], kind: str, entry: Entry) -> None:
    if entry.name and entry.kind != ALIAS:
        data["name"] = entry.name
    extra = (entry.name,) if entry.kind == ALIAS and entry.name else ()
    names_field = "aliases" if kind == "person" else "names"
    added = [name for name in (*extra, *entry.names) if name and name != data.get("name")]
    if added:
        data[names_field] = _unique([*data.get(names_field, []), *added])
    if entry.abbreviations:
        data["abbreviations"] = _unique([*data.get("abbreviations", []), *entry.abbreviations])
    if "name" not in data:
        raise ConfigError(f"a new {kind} needs a name (the code {entry.code!r} is not known)")


def _fill_name_parts(data: dict[str, Any]) -> None:
    """A new person given only a full name: the last word is the surname, the others given names."""
    if "surname" in data:
        return
    words = str(data["name"]).split()
    data["surname"] = words[-1]
    data.setdefault("given_names", words[:-1])


def _unique(values: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _validate(kind: str, data: dict[str, Any]) -> AnyRecord:
    try:
        return RECORD_TYPES[kind].model_validate(data)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in problem['loc']) or kind}: {problem['msg']}"
            for problem in error.errors()
        )
        raise ConfigError(f"invalid {kind} {data.get('code')!r}: {problems}") from error


def _check_references(record: AnyRecord, kb: KnowledgeBase) -> None:
    """Codes a record points to (a role's state, an institution's state, members) must exist."""
    pointed: list[tuple[str, str]] = []
    if isinstance(record, PersonRecord):
        pointed += [("role state", role.state) for role in record.roles]
    for field_name in ("state", "parent"):
        value = getattr(record, field_name, None)
        if isinstance(value, str):
            pointed.append((field_name, value))
    pointed += [("member", member.code) for member in getattr(record, "members", ())]
    unknown = sorted({f"{label} {code!r}" for label, code in pointed if code not in kb})
    if unknown:
        raise ConfigError(f"{record.code!r} points to unknown codes: {', '.join(unknown)}")


def _read_lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"cannot read knowledge-base file {path}: {error}") from error


def _records(path: Path, lines: list[str]) -> list[AnyRecord]:
    """The file's records, validated as the loader does; a broken file is not edited."""
    return read_user_file(path) if lines else []


def _replace_or_append(
    lines: list[str], in_file: Mapping[str, AnyRecord], record: AnyRecord
) -> list[str]:
    new_line = _to_line(record)
    if record.code not in in_file:
        return [*lines, new_line]
    return [new_line if _line_code(line) == record.code else line for line in lines]


def _line_code(line: str) -> str | None:
    if not line.strip():
        return None
    code = json.loads(line).get("code")
    return code if isinstance(code, str) else None


def _to_line(record: AnyRecord) -> str:
    data = record.model_dump(mode="json", exclude_defaults=True)
    ordered = {"type": record.type, "code": record.code, **data}
    return json.dumps(ordered, ensure_ascii=False)


def _write(path: Path, lines: list[str]) -> None:
    """Write through a temporary file, so a failed write leaves the old file whole."""
    temporary = path.with_name(path.name + ".tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        os.replace(temporary, path)
    except OSError as error:
        raise ConfigError(f"cannot write knowledge-base file {path}: {error}") from error
