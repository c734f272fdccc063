"""Hand-built records for tests that need documents, mentions or events without NLP."""

from __future__ import annotations

import hashlib
from typing import Any

from comity.models import (
    Claim,
    ClaimBasis,
    Document,
    EntityKind,
    Event,
    Mention,
    NameKind,
    RelationKind,
)


def make_document(text: str, *, source: str | None = None, **fields: Any) -> Document:
    doc_id = hashlib.sha256(text.encode()).hexdigest()
    return Document(id=doc_id, text=text, source=source or f"news/{doc_id[:8]}.txt", **fields)


def make_event(doc: Document, event_id: str, **fields: Any) -> Event:
    """An event of `doc` covering its whole text unless told otherwise."""
    values: dict[str, Any] = {
        "id": event_id,
        "doc_id": doc.id,
        "source": "KAZ",
        "source_name": "Kazakhstan",
        "target": "KGZ",
        "target_name": "Kyrgyzstan",
        "plover": "CONSULT",
        "cameo": "040",
        "goldstein": 1.0,
        "quad_class": 1,
        "sentence": doc.text,
        "span_start": 0,
        "span_end": len(doc.text),
        "trigger": "met",
        "trigger_start": 0,
        "trigger_end": 3,
        "confidence": 0.8,
        "extractor": "test-rules/1",
    }
    values.update(fields)
    return Event(**values)


def make_mention(text: str, start: int, code: str | None, **fields: Any) -> Mention:
    values: dict[str, Any] = {"kind": EntityKind.STATE, "name_kind": NameKind.NAME}
    values.update(fields)
    return Mention(start=start, end=start + len(text), text=text, code=code, **values)


def make_claim(doc: Document, claim_id: str, **fields: Any) -> Claim:
    """A claim of `doc` quoting its whole text: KAZ and KGZ have diplomatic relations."""
    values: dict[str, Any] = {
        "id": claim_id,
        "doc_id": doc.id,
        "kind": RelationKind.DIPLOMATIC_RELATIONS,
        "a": "KAZ",
        "b": "KGZ",
        "basis": ClaimBasis.STATEMENT,
        "sentence": doc.text,
        "span_start": 0,
        "span_end": len(doc.text),
        "confidence": 0.7,
    }
    values.update(fields)
    return Claim(**values)
