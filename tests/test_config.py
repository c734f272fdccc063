from __future__ import annotations

from pathlib import Path

import pytest

from comity.config import describe, load_settings
from comity.errors import ConfigError


def test_layers_apply_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "comity.toml"
    config.write_text('[comity]\ndb = "from-file.db"\nbatch_size = 8\nmax_bytes = 100\n')
    monkeypatch.setenv("COMITY_BATCH_SIZE", "16")
    settings = load_settings(config, {"max_bytes": 200, "db": None})
    assert settings.db == "from-file.db"  # a None flag does not override
    assert settings.batch_size == 16  # environment beats the file
    assert settings.max_bytes == 200  # flags beat everything


def test_defaults_without_any_layer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("COMITY_DB", "COMITY_CONFIG", "COMITY_BATCH_SIZE"):
        monkeypatch.delenv(name, raising=False)
    settings = load_settings()
    assert settings.db == "comity.db" and settings.prefilter is True


def test_bad_values_name_the_setting(tmp_path: Path) -> None:
    config = tmp_path / "comity.toml"
    config.write_text("[comity]\nbatch_size = 0\n")
    with pytest.raises(ConfigError, match="batch_size"):
        load_settings(config)


def test_unknown_setting_and_missing_file_are_errors(tmp_path: Path) -> None:
    config = tmp_path / "comity.toml"
    config.write_text("[comity]\ncolour = 'red'\n")
    with pytest.raises(ConfigError, match="colour"):
        load_settings(config)
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope.toml")


def test_describe_lists_every_setting_with_help() -> None:
    rows = describe(load_settings(None, {"db": "x.db"}))
    assert ("db", "x.db") in {(name, value) for name, value, _ in rows}
    assert all(help_text for _, _, help_text in rows)
