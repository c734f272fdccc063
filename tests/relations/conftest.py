"""Deriving claims from one text with the real extractor."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from conftest import english_document

from comity.models import Claim

ClaimsOf = Callable[..., list[Claim]]


@pytest.fixture(scope="session")
def claims_of(extractor) -> ClaimsOf:  # type: ignore[no-untyped-def]
    """The relation claims of one text (published 2025-05-22 unless told otherwise)."""

    def derive(text: str, published: date | None = date(2025, 5, 22)) -> list[Claim]:
        return extractor.extract(english_document(text, published)).claims

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
