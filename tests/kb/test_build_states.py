from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pycountry

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "build_states.py"


def load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_states", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_states_file_is_current() -> None:
    assert load_script().main(["--check"]) == 0


def test_built_states_cover_iso_and_supplement() -> None:
    script = load_script()
    supplement = script.read_supplement(script.SUPPLEMENT)
    states = script.build_states(supplement)
    codes = [state["code"] for state in states]
    assert len(codes) == len(set(codes)) == len(supplement)
    assert {country.alpha_3 for country in pycountry.countries} <= set(codes)


def test_iso_list_forms_are_not_names() -> None:
    script = load_script()
    states = {s["code"]: s for s in script.build_states(script.read_supplement(script.SUPPLEMENT))}
    assert states["KOR"]["name"] == "South Korea"
    assert "Korea, Republic of" not in states["KOR"]["names"]
    assert "Congo" not in states["COG"]["names"]
    assert states["ERI"]["official_name"] == "State of Eritrea"
