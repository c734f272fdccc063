"""Regions for the network filter, and the names the world map gives some states.

A region is either a named group of states from `data/regions/regions.toml`
(M49 sub-regions) or an organisation of the knowledge base ("OTS", "EU"),
whose members on a day make the region. Loaded explicitly and passed on.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib.resources import files

from comity.errors import ConfigError, NotFound
from comity.kb import KnowledgeBase
from comity.kb.records import OrganisationRecord, StateRecord
from comity.models import Entity, EntityKind


@dataclass(frozen=True)
class Region:
    """A named group of state codes (an M49 region, or an organisation's members)."""

    name: str
    code: str
    members: frozenset[str]


@lru_cache(maxsize=1)
def package_regions() -> tuple[Region, ...]:
    """The M49 regions shipped with comity, in file order."""
    path = files("comity") / "data" / "regions" / "regions.toml"
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"cannot read the region file {path}: {error}") from error
    return tuple(
        Region(name=entry["name"], code=f"M49:{entry['m49']}", members=frozenset(entry["members"]))
        for entry in data["region"]
    )


@lru_cache(maxsize=1)
def atlas_names() -> dict[str, str]:
    """Map feature names without an ISO numeric code -> comity state code."""
    path = files("comity") / "data" / "regions" / "atlas_names.tsv"
    rows = csv.DictReader(path.read_text(encoding="utf-8").splitlines(), delimiter="\t")
    return {row["name"]: row["code"] for row in rows}


def numeric_codes(kb: KnowledgeBase) -> dict[str, str]:
    """ISO 3166 numeric code -> comity state code, for the states the knowledge base has."""
    codes: dict[str, str] = {}
    for entity in kb.entities(EntityKind.STATE):
        record = kb.record(entity.code)
        if isinstance(record, StateRecord) and record.iso_numeric:
            codes[record.iso_numeric] = record.code
    return codes


class Regions:
    """Resolves a region name or organisation code to the actors it holds."""

    def __init__(self, kb: KnowledgeBase, regions: tuple[Region, ...] | None = None) -> None:
        self._kb = kb
        self._named = {region.code: region for region in regions or package_regions()}
        self._by_name = {region.name.casefold(): region for region in self._named.values()}
        self._region_of = {
            code: region.name for region in self._named.values() for code in region.members
        }

    def named(self) -> list[Region]:
        return list(self._named.values())

    def region_of(self, code: str) -> str | None:
        """The M49 region of an actor: its own, or its state's (a person, a ministry)."""
        if code in self._region_of:
            return self._region_of[code]
        entity = self._kb.get(code)
        if entity is not None and entity.state is not None:
            return self._region_of.get(entity.state)
        return None

    def resolve(self, key: str, on: date | None = None) -> Region:
        """A region by name or M49 code, or an organisation's members; NotFound otherwise."""
        found = self._named.get(key) or self._by_name.get(key.casefold())
        if found is not None:
            return found
        record = self._kb.get(key.upper())
        if record is not None and record.kind is EntityKind.ORGANISATION:
            members = self._kb.members_of(record.code, on)
            return Region(name=record.name, code=record.code, members=frozenset(members))
        raise NotFound(
            f"no region {key!r}: give an M49 region name (e.g. 'Central Asia') "
            "or an organisation code (e.g. OTS)"
        )

    def contains(self, region: Region, code: str) -> bool:
        """Whether an actor is in the region: a member state, one of its people or
        institutions, or (for an organisation's region) the organisation itself."""
        if code in region.members or code == region.code:
            return True
        entity: Entity | None = self._kb.get(code)
        return entity is not None and entity.state in region.members

    def organisations(self) -> list[Entity]:
        """Organisations that have members, usable as regions."""
        return [
            entity
            for entity in self._kb.entities(EntityKind.ORGANISATION)
            if isinstance(record := self._kb.record(entity.code), OrganisationRecord)
            and record.members
        ]
