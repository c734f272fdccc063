"""Fixtures for the ingest tests: reading sources into a list."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from comity.ingest import Rejected, read_sources
from comity.models import Document

ReadAll = Callable[..., list[Document | Rejected]]


@pytest.fixture
def read_all() -> ReadAll:
    """read_sources over the given paths, collected into a list."""

    def read(*paths: str | Path, **options: Any) -> list[Document | Rejected]:
        return list(read_sources([str(path) for path in paths], **options))

    return read
