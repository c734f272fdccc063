"""Generic institution phrases and head-word sectors."""

from __future__ import annotations

import pytest

from comity.errors import ConfigError
from comity.kb import Gazetteer, KnowledgeBase
from comity.kb.institutions import parse_heads


@pytest.mark.parametrize(
    ("word", "sector"),
    [
        ("Foreign Ministry", "DIP"),
        ("MFA", "DIP"),
        ("embassy", "DIP"),
        ("General  Staff", "MIL"),
        ("armed forces", "MIL"),
        ("speaker", "LEG"),
        ("cabinet", "GOV"),
        ("court", "JUD"),
        ("side", None),
    ],
)
def test_sector_for_head(kb: KnowledgeBase, word: str, sector: str | None) -> None:
    assert kb.sector_for_head(word) == sector


@pytest.mark.parametrize(
    ("text", "span", "code", "sector"),
    [
        ("Later the Tajik Foreign Ministry replied.", "Tajik Foreign Ministry", "TJK", "DIP"),
        ("Georgia's parliament voted.", "Georgia's parliament", "GEO", "LEG"),
        (
            "A note from the General Staff of Kyrgyzstan came.",
            "General Staff of Kyrgyzstan",
            "KGZ",
            "MIL",
        ),
        ("The Azerbaijani court ruled.", "Azerbaijani court", "AZE", "JUD"),
    ],
)
def test_generic_phrases(kb: KnowledgeBase, text: str, span: str, code: str, sector: str) -> None:
    mentions = Gazetteer(kb, generic_institutions=True).find(text)
    assert [(m.text, m.code, m.sector) for m in mentions] == [(span, code, sector)]


def test_off_by_default_and_adjective_possessive_ignored(kb: KnowledgeBase) -> None:
    assert Gazetteer(kb).find("The Tajik army moved.")[0].text == "Tajik"
    mentions = Gazetteer(kb, generic_institutions=True).find("The Uzbek side and the Uzbek's army.")
    assert [m.sector for m in mentions] == [None, None]


def test_parse_heads_rejects_unknown_sector() -> None:
    with pytest.raises(ConfigError):
        parse_heads(["army\tNAVY"], "x.tsv")
