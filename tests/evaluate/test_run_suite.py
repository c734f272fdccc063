"""Choosing a suite and finding the shared gold data (no suite is run here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from comity.errors import ConfigError, NotFound
from comity.evaluate import SHARED_ENV, SUITES, default_shared, run_suite


def test_the_four_suites_are_known() -> None:
    assert set(SUITES) == {"examples", "petr2-gsr", "plover-gsr", "case2021"}


def test_an_unknown_suite_is_refused_with_the_list_of_suites() -> None:
    with pytest.raises(ConfigError, match="petr2-gsr.*plover-gsr"):
        run_suite("gdelt", shared=Path("."))


def test_a_gold_jsonl_needs_its_corpus() -> None:
    with pytest.raises(ConfigError, match="--corpus"):
        run_suite("mine.jsonl", shared=Path("."))


def test_a_missing_shared_folder_says_where_it_looked(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(NotFound, match=str(missing)):
        run_suite("petr2-gsr", shared=missing)


def test_the_shared_folder_comes_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(SHARED_ENV, str(tmp_path))
    assert default_shared() == tmp_path


def test_the_default_shared_folder_is_beside_the_repository(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(SHARED_ENV, raising=False)
    repository = Path(__file__).resolve().parents[2]
    assert default_shared() == repository.parent / "shared"
