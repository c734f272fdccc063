"""comity's database: the only package that knows SQL.

`open_store(db)` opens (creating and migrating if needed) a SQLite file or a
database URL and returns a `Store`, which saves documents with their mentions
and events and answers filtered, streamed event queries.
"""

from __future__ import annotations

from comity.store.database import Store
from comity.store.engine import resolve_db_url
from comity.store.opening import open_store
from comity.store.query import PERIOD_FORMS, EventFilters, EventQuery

__all__ = ["PERIOD_FORMS", "EventFilters", "EventQuery", "Store", "open_store", "resolve_db_url"]
