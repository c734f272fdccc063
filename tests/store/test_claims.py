"""Relation claims in the store: saved with their document, read back the same."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from builders import make_claim, make_document, make_event

from comity.errors import StoreError
from comity.models import ClaimBasis, RelationKind
from comity.store import open_store


def test_claims_round_trip_with_their_document_source(db_url: str) -> None:
    doc = make_document("Turkey opened an embassy in Bishkek in April 1992.", source="e.txt")
    event = make_event(doc, "ev-1", source="TUR", target="KGZ")
    claim = make_claim(
        doc,
        "cl-1",
        kind=RelationKind.EMBASSY,
        a="TUR",
        b="KGZ",
        since="1992-04",
        basis=ClaimBasis.EVENT,
        event_id="ev-1",
    )
    with open_store(db_url) as store:
        assert store.save_document(doc, [], [event], claims=[claim])
        assert list(store.claims()) == [(claim, "e.txt")]
        assert list(store.claims(actor="kgz")) == [(claim, "e.txt")]
        assert list(store.claims(actor="UZB")) == []
        assert store.stats()["relation_claims"] == 1


def test_a_failing_claim_leaves_nothing_of_its_document(db_url: str) -> None:
    doc = make_document("Kazakhstan is a member of the SCO.")
    twice = [make_claim(doc, "same-id"), make_claim(doc, "same-id", a="UZB")]
    with open_store(db_url) as store:
        with pytest.raises(StoreError):
            store.save_document(doc, [], [], claims=twice)
        assert not store.has_document(doc.id)
        assert store.stats()["relation_claims"] == 0


def test_a_database_made_before_claims_gets_the_table(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    open_store(path).close()
    connection = sqlite3.connect(path)
    with connection:
        connection.execute("DROP TABLE relation_claims")
        connection.execute("DELETE FROM schema_migrations WHERE version >= 2")
    connection.close()
    with open_store(path) as store:
        assert store.stats()["relation_claims"] == 0
