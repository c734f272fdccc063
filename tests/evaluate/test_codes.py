"""The code mappings between comity's codes and the gold standards' codes."""

from __future__ import annotations

import pytest

from comity.errors import ConfigError
from comity.evaluate.codes import (
    UNKNOWN_ACTOR,
    LabelRules,
    cameo_actor_codes,
    cameo_country,
    case2021_rules,
    modern_plover,
    parse_tsv,
    plover_vocabulary,
    to_cameo_actor,
)


@pytest.mark.parametrize(
    ("code", "sector", "expected"),
    [
        ("TUR", None, "TUR"),
        ("USA", "DIP", "USAGOV"),  # CAMEO has no diplomat agent
        ("KGZ", "LEG", "KGZLEG"),
        ("UN", None, "IGOUNO"),
        ("UNSC", None, "IGOUNO"),
        ("EU", "GOV", "IGOEUREEC"),  # an organisation takes no agent code
        ("OTS", "GOV", "IGO"),
        (None, None, UNKNOWN_ACTOR),
    ],
)
def test_comity_actors_become_cameo_codes(
    code: str | None, sector: str | None, expected: str
) -> None:
    assert to_cameo_actor(code, sector) == expected


@pytest.mark.parametrize(
    ("actor", "country"),
    [("TURGOV", "TUR"), ("IGOUNOMIL", "IGO"), ("---LEG", "---"), ("JAP", "JPN"), ("usa", "USA")],
)
def test_cameo_country_is_the_first_three_letters(actor: str, country: str) -> None:
    assert cameo_country(actor) == country


def test_every_mapped_organisation_is_a_group_code() -> None:
    for comity_code, cameo_code in cameo_actor_codes().items():
        assert len(cameo_code) >= 3, comity_code
        assert cameo_code.isupper()


@pytest.mark.parametrize(
    ("old", "new"),
    [("DEMAND", "REQUEST"), ("DISAPPROVE", "ACCUSE"), ("FIGHT", "ASSAULT"),
     ("COOPERATION", "COOPERATE"), ("agree", "AGREE"), ("SOMETHING_NEW", "SOMETHING_NEW")],
)  # fmt: skip
def test_old_plover_types_are_renamed(old: str, new: str) -> None:
    assert modern_plover(old) == new


def test_plover_vocabulary_only_produces_2021_types(plover_2021: set[str]) -> None:
    assert set(plover_vocabulary().values()) <= plover_2021


def test_label_rules_take_the_longest_cameo_prefix_then_plover() -> None:
    rules = LabelRules.from_rows(
        [("cameo", "19", "FIGHT"), ("cameo", "195", "AIR"), ("plover", "CONSULT", "TALK")]
    )
    assert rules.label("1951", "ASSAULT") == "AIR"
    assert rules.label("193", "ASSAULT") == "FIGHT"
    assert rules.label("040", "CONSULT") == "TALK"
    assert rules.label("111", "ACCUSE") is None
    assert rules.labels == {"FIGHT", "AIR", "TALK"}


def test_label_rules_reject_an_unknown_kind() -> None:
    with pytest.raises(ConfigError):
        LabelRules.from_rows([("verb", "attack", "ATTACK")])


def test_packaged_case2021_rules_cover_protests_and_strikes() -> None:
    rules = case2021_rules()
    assert rules.label("1831", "ASSAULT") == "SUIC_BOMB"
    assert rules.label("145", "PROTEST") == "VIOL_DEMONSTR"
    assert rules.label("141", "PROTEST") == "PEACE_PROTEST"


def test_parse_tsv_checks_header_and_width() -> None:
    assert parse_tsv("a\tb\tnote\nx\ty\tz\n\n", ("a", "b")) == [("x", "y")]
    with pytest.raises(ConfigError, match="header"):
        parse_tsv("b\ta\nx\ty\n", ("a", "b"))
    with pytest.raises(ConfigError, match="columns"):
        parse_tsv("a\tb\nx\n", ("a", "b"))
