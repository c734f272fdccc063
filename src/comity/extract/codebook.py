"""The CAMEO codebook: what each event code means and scores.

Every event comity codes carries a CAMEO code; the codebook gives its description,
Goldstein score, GDELT quad class and PLOVER type. The table is a data file
(`comity/data/codebook/cameo.tsv`, built by `scripts/build_codebook.py`); a code
the table does not list falls back to its longest listed prefix, so "0431" reads
as "043".
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from types import MappingProxyType

from comity.errors import ExtractionError, NotFound

COLUMNS = (
    "code",
    "description",
    "goldstein",
    "quad_class",
    "plover",
    "plover_mode",
    "plover_context",
)
_SHORTEST_CODE = 2  # a root such as "05"


@dataclass(frozen=True, slots=True)
class CodeInfo:
    """One CAMEO code. `plover` is None for codes that are no PLOVER event (most of 01x)."""

    code: str
    description: str
    goldstein: float
    quad_class: int
    plover: str | None
    plover_mode: str | None
    plover_context: str | None


class Codebook:
    """The CAMEO codes comity knows, looked up by code."""

    def __init__(self, codes: Mapping[str, CodeInfo]) -> None:
        self._codes = MappingProxyType(dict(codes))

    @classmethod
    def load(cls) -> Codebook:
        """The codebook shipped with comity (read once, then shared: it is immutable)."""
        return _packaged_codebook()

    @classmethod
    def from_tsv(cls, text: str) -> Codebook:
        """A codebook from the text of a cameo.tsv file."""
        header, *lines = text.splitlines()
        if tuple(header.split("\t")) != COLUMNS:
            raise ExtractionError(f"codebook header must be {'/'.join(COLUMNS)}, got {header!r}")
        infos = (_parse_row(number, line) for number, line in enumerate(lines, start=2) if line)
        return cls({info.code: info for info in infos})

    def lookup(self, code: str) -> CodeInfo:
        """The entry for `code`, or for its longest listed prefix; NotFound when none fits."""
        code = code.strip()
        if code.isdigit():
            for length in range(len(code), _SHORTEST_CODE - 1, -1):
                info = self._codes.get(code[:length])
                if info is not None:
                    return info
        raise NotFound(f"no CAMEO code matches {code!r}")

    def plover_types(self) -> tuple[str, ...]:
        """The PLOVER event types the codebook maps to, sorted."""
        return tuple(sorted({info.plover for info in self._codes.values() if info.plover}))

    def __contains__(self, code: object) -> bool:
        """True only for a code listed exactly (no prefix fallback)."""
        return code in self._codes

    def __iter__(self) -> Iterator[CodeInfo]:
        return iter(self._codes.values())

    def __len__(self) -> int:
        return len(self._codes)


def _parse_row(number: int, line: str) -> CodeInfo:
    cells = line.split("\t")
    if len(cells) != len(COLUMNS):
        raise ExtractionError(
            f"codebook line {number}: expected {len(COLUMNS)} columns, got {len(cells)}"
        )
    code, description, goldstein, quad_class, plover, mode, context = cells
    return CodeInfo(
        code=code,
        description=description,
        goldstein=float(goldstein),
        quad_class=int(quad_class),
        plover=plover or None,
        plover_mode=mode or None,
        plover_context=context or None,
    )


@lru_cache(maxsize=1)
def _packaged_codebook() -> Codebook:
    text = (
        resources.files("comity")
        .joinpath("data", "codebook", "cameo.tsv")
        .read_text(encoding="utf-8")
    )
    return Codebook.from_tsv(text)


# -- lists of CAMEO codes that rules of the coder apply to ---------------------


@lru_cache(maxsize=8)
def code_list(name: str) -> tuple[str, ...]:
    """The codes listed one per line in data/codebook/NAME (# starts a comment)."""
    path = resources.files("comity").joinpath("data", "codebook", name)
    lines = path.read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def symmetric_cameo_codes() -> tuple[str, ...]:
    """CAMEO prefixes of actions done together (data/codebook/symmetric.txt)."""
    return code_list("symmetric.txt")


def hosted_cameo_roots() -> tuple[str, ...]:
    """CAMEO roots whose target, when none is named, is the host state (hosted.txt)."""
    return code_list("hosted.txt")


def accusing_cameo_roots() -> tuple[str, ...]:
    """CAMEO roots of acts whose report by another actor accuses the doer (accusing.txt)."""
    return code_list("accusing.txt")


def located_cameo_roots() -> tuple[str, ...]:
    """CAMEO roots whose target, when none is named, is where they happen (located.txt)."""
    return code_list("located.txt")
