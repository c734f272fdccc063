"""What comity fetched from the web, kept in the database between runs.

`StorePageMemory(store)` is the `PageMemory` a `Fetcher` uses so that the next
run asks a server "only if changed" (ETag / Last-Modified) and does not fetch
again a page a feed lists whose document is already stored.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.dialects import postgresql, sqlite

from comity.errors import StoreError
from comity.ingest.fetch import Remembered, Validators
from comity.models import Document
from comity.store import records
from comity.store.database import Store
from comity.store.schema import documents, fetched_pages
from comity.store.stories import store_transaction


class StorePageMemory:
    """A PageMemory in the `fetched_pages` table of a store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def recall(self, url: str) -> Remembered | None:
        statement = (
            select(fetched_pages.c.etag, fetched_pages.c.last_modified, documents)
            .select_from(fetched_pages)
            .outerjoin(documents, documents.c.id == fetched_pages.c.doc_id)
            .where(fetched_pages.c.url == url)
        )
        with store_transaction(self.store, f"cannot read the fetch history of {url}") as conn:
            row = conn.execute(statement).mappings().first()
        if row is None:
            return None
        document = records.document_from_row(row) if row["id"] is not None else None
        return Remembered(Validators(row["etag"], row["last_modified"]), document)

    def remember(self, url: str, validators: Validators, document: Document | None) -> None:
        row = {
            "url": url,
            "etag": validators.etag,
            "last_modified": validators.last_modified,
            "doc_id": document.id if document is not None else None,
            "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        action = f"cannot record the fetch of {url}"
        with store_transaction(self.store, action, write=True) as connection:
            _upsert_page(connection, row)


def _upsert_page(connection: Connection, row: dict[str, str | None]) -> None:
    dialect = connection.dialect.name
    statement: Any
    if dialect == "sqlite":
        statement = sqlite.insert(fetched_pages)
    elif dialect == "postgresql":
        statement = postgresql.insert(fetched_pages)
    else:
        raise StoreError(f"comity does not support {dialect} databases")
    updated = {name: statement.excluded[name] for name in row if name != "url"}
    connection.execute(
        statement.on_conflict_do_update(index_elements=[fetched_pages.c.url], set_=updated), row
    )
