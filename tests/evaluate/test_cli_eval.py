"""`comity eval` end to end on the example corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from comity.cli import app

pytestmark = [pytest.mark.model, pytest.mark.slow]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_eval_examples_prints_the_overall_line(shared: Path) -> None:
    code, out, err = run("eval", "examples", "--shared", str(shared))
    assert code == 0, err
    overall = next(line for line in out.splitlines() if "overall" in line)
    figures = [float(cell) for cell in overall.replace("│", " ").split()[1:4]]
    assert all(0.0 <= figure <= 1.0 for figure in figures)
    assert "By PLOVER type" in out


def test_eval_errors_prints_the_sentences_behind_misses_and_false_positives(shared: Path) -> None:
    code, out, _ = run("eval", "examples", "--shared", str(shared), "--errors")
    assert code == 0
    assert "missed " in out or "wrong " in out
    gold_lines = (shared / "gold" / "seeds_events.jsonl").read_text(encoding="utf-8").splitlines()
    gold_docs = {json.loads(line)["doc"] for line in gold_lines if line.strip()}
    assert any(doc in out for doc in gold_docs)


def test_eval_json_is_machine_readable(shared: Path) -> None:
    code, out, _ = run("eval", "examples", "--shared", str(shared), "--json", "--limit", "1")
    assert code == 0
    report = json.loads(out)
    assert report["suite"] == "examples"
    assert 0.0 <= report["overall"]["f1"] <= 1.0


def test_eval_an_unknown_suite_fails_cleanly() -> None:
    code, _, err = run("eval", "no-such-suite")
    assert code == 1
    assert "examples" in err
