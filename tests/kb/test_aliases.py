from __future__ import annotations

import pytest

from comity.kb import Alias, KnowledgeBase, MatchRule
from comity.models import EntityKind, NameKind


def aliases_named(kb: KnowledgeBase, text: str) -> list[Alias]:
    return [alias for alias in kb.aliases() if alias.text == text]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("Uzbekistan", MatchRule.FOLD),
        ("Türkiye", MatchRule.FOLD),
        ("Turkey", MatchRule.CASE),  # listed: the bird is "turkey"
        ("Turkish", MatchRule.CASE),  # adjective
        ("Uzbeks", MatchRule.CASE),  # demonym
        ("TR", MatchRule.CASE),  # abbreviation
        ("OTS", MatchRule.CASE),
        ("Nato", MatchRule.CASE),
        ("Malé", MatchRule.EXACT),
    ],
)
def test_match_rules(kb: KnowledgeBase, text: str, rule: MatchRule) -> None:
    found = aliases_named(kb, text)
    assert found, text
    assert {alias.match for alias in found} == {rule}


def test_capital_alias_resolves_to_its_state(kb: KnowledgeBase) -> None:
    (ankara,) = aliases_named(kb, "Ankara")
    assert (ankara.code, ankara.kind, ankara.name_kind) == (
        "TUR",
        EntityKind.STATE,
        NameKind.CAPITAL,
    )


def test_city_state_has_no_separate_capital_alias(kb: KnowledgeBase) -> None:
    kinds = {alias.name_kind for alias in aliases_named(kb, "Singapore")}
    assert kinds == {NameKind.NAME}


def test_institution_alias_carries_state_sector_and_entity(kb: KnowledgeBase) -> None:
    (kenesh,) = aliases_named(kb, "Jogorku Kenesh")
    assert (kenesh.code, kenesh.kind, kenesh.sector, kenesh.entity) == (
        "KGZ",
        EntityKind.INSTITUTION,
        "LEG",
        "kgz-jogorku-kenesh",
    )


def test_city_alias_resolves_to_country(kb: KnowledgeBase) -> None:
    (osh,) = aliases_named(kb, "Osh")
    assert (osh.code, osh.kind, osh.name_kind, osh.entity) == (
        "KGZ",
        EntityKind.PLACE,
        NameKind.CITY,
        "osh",
    )


def test_unique_surname_matches_alone(kb: KnowledgeBase) -> None:
    found = [a for a in aliases_named(kb, "Mirziyoyev") if a.surname_only]
    assert [a.code for a in found] == ["mirziyoyev-shavkat"]
    assert found[0].match is MatchRule.CASE


def test_shared_surname_never_matches_alone(kb: KnowledgeBase) -> None:
    assert not [a for a in aliases_named(kb, "Akhmetov") if a.surname_only]
    assert not [a for a in aliases_named(kb, "Clinton") if a.surname_only]


def test_a_surname_kept_from_standing_alone_leaves_it_to_the_other_holder(
    kb: KnowledgeBase,
) -> None:
    # Heydar Aliyev is marked `surname_alone: false`: today's news means Ilham.
    assert {a.code for a in aliases_named(kb, "Aliyev") if a.surname_only} == {"aliyev-ilham"}


def test_surname_flagged_as_common_does_not_match_alone(kb: KnowledgeBase) -> None:
    assert not [a for a in aliases_named(kb, "Tatar") if a.surname_only]


def test_leading_article_is_not_part_of_an_alias(kb: KnowledgeBase) -> None:
    assert not [a for a in kb.aliases() if a.text.startswith("the ")]
