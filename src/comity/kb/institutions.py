"""Generic institution phrases: a state's name plus a head word that gives the sector.

Named institutions ("Jogorku Kenesh", "Turkish Foreign Ministry") are records of
the knowledge base. Most institution mentions are built instead from a state's
name and a head word from `institution_heads.tsv`: "the Kazakh Defence Ministry",
"Uzbekistan's MFA", "the Foreign Ministry of Kyrgyzstan", "the Turkish army".
Such a phrase acts for the state, in the head's sector (DIP, MIL, LEG, GOV, JUD).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from comity.errors import ConfigError
from comity.kb.aliases import Alias, MatchRule
from comity.kb.folding import fold
from comity.models import EntityKind, NameKind

SECTORS = frozenset({"GOV", "MIL", "LEG", "DIP", "JUD"})
HEADS_FILE = "institution_heads.tsv"
_LOOKBEHIND = 80  # characters before a state name searched for "<head> of (the)"
# Name kinds a state can be named by in front of a head word: "Kazakh", "Kazakhstan", "US".
_BEFORE_HEAD = frozenset({NameKind.NAME, NameKind.ADJECTIVE, NameKind.ABBREVIATION})
_AFTER_OF = frozenset({NameKind.NAME, NameKind.ABBREVIATION})


@dataclass(frozen=True, slots=True)
class HeadMatch:
    """A generic institution phrase found around a state's name."""

    start: int
    end: int
    head: str
    sector: str
    rule: str  # "name + head", "name's + head" or "head of + name"


class InstitutionHeads:
    """Head words ("foreign ministry", "army", "speaker") and the sector each gives."""

    def __init__(self, heads: Mapping[str, str]) -> None:
        self._sectors = {_key(head): sector for head, sector in heads.items()}
        alternatives = "|".join(
            re.escape(head) for head in sorted(self._sectors, key=len, reverse=True)
        )
        self._after = re.compile(rf"(?P<poss>'s?)?[ ]+(?P<head>{alternatives})(?![\w-])")
        self._before = re.compile(rf"(?<![\w-])(?P<head>{alternatives})[ ]+of[ ]+(?:the[ ]+)?$")

    def __len__(self) -> int:
        return len(self._sectors)

    def __iter__(self) -> Iterator[str]:
        return iter(self._sectors)

    def sector_for(self, head: str) -> str | None:
        """The sector a head word gives ("Foreign Ministry" -> "DIP"), or None for other words."""
        return self._sectors.get(_key(head))

    def around(self, folded: str, start: int, end: int, name_kind: NameKind) -> HeadMatch | None:
        """The generic phrase built on the state name at `start:end` of `folded` text, if any."""
        if name_kind in _BEFORE_HEAD:
            found = self._after.match(folded, end)
            possessive = found is not None and found.group("poss") is not None
            if found is not None and (not possessive or name_kind is not NameKind.ADJECTIVE):
                head = found.group("head")
                rule = "name's + head" if possessive else "name + head"
                return HeadMatch(start, found.end(), head, self._sectors[head], rule)
        if name_kind in _AFTER_OF:
            window = max(0, start - _LOOKBEHIND)
            found = self._before.search(folded, window, start)
            if found is not None:
                head = found.group("head")
                return HeadMatch(found.start(), end, head, self._sectors[head], "head of + name")
        return None


def institution_alias(text: str, state: str, sector: str) -> Alias:
    """The alias a generic institution phrase resolves through: the state, with a sector."""
    return Alias(
        text,
        state,
        EntityKind.INSTITUTION,
        NameKind.INSTITUTION,
        sector=sector,
        state=state,
        match=MatchRule.FOLD,
    )


def parse_heads(lines: Iterable[str], source: str) -> InstitutionHeads:
    """Read `head<TAB>sector` lines; `#` starts a comment line."""
    heads: dict[str, str] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        head, _, sector = line.rstrip("\n").partition("\t")
        sector = sector.strip()
        if not head.strip() or sector not in SECTORS:
            raise ConfigError(
                f"{source}:{number}: expected 'head<TAB>sector', sector in {sorted(SECTORS)}"
            )
        heads[head.strip()] = sector
    return InstitutionHeads(heads)


@lru_cache(maxsize=1)
def package_heads() -> InstitutionHeads:
    text = files("comity").joinpath("data", "kb", HEADS_FILE).read_text(encoding="utf-8")
    return parse_heads(text.splitlines(), HEADS_FILE)


def _key(head: str) -> str:
    return " ".join(fold(head).split())
