"""The actor knowledge base: states, organisations, persons, institutions and places.

`KnowledgeBase.load()` reads the data files shipped in `comity/data/kb/` and any
user JSONL files (whose lines name their `type` and replace shipped entries with
the same code), and answers look-ups: an entity by code, its aliases, an
organisation's members on a date, a state's capital.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from pydantic import ValidationError

from comity.errors import ConfigError, NotFound
from comity.jsonl import json_object
from comity.kb.aliases import Alias, record_aliases
from comity.kb.folding import fold
from comity.kb.institutions import InstitutionHeads, package_heads
from comity.kb.records import (
    RECORD_TYPES,
    AnyRecord,
    Disambiguation,
    InstitutionRecord,
    OrganisationRecord,
    StateRecord,
)
from comity.models import Entity, EntityKind

# Shipped files, each holding one type of record, in load order.
PACKAGE_FILES = (
    ("states.jsonl", "state"),
    ("organisations.jsonl", "organisation"),
    ("institutions.jsonl", "institution"),
    ("persons.jsonl", "person"),
    ("places.jsonl", "place"),
)


class KnowledgeBase:
    """Entities by code, their aliases, memberships and capitals."""

    def __init__(
        self,
        records: Iterable[AnyRecord],
        disambiguation: Disambiguation,
        version: str,
        heads: InstitutionHeads | None = None,
    ) -> None:
        self.version = version
        self.disambiguation = disambiguation
        self.heads = heads if heads is not None else InstitutionHeads({})
        self._records: dict[str, AnyRecord] = {record.code: record for record in records}
        self._entities = {code: record.to_entity() for code, record in self._records.items()}
        self._aliases = tuple(record_aliases(self._records.values(), disambiguation))

    @classmethod
    def load(cls, extra_paths: Sequence[Path] = ()) -> KnowledgeBase:
        """The shipped knowledge base, with entries of `extra_paths` added or replacing by code."""
        records = list(package_records())
        for path in extra_paths:
            records.extend(read_user_file(Path(path)))
        return cls(records, package_disambiguation(), package_version(), package_heads())

    def entity(self, code: str) -> Entity:
        """The entity with `code`; raises `NotFound` when there is none."""
        found = self._entities.get(code)
        if found is None:
            raise NotFound(f"no entity with code {code!r} in the knowledge base")
        return found

    def get(self, code: str) -> Entity | None:
        return self._entities.get(code)

    def record(self, code: str) -> AnyRecord:
        """The full data-file record of `code` (names, members, roles); raises `NotFound`."""
        found = self._records.get(code)
        if found is None:
            raise NotFound(f"no entity with code {code!r} in the knowledge base")
        return found

    def entities(self, kind: EntityKind | None = None) -> Iterator[Entity]:
        """Every entity, or every entity of one kind, in load order."""
        return (e for e in self._entities.values() if kind is None or e.kind is kind)

    def aliases(self) -> Iterator[Alias]:
        return iter(self._aliases)

    def members_of(
        self, org_code: str, on: date | None = None, *, include_observers: bool = False
    ) -> list[str]:
        """Codes of the organisation's members on `on` (currently, when `on` is None), sorted.

        Observers, associates and non-ratifying participants count only with
        `include_observers`.
        """
        organisation = self.record(org_code)
        if not isinstance(organisation, OrganisationRecord):
            raise NotFound(f"{org_code!r} is not an organisation")
        members = {
            member.code
            for member in organisation.members
            if member.valid_on(on) and (include_observers or member.is_full)
        }
        return sorted(members)

    def capital_of(self, code: str) -> str | None:
        """The capital of state `code`, or None for a state without one (Antarctica)."""
        state = self.record(code)
        if not isinstance(state, StateRecord):
            raise NotFound(f"{code!r} is not a state")
        return state.capital

    def sector_for_head(self, word: str) -> str | None:
        """The sector an institution head word gives: "Foreign Ministry"/"MFA" -> "DIP",
        "army"/"General Staff" -> "MIL", "parliament"/"speaker" -> "LEG", "cabinet" -> "GOV",
        "court" -> "JUD"; None for any other word. Case and spacing are ignored."""
        return self.heads.sector_for(word)

    def institution_holders(self) -> frozenset[str]:
        """Codes of organisations that have institutions of their own (the EU)."""
        return frozenset(
            record.state
            for record in self._records.values()
            if isinstance(record, InstitutionRecord)
            and isinstance(self._records.get(record.state), OrganisationRecord)
        )

    def search(self, text: str = "", kind: EntityKind | None = None) -> list[Entity]:
        """Entities of `kind` whose code, name or any alias contains `text` (folded)."""
        needle = fold(text.strip())
        if not needle:
            return list(self.entities(kind))
        hits = {alias.entity or alias.code for alias in self._aliases if needle in fold(alias.text)}
        return [
            entity
            for entity in self.entities(kind)
            if entity.code in hits or needle in fold(entity.code) or needle in fold(entity.name)
        ]

    def __len__(self) -> int:
        return len(self._records)

    def __contains__(self, code: object) -> bool:
        return code in self._records


def read_user_file(path: Path) -> list[AnyRecord]:
    """Records of a user JSONL file; each line names its `type`."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"cannot read knowledge-base file {path}: {error}") from error
    return list(parse_lines(text.splitlines(), str(path), default_type=None))


def parse_lines(lines: Iterable[str], source: str, default_type: str | None) -> Iterator[AnyRecord]:
    """Validate JSONL lines into records; blank lines are skipped."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        yield _parse_line(line, f"{source}:{number}", default_type)


def _parse_line(line: str, where: str, default_type: str | None) -> AnyRecord:
    try:
        data = json_object(line)
    except ValueError as error:
        raise ConfigError(f"{where}: {error}") from error
    record_type = data.get("type", default_type)
    model = RECORD_TYPES.get(record_type) if isinstance(record_type, str) else None
    if model is None:
        known = "|".join(RECORD_TYPES)
        raise ConfigError(f"{where}: 'type' must be one of {known}, got {record_type!r}")
    data["type"] = record_type
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise ConfigError(f"{where}: invalid {record_type} record: {error}") from error


def _data_dir() -> Traversable:
    return files("comity").joinpath("data", "kb")


@lru_cache(maxsize=1)
def package_records() -> tuple[AnyRecord, ...]:
    """Every record shipped with comity; codes are unique across files."""
    records: list[AnyRecord] = []
    for filename, record_type in PACKAGE_FILES:
        text = _data_dir().joinpath(filename).read_text(encoding="utf-8")
        records.extend(parse_lines(text.splitlines(), filename, default_type=record_type))
    _check_unique_codes(records)
    return tuple(records)


@lru_cache(maxsize=1)
def package_disambiguation() -> Disambiguation:
    text = _data_dir().joinpath("disambiguation.json").read_text(encoding="utf-8")
    try:
        return Disambiguation.model_validate_json(text)
    except ValidationError as error:
        raise ConfigError(f"disambiguation.json: {error}") from error


@lru_cache(maxsize=1)
def package_version() -> str:
    return _data_dir().joinpath("VERSION").read_text(encoding="utf-8").strip()


def _check_unique_codes(records: Iterable[AnyRecord]) -> None:
    seen: dict[str, str] = {}
    for record in records:
        if record.code in seen:
            raise ConfigError(
                f"code {record.code!r} is both a {seen[record.code]} and a {record.type}"
            )
        seen[record.code] = record.type
