"""The code mappings evaluation needs, read from `comity/data/evaluate/`.

comity writes ISO3 states and short organisation codes (UN, EU, NATO); CAMEO
gold standards write actor codes such as "IGOUNO" or "USAGOV", older PLOVER
gold uses the pre-2021 event vocabulary, and the CASE 2021 task has its own
labels. Each mapping is a TSV data file; these functions read and apply them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from types import MappingProxyType

from comity.errors import ConfigError

UNKNOWN_ACTOR = "---"  # CAMEO's spelling of "no country / no actor"
_GROUP_PREFIXES = frozenset({"IGO", "NGO"})  # organisations take no government agent code


def _rows(name: str, columns: tuple[str, ...]) -> list[tuple[str, ...]]:
    text = files("comity").joinpath("data", "evaluate", name).read_text(encoding="utf-8")
    return parse_tsv(text, columns, name)


def _pairs(name: str, columns: tuple[str, str]) -> Mapping[str, str]:
    return MappingProxyType({row[0]: row[1] for row in _rows(name, columns)})


def parse_tsv(text: str, columns: tuple[str, ...], name: str = "table") -> list[tuple[str, ...]]:
    """Rows of a tab-separated table whose header must start with `columns`."""
    header, *lines = text.splitlines()
    if tuple(header.split("\t")[: len(columns)]) != columns:
        raise ConfigError(f"{name}: header must start with {'/'.join(columns)}, got {header!r}")
    rows = []
    for number, line in enumerate(lines, start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) < len(columns):
            raise ConfigError(f"{name}:{number}: expected {len(columns)} columns, got {line!r}")
        rows.append(tuple(cell.strip() for cell in cells[: len(columns)]))
    return rows


@lru_cache(maxsize=1)
def cameo_actor_codes() -> Mapping[str, str]:
    """comity actor code → CAMEO actor code, for the codes that differ."""
    return _pairs("cameo_actors.tsv", ("comity", "cameo"))


@lru_cache(maxsize=1)
def cameo_sectors() -> Mapping[str, str]:
    """comity sector → CAMEO agent code (DIP → GOV)."""
    return _pairs("cameo_sectors.tsv", ("comity", "cameo"))


@lru_cache(maxsize=1)
def gold_actor_aliases() -> Mapping[str, str]:
    """Non-standard country codes used in gold files → the standard CAMEO code."""
    return _pairs("gold_actor_aliases.tsv", ("gold", "cameo"))


@lru_cache(maxsize=1)
def plover_vocabulary() -> Mapping[str, str]:
    """Pre-2021 PLOVER event type → the 2021 type comity writes."""
    return _pairs("plover_vocabulary.tsv", ("old", "new"))


@dataclass(frozen=True)
class LabelRules:
    """How a comity event becomes a CASE 2021 Task 2 label.

    The longest CAMEO prefix listed decides; an event whose code has no listed
    prefix falls back to its PLOVER type.
    """

    by_cameo: Mapping[str, str]
    by_plover: Mapping[str, str]

    def label(self, cameo: str, plover: str | None) -> str | None:
        for length in range(len(cameo), 1, -1):
            label = self.by_cameo.get(cameo[:length])
            if label is not None:
                return label
        return self.by_plover.get(plover or "")

    @property
    def labels(self) -> frozenset[str]:
        return frozenset(self.by_cameo.values()) | frozenset(self.by_plover.values())

    @classmethod
    def from_rows(cls, rows: list[tuple[str, ...]]) -> LabelRules:
        by_kind: dict[str, dict[str, str]] = {"cameo": {}, "plover": {}}
        for kind, code, label in rows:
            if kind not in by_kind:
                raise ConfigError(f"case2021 label rule kind must be cameo or plover, not {kind!r}")
            by_kind[kind][code] = label
        return cls(MappingProxyType(by_kind["cameo"]), MappingProxyType(by_kind["plover"]))


@lru_cache(maxsize=1)
def case2021_rules() -> LabelRules:
    return LabelRules.from_rows(_rows("case2021_labels.tsv", ("kind", "code", "label")))


def to_cameo_actor(code: str | None, sector: str | None = None) -> str:
    """comity's actor (code and sector) as a full CAMEO actor code: ("USA", "DIP") → "USAGOV"."""
    if not code:
        return UNKNOWN_ACTOR
    base = cameo_actor_codes().get(code.upper(), code.upper())
    agent = cameo_sectors().get(sector.upper(), "") if sector else ""
    return base + agent if len(base) == 3 and base not in _GROUP_PREFIXES else base


def cameo_country(actor: str) -> str:
    """The first three letters of a CAMEO actor code: "TURGOV" → "TUR", "IGOUNO" → "IGO"."""
    country = actor.strip().upper()[:3]
    return gold_actor_aliases().get(country, country)


def modern_plover(event_type: str) -> str:
    """A pre-2021 PLOVER type in the 2021 vocabulary (DEMAND → REQUEST); others unchanged."""
    return plover_vocabulary().get(event_type.upper(), event_type.upper())
