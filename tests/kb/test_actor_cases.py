"""The name-in-context table: each case's name resolves to the expected code, sector and office.

Resolution here is the knowledge base's part of actor resolution: the gazetteer
(with generic institution phrases) finds the name, and a person is taken to the
state and sector of the office held on the case's date.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from comity.kb import Gazetteer, KnowledgeBase
from comity.models import EntityKind, Mention

CASES_FILE = Path(__file__).parent / "data" / "actor_cases.jsonl"
CASES = [json.loads(line) for line in CASES_FILE.read_text(encoding="utf-8").splitlines() if line]


@dataclass(frozen=True)
class Resolved:
    code: str | None
    sector: str | None
    office: str | None
    name_kind: str


@pytest.fixture(scope="module")
def institutions(kb: KnowledgeBase) -> Gazetteer:
    return Gazetteer(kb, generic_institutions=True)


def resolve(
    gazetteer: Gazetteer, kb: KnowledgeBase, text: str, name: str, day: date
) -> Resolved | None:
    start = text.index(name)
    mention = next((m for m in gazetteer.find(text) if start <= m.start < start + len(name)), None)
    return None if mention is None else _resolved(kb, mention, day)


def _resolved(kb: KnowledgeBase, mention: Mention, day: date) -> Resolved:
    if mention.kind is not EntityKind.PERSON:
        return Resolved(mention.code, mention.sector, None, mention.name_kind.value)
    role = kb.entity(mention.code or "").role_on(day)
    if role is None:
        return Resolved(None, None, None, mention.name_kind.value)
    return Resolved(role.state, role.sector, role.office, mention.name_kind.value)


def test_table_is_large_and_varied() -> None:
    assert len(CASES) >= 400
    assert len({case["code"] for case in CASES}) >= 60


@pytest.mark.parametrize("case", CASES, ids=[f"{c['name']}@{c['date']}" for c in CASES])
def test_case_resolves(case: dict[str, str], kb: KnowledgeBase, institutions: Gazetteer) -> None:
    found = resolve(institutions, kb, case["text"], case["name"], date.fromisoformat(case["date"]))
    assert found is not None, f"no mention of {case['name']!r}"
    assert (found.code, found.sector, found.office) == (
        case["code"],
        case["sector"],
        case["office"],
    )
    if "name_kind" in case:
        assert found.name_kind == case["name_kind"]
