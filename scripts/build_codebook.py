"""Build comity's CAMEO codebook, src/comity/data/codebook/cameo.tsv, from public tables.

Inputs (read from ../shared/data, never at run time):
- cameo/CAMEO.eventcodes.txt and cameo/CAMEO.goldsteinscale.txt (GDELT lookups): the
  codes, their descriptions and Goldstein scores;
- plover_gsr/CAMEO2PLOVER-2021.txt: PLOVER type, mode and context for CAMEO 03-20;
- the two decision tables kept beside the output, plover_01_statements.tsv (PLOVER for
  CAMEO 01x) and description_repairs.tsv (garbled descriptions).

Appeals (02x) take the PLOVER mapping of their demand counterpart (10x), codes the
mappings miss inherit their parent's, and a root gets the most common type of its
codes. SOURCES.md beside the output explains each rule.

    python scripts/build_codebook.py            # write cameo.tsv
    python scripts/build_codebook.py --check    # exit 1 if cameo.tsv is stale
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from comity.extract.codebook import COLUMNS

REPO = Path(__file__).resolve().parents[1]
CODEBOOK_DIR = REPO / "src" / "comity" / "data" / "codebook"
DEFAULT_SHARED_DATA = REPO.parent / "shared" / "data"

_MAPPING_LINE = re.compile(r"^(?P<code>\d{3,4}):(?P<mapping>[^#]*)")
# GDELT's quad classes by CAMEO root: verbal/material cooperation, verbal/material conflict.
_QUAD_CLASS_BY_LAST_ROOT = ((5, 1), (8, 2), (13, 3), (20, 4))


@dataclass(frozen=True)
class PloverMapping:
    """A PLOVER event type with its mode and context ("" when the source gives none)."""

    plover: str
    mode: str = ""
    context: str = ""


NO_PLOVER = PloverMapping("")


@dataclass(frozen=True)
class CodebookRow:
    """One line of cameo.tsv."""

    code: str
    description: str
    goldstein: str
    quad_class: int
    mapping: PloverMapping

    def cells(self) -> tuple[str, ...]:
        return (
            self.code,
            self.description,
            self.goldstein,
            str(self.quad_class),
            self.mapping.plover,
            self.mapping.mode,
            self.mapping.context,
        )


def read_gdelt_table(path: Path) -> dict[str, str]:
    """A two-column GDELT lookup table (header skipped) as code -> value."""
    table: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines()[1:], start=2):
        code, _, value = line.partition("\t")
        if not code.isdigit() or not value.strip():
            raise ValueError(f"{path.name} line {number}: expected CODE<TAB>VALUE, got {line!r}")
        table[code] = value
    return table


def read_plover_2021(path: Path) -> dict[str, PloverMapping]:
    """CAMEO2PLOVER-2021: `CODE: TYPE, mode, context # description` lines as code -> mapping."""
    mappings: dict[str, PloverMapping] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _MAPPING_LINE.match(line)
        if match is None:
            continue
        code = match["code"]
        mapping = _parse_mapping(match["mapping"])
        if mappings.get(code, mapping) != mapping:
            raise ValueError(f"{path.name}: CAMEO {code} is mapped twice, differently")
        mappings[code] = mapping
    return mappings


def _parse_mapping(text: str) -> PloverMapping:
    plover, mode, context = ([part.strip() for part in text.split(",")] + ["", ""])[:3]
    # "crime; corruption" -> "crime;corruption": one spelling for multi-valued contexts.
    context = ";".join(part.strip() for part in context.split(";") if part.strip())
    return PloverMapping(plover, mode, context)


def read_statement_mappings(path: Path) -> dict[str, PloverMapping]:
    """comity's own PLOVER decisions for CAMEO 01x (an empty type: no PLOVER event)."""
    mappings: dict[str, PloverMapping] = {}
    for row in _read_tsv(path):
        mappings[row["code"]] = PloverMapping(
            row["plover"], row["plover_mode"], row["plover_context"]
        )
    return mappings


def read_description_repairs(path: Path) -> dict[str, tuple[str, str]]:
    """code -> (description as published, repaired description)."""
    return {row["code"]: (row["published"], row["repaired"]) for row in _read_tsv(path)}


def _read_tsv(path: Path) -> list[dict[str, str]]:
    header, *lines = path.read_text(encoding="utf-8").splitlines()
    names = header.split("\t")
    return [dict(zip(names, line.split("\t"), strict=True)) for line in lines if line]


