"""Importing the optional libraries the exports and DataFrame conversions use.

pyarrow, networkx, pandas and polars are imported only when a feature needs
them, so that comity itself runs without them.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from comity.errors import ComityError


def require(module: str, package: str, feature: str) -> ModuleType:
    """Import `module`, or raise ComityError saying which package `feature` needs."""
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise ComityError(
            f"{feature} needs the {package} package: pip install {package}"
        ) from error
