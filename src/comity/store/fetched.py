"""What comity fetched from the web, kept in the database between runs.

`StorePageMemory(store)` is the `PageMemory` a `Fetcher` uses so that the next
run asks a server "only if changed" (ETag / Last-Modified) and does not fetch
again a page a feed lists whose document is already stored.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection, select

from comity.ingest.fetch import Remembered, Validators
from comity.models import Document
from comity.store import records
from comity.store.database import Store
from comity.store.dialect import upsert
from comity.store.schema import documents, fetched_pages


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
        row = self.store.transact(
            f"cannot read the fetch history of {url}",
            lambda connection: connection.execute(statement).mappings().first(),
        )
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
        self.store.transact(
            f"cannot record the fetch of {url}",
            lambda connection: _upsert_page(connection, row),
            write=True,
        )


def _upsert_page(connection: Connection, row: dict[str, str | None]) -> None:
    statement = upsert(
        connection.dialect.name,
        fetched_pages,
        lambda new: {name: new[name] for name in row if name != "url"},
    )
    connection.execute(statement, row)
