"""The CAMEO codebook: its table, its lookups and the build that makes it."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from types import ModuleType

import pytest

from comity.errors import ExtractionError, NotFound
from comity.extract.codebook import Codebook

REPO = Path(__file__).parents[2]
SHARED_DATA = REPO / ".." / "shared" / "data"


@pytest.fixture(scope="module")
def codebook() -> Codebook:
    return Codebook.load()


@pytest.fixture(scope="module")
def build_script() -> Iterator[ModuleType]:
    name = "_comity_build_codebook"
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / "build_codebook.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the script runs
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[name]


@pytest.fixture(scope="module")
def shared_data() -> Path:
    if not (SHARED_DATA / "cameo" / "CAMEO.eventcodes.txt").is_file():
        pytest.skip(f"the shared evaluation data is not at {SHARED_DATA.resolve()}")
    return SHARED_DATA


def _packaged_text(name: str) -> str:
    return resources.files("comity").joinpath("data", "codebook", name).read_text(encoding="utf-8")


def test_codebook_lists_every_gdelt_code_once(codebook: Codebook) -> None:
    lengths = Counter(len(info.code) for info in codebook)
    assert lengths == {2: 20, 3: 147, 4: 144}
    assert [info.code for info in codebook if len(info.code) == 2] == [
        f"{root:02d}" for root in range(1, 21)
    ]


def test_goldstein_scores_match_the_shared_table(codebook: Codebook, shared_data: Path) -> None:
    lines = (
        (shared_data / "cameo" / "CAMEO.goldsteinscale.txt")
        .read_text(encoding="utf-8")
        .splitlines()[1:]
    )
    published = {code: float(score) for code, score in (line.split("\t") for line in lines)}
    assert codebook.lookup("057").goldstein == published["057"]
    assert {info.code: info.goldstein for info in codebook} == published


def test_goldstein_scores_run_from_minus_ten_to_ten(codebook: Codebook) -> None:
    scores = [info.goldstein for info in codebook]
    assert min(scores) == -10.0 and max(scores) == 10.0


@pytest.mark.parametrize(
    ("code", "quad_class"),
    [
        ("01", 1),
        ("042", 1),
        ("0431", 1),
        ("057", 1),
        ("06", 2),
        ("073", 2),
        ("0874", 2),
        ("09", 3),
        ("112", 3),
        ("139", 3),
        ("14", 4),
        ("141", 4),
        ("1411", 4),
        ("19", 4),
        ("195", 4),
        ("2042", 4),
    ],
)
def test_quad_class_follows_the_root(codebook: Codebook, code: str, quad_class: int) -> None:
    assert codebook.lookup(code).quad_class == quad_class


@pytest.mark.parametrize(
    ("code", "plover", "mode", "context"),
    [
        ("042", "CONSULT", "visit", None),
        ("057", "SUPPORT", None, "diplomatic"),
        ("163", "COERCE", "restrict", "diplomatic"),  # a cross-root assignment of the 2021 table
        ("1712", "ASSAULT", "seize", "human_security"),
        ("091", "ACCUSE", "investigate", "crime;corruption"),
        ("0233", "REQUEST", "assist", "humanitarian"),  # appeals map like their 10x demands
        ("026", "REQUEST", "meet", "diplomatic"),
        ("016", "REJECT", None, None),  # comity's own 01x decisions
        ("018", "SUPPORT", None, "diplomatic"),
        ("010", None, None, None),
    ],
)
def test_plover_mapping(
    codebook: Codebook, code: str, plover: str | None, mode: str | None, context: str | None
) -> None:
    info = codebook.lookup(code)
    assert (info.plover, info.plover_mode, info.plover_context) == (plover, mode, context)


def test_only_statements_declared_empty_have_no_plover_type(codebook: Codebook) -> None:
    header, *rows = _packaged_text("plover_01_statements.tsv").splitlines()
    declared_empty = {row.split("\t")[0] for row in rows if row.split("\t")[1] == ""}
    without_type = {info.code for info in codebook if info.plover is None}
    assert header.startswith("code\tplover")
    assert without_type == declared_empty | {"01"}


def test_plover_types_are_the_2021_vocabulary(codebook: Codebook, plover_2021: set[str]) -> None:
    assert set(codebook.plover_types()) == plover_2021
    assert list(codebook.plover_types()) == sorted(plover_2021)


@pytest.mark.parametrize(
    ("root", "plover"), [("02", "REQUEST"), ("05", "SUPPORT"), ("08", "RETREAT"), ("17", "COERCE")]
)
def test_a_root_takes_the_most_common_type_of_its_codes(
    codebook: Codebook, root: str, plover: str
) -> None:
    children = Counter(
        info.plover for info in codebook if info.code.startswith(root) and info.code != root
    )
    assert codebook.lookup(root).plover == plover == children.most_common(1)[0][0]


@pytest.mark.parametrize(
    ("code", "found"), [("0431", "043"), ("05711", "057"), (" 042 ", "042"), ("1999", "19")]
)
def test_unknown_codes_fall_back_to_the_longest_known_prefix(
    codebook: Codebook, code: str, found: str
) -> None:
    assert codebook.lookup(code).code == found


@pytest.mark.parametrize("code", ["", "0", "9", "99", "00", "abc", "05a", "-05"])
def test_garbage_codes_are_not_found(codebook: Codebook, code: str) -> None:
    with pytest.raises(NotFound):
        codebook.lookup(code)


def test_membership_is_exact(codebook: Codebook) -> None:
    assert "043" in codebook
    assert "0431" not in codebook


def test_repaired_descriptions(codebook: Codebook) -> None:
    assert codebook.lookup("044").description == "Meet at a 'third' location"
    assert all(info.description == " ".join(info.description.split()) for info in codebook)


def test_a_table_with_the_wrong_header_is_rejected() -> None:
    with pytest.raises(ExtractionError, match="header"):
        Codebook.from_tsv("code\tdescription\n042\tMake a visit\n")


def test_committed_table_is_what_the_build_writes(
    build_script: ModuleType, shared_data: Path
) -> None:
    assert build_script.build_codebook_text(shared_data) == _packaged_text("cameo.tsv")


def test_build_inherits_parent_mapping_and_votes_for_roots(build_script: ModuleType) -> None:
    mapping = build_script.PloverMapping
    direct = {
        "051": mapping("SUPPORT", "", "diplomatic"),
        "052": mapping("SUPPORT"),
        "053": mapping("AGREE"),
    }
    resolved = build_script.resolve_mappings(["05", "051", "0511", "052", "053"], direct)
    assert resolved["0511"] == direct["051"]
    assert resolved["05"] == mapping("SUPPORT")


def test_build_stops_when_a_repair_no_longer_fits(build_script: ModuleType) -> None:
    repairs = {"044": ("Meet at a garbled location", "Meet at a 'third' location")}
    assert (
        build_script.clean_description("044", "Meet  at a garbled location ", repairs)
        == "Meet at a 'third' location"
    )
    with pytest.raises(ValueError, match="044"):
        build_script.clean_description("044", "Meet somewhere else", repairs)