def quad_class(code: str) -> int:
    """GDELT's quad class of a CAMEO code, from its two-digit root."""
    root = int(code[:2])
    for last_root, quad in _QUAD_CLASS_BY_LAST_ROOT:
        if 1 <= root <= last_root:
            return quad
    raise ValueError(f"CAMEO code {code!r} has no root between 01 and 20")


def appeal_mappings(
    codes: Iterable[str], plover_2021: Mapping[str, PloverMapping]
) -> dict[str, PloverMapping]:
    """02x appeals map like their 10x demands: 0231 (appeal for economic aid) like 1031."""
    mappings: dict[str, PloverMapping] = {}
    for code in codes:
        counterpart = "10" + code[2:]
        if code.startswith("02") and len(code) > 2 and counterpart in plover_2021:
            mappings[code] = plover_2021[counterpart]
    return mappings


def resolve_mappings(
    codes: list[str], direct: Mapping[str, PloverMapping]
) -> dict[str, PloverMapping]:
    """Every code's mapping: its own, else its parent's; a root's is its codes' most common type."""
    resolved: dict[str, PloverMapping] = {}
    for code in sorted((c for c in codes if len(c) > 2), key=len):
        resolved[code] = direct.get(code) or resolved.get(code[:-1]) or NO_PLOVER
    for root in (c for c in codes if len(c) == 2):
        resolved[root] = _root_mapping(root, resolved)
    return resolved


def _root_mapping(root: str, resolved: Mapping[str, PloverMapping]) -> PloverMapping:
    # Counter keeps first-seen order among ties, so a tie goes to the lowest code.
    types = Counter(
        m.plover for code, m in sorted(resolved.items()) if code.startswith(root) and code != root
    )
    if not types:
        return NO_PLOVER
    return PloverMapping(types.most_common(1)[0][0])


def clean_description(code: str, text: str, repairs: Mapping[str, tuple[str, str]]) -> str:
    description = " ".join(text.split())
    if code not in repairs:
        return description
    published, repaired = repairs[code]
    if description != published:
        raise ValueError(
            f"CAMEO {code}: repair expects {published!r}, the source now says {description!r}"
        )
    return repaired


def build_rows(shared_data: Path, codebook_dir: Path = CODEBOOK_DIR) -> list[CodebookRow]:
    """The codebook rows, in the order of GDELT's code table."""
    descriptions = read_gdelt_table(shared_data / "cameo" / "CAMEO.eventcodes.txt")
    goldstein = read_gdelt_table(shared_data / "cameo" / "CAMEO.goldsteinscale.txt")
    if descriptions.keys() != goldstein.keys():
        raise ValueError("the GDELT code and Goldstein tables list different codes")
    plover_2021 = read_plover_2021(shared_data / "plover_gsr" / "CAMEO2PLOVER-2021.txt")
    repairs = read_description_repairs(codebook_dir / "description_repairs.tsv")
    codes = list(descriptions)
    direct = {
        **plover_2021,
        **appeal_mappings(codes, plover_2021),
        **read_statement_mappings(codebook_dir / "plover_01_statements.tsv"),
    }
    mappings = resolve_mappings(codes, direct)
    return [
        CodebookRow(
            code,
            clean_description(code, descriptions[code], repairs),
            _goldstein_text(code, goldstein[code]),
            quad_class(code),
            mappings[code],
        )
        for code in codes
    ]


def _goldstein_text(code: str, text: str) -> str:
    value = float(text)
    if not -10.0 <= value <= 10.0:
        raise ValueError(f"CAMEO {code}: Goldstein score {value} is outside -10..10")
    return f"{value:.1f}"


def render_tsv(rows: Iterable[CodebookRow]) -> str:
    lines = ["\t".join(COLUMNS)]
    lines += ["\t".join(row.cells()) for row in rows]
    return "\n".join(lines) + "\n"


def build_codebook_text(shared_data: Path, codebook_dir: Path = CODEBOOK_DIR) -> str:
    """The exact text cameo.tsv should have."""
    return render_tsv(build_rows(shared_data, codebook_dir))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared-data", type=Path, default=DEFAULT_SHARED_DATA, help="the ../shared/data folder"
    )
    parser.add_argument(
        "--check", action="store_true", help="only compare with the committed cameo.tsv"
    )
    args = parser.parse_args(argv)
    text = build_codebook_text(args.shared_data)
    target = CODEBOOK_DIR / "cameo.tsv"
    if args.check:
        fresh = target.exists() and target.read_text(encoding="utf-8") == text
        print(f"{target}: {'up to date' if fresh else 'STALE, rebuild it'}")
        return 0 if fresh else 1
    target.write_text(text, encoding="utf-8")
    print(f"wrote {text.count(chr(10)) - 1} codes to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
