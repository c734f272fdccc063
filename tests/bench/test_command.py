"""`comity bench` on a tiny folder of texts."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from comity.cli import app


@pytest.mark.slow
@pytest.mark.model
def test_bench_prints_every_run(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(
        "Turkey and Azerbaijan signed a gas agreement in Baku on Monday.\n"
        "The weather in the capital stayed mild."
    )
    (tmp_path / "two.txt").write_text("Kazakhstan hosted the foreign ministers of the OTS.")
    result = CliRunner().invoke(app, ["bench", str(tmp_path), "--docs", "3"])
    assert result.exit_code == 0, result.output
    rows = ("comity ingest", "plain parse", "tuned parse", "spaCy tokenizer", "sent to the parser")
    for row in (*rows, "CPU"):
        assert row in result.output
    assert "3 documents" in result.output


def test_bench_without_texts_fails_cleanly(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["bench", str(tmp_path / "missing")])
    assert result.exit_code == 1
    assert "does not exist" in result.output
