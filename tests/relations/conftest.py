"""Deriving claims from one text with the real extractor."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from comity.ingest import document_id
from comity.models import Claim, Document, Precision

ClaimsOf = Callable[..., list[Claim]]


@pytest.fixture(scope="session")
def claims_of(extractor) -> ClaimsOf:  # type: ignore[no-untyped-def]
    """The relation claims of one text (published 2025-05-22 unless told otherwise)."""

    def derive(text: str, published: date | None = date(2025, 5, 22)) -> list[Claim]:
        document = Document(
            id=document_id(text),
            text=text,
            source="test.txt",
            published=published,
            published_precision=Precision.DAY if published else None,
            language="en",
        )
        return extractor.extract(document).claims

    return derive


def summary(claims: list[Claim]) -> set[tuple[str, str, str | None, str | None, bool]]:
    """(kind, a, b, since, negated) of each claim, the pair in sorted order."""
    result = set()
    for claim in claims:
        a, b = claim.a, claim.b
        if b is not None and claim.kind.value in ("diplomatic_relations", "treaty", "alliance"):
            a, b = sorted((a, b))
        result.add((claim.kind.value, a, b, claim.since, claim.negated))
    return result
