"""comity: news text in, coded, dated and sourced international-relations events out."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("comity")
except PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0"
