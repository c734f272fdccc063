"""comity: news text in, coded, dated and sourced international-relations events out."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError as _PackageNotFoundError
from importlib.metadata import version as _version

try:
    __version__ = _version("comity")
except _PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.0.0"

# The version is set first: modules imported below read it. `extract` (the function)
# is bound after the imports, so it, not the subpackage comity.extract, is comity.extract.
from comity.api import Database, EventList, extract, open  # noqa: E402
from comity.config import Settings, load_settings  # noqa: E402
from comity.errors import ComityError, ConfigError, IngestError, NotFound, StoreError  # noqa: E402
from comity.models import (  # noqa: E402
    Document,
    Entity,
    EntityKind,
    Event,
    Mention,
    Mode,
    Precision,
)
from comity.store import Store, open_store  # noqa: E402

__all__ = [
    "ComityError",
    "ConfigError",
    "Database",
    "Document",
    "Entity",
    "EntityKind",
    "Event",
    "EventList",
    "IngestError",
    "Mention",
    "Mode",
    "NotFound",
    "Precision",
    "Settings",
    "Store",
    "StoreError",
    "__version__",
    "extract",
    "load_settings",
    "open",
    "open_store",
]
