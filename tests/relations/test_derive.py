"""Claims the extractor derives from sentences written for these tests."""

from __future__ import annotations

import pytest
from relations.conftest import ClaimsOf, summary

from comity.models import ClaimBasis, RelationKind

pytestmark = pytest.mark.model


def test_established_diplomatic_relations_start_on_the_stated_day(claims_of: ClaimsOf) -> None:
    claims = claims_of("Hungary and Turkmenistan established diplomatic relations on 3 March 1992.")
    assert ("diplomatic_relations", "HUN", "TKM", "1992-03-03", False) in summary(claims)


def test_severed_relations_end_the_relation(claims_of: ClaimsOf) -> None:
    claims = claims_of("Georgia severed diplomatic relations with Russia in August 2008.")
    ended = [c for c in claims if c.kind is RelationKind.DIPLOMATIC_RELATIONS]
    assert ended and ended[0].until == "2008-08" and ended[0].since is None
    assert {ended[0].a, ended[0].b} == {"GEO", "RUS"}


def test_stated_membership(claims_of: ClaimsOf) -> None:
    claims = claims_of("Kazakhstan is a founding member of the Shanghai Cooperation Organisation.")
    assert ("membership", "KAZ", "SCO", None, False) in summary(claims)


def test_listed_members_each_get_a_claim(claims_of: ClaimsOf) -> None:
    text = "Armenia, Belarus and Kyrgyzstan are members of the Eurasian Economic Union."
    members = {c.a for c in claims_of(text) if c.kind is RelationKind.MEMBERSHIP}
    assert members == {"ARM", "BLR", "KGZ"}


def test_denied_membership_is_negated(claims_of: ClaimsOf) -> None:
    claims = claims_of("Azerbaijan is not a member of the Collective Security Treaty Organization.")
    assert ("membership", "AZE", "CSTO", None, True) in summary(claims)


def test_joining_an_organisation_starts_membership(claims_of: ClaimsOf) -> None:
    claims = claims_of("Uzbekistan joined the Organization of Turkic States in September 2019.")
    assert ("membership", "UZB", "OTS", "2019-09", False) in summary(claims)


def test_embassy_opened_in_a_capital_belongs_to_its_owner_and_host(claims_of: ClaimsOf) -> None:
    text = "In June 2004, the Embassy of Azerbaijan was opened in Bishkek."
    embassies = [c for c in claims_of(text) if c.kind is RelationKind.EMBASSY]
    assert [(c.a, c.b, c.since) for c in embassies] == [("AZE", "KGZ", "2004-06")]


def test_consulate_in_a_city_is_in_that_citys_state(claims_of: ClaimsOf) -> None:
    text = "The Consulate General of Kazakhstan in Istanbul was established in May 2010."
    consulates = [c for c in claims_of(text) if c.kind is RelationKind.CONSULATE]
    assert [(c.a, c.b, c.since) for c in consulates] == [("KAZ", "TUR", "2010-05")]


def test_two_embassies_in_one_sentence_take_their_own_dates(claims_of: ClaimsOf) -> None:
    text = (
        "In May 1993 the Embassy of Hungary was opened in Tashkent and in "
        "March 1995 the Embassy of Uzbekistan was opened in Budapest."
    )
    embassies = {(c.a, c.b, c.since) for c in claims_of(text) if c.kind is RelationKind.EMBASSY}
    assert embassies == {("HUN", "UZB", "1993-05"), ("UZB", "HUN", "1995-03")}


def test_treaty_between_two_states_with_its_date(claims_of: ClaimsOf) -> None:
    text = (
        "Relations rest on the Treaty on Strategic Partnership between Kazakhstan "
        "and Azerbaijan of 24 May 2005."
    )
    treaties = [c for c in claims_of(text) if c.kind is RelationKind.TREATY]
    assert [({c.a, c.b}, c.object, c.since) for c in treaties] == [
        ({"KAZ", "AZE"}, "Treaty on Strategic Partnership", "2005-05-24")
    ]


def test_accession_to_a_known_treaty_uses_its_canonical_key(claims_of: ClaimsOf) -> None:
    text = "Kazakhstan's accession to the Declaration of Shusha was welcomed in Baku."
    treaties = [c for c in claims_of(text) if c.kind is RelationKind.TREATY]
    assert treaties and {c.object_key for c in treaties} == {"shusha-declaration"}
    assert all(c.a == "KAZ" for c in treaties)


def test_a_description_of_a_treaty_is_not_a_second_treaty(claims_of: ClaimsOf) -> None:
    text = (
        "The Nakhchivan Agreement is a founding treaty on Turkic cooperation signed "
        "in October 2009 between Turkey and Azerbaijan."
    )
    objects = {c.object_key for c in claims_of(text) if c.kind is RelationKind.TREATY}
    assert objects == {"nakhchivan-agreement"}


def test_alliance_between_two_states(claims_of: ClaimsOf) -> None:
    text = "Last week the two leaders sealed an alliance between Azerbaijan and Turkey."
    assert any(
        c.kind is RelationKind.ALLIANCE and {c.a, c.b} == {"AZE", "TUR"} for c in claims_of(text)
    )


def test_endorsing_a_known_resolution_supports_the_state_it_favours(claims_of: ClaimsOf) -> None:
    text = "On 12 March 2024 Tajikistan endorsed UN Security Council Resolution 541."
    stances = [c for c in claims_of(text) if c.kind is RelationKind.SUPPORTS_POSITION]
    assert [(c.a, c.b, c.since, c.negated) for c in stances] == [
        ("TJK", "CYP", "2024-03-12", False)
    ]
    assert stances[0].basis is ClaimBasis.EVENT and stances[0].event_id


def test_rejecting_a_position_is_a_negated_stance(claims_of: ClaimsOf) -> None:
    text = "In 2023 Turkey rejected UN Security Council Resolution 550 on Cyprus."
    stances = [c for c in claims_of(text) if c.kind is RelationKind.SUPPORTS_POSITION]
    assert stances and all(c.a == "TUR" and c.b == "CYP" and c.negated for c in stances)


def test_backing_territorial_integrity_names_the_state(claims_of: ClaimsOf) -> None:
    text = "Pakistan strongly backed the territorial integrity of Azerbaijan on Monday."
    stances = [c for c in claims_of(text) if c.kind is RelationKind.SUPPORTS_POSITION]
    assert [(c.a, c.b, c.object) for c in stances] == [
        ("PAK", "AZE", "territorial integrity of Azerbaijan")
    ]


def test_a_denial_without_a_partner_takes_the_one_just_named(claims_of: ClaimsOf) -> None:
    text = (
        "Hungary and Poland appointed ambassadors to Mongolia last year. "
        "Slovakia, while not yet establishing diplomatic relations, also sent a delegation."
    )
    denied = [c for c in claims_of(text) if c.negated]
    assert [(c.kind.value, c.a, c.b) for c in denied] == [("diplomatic_relations", "SVK", "MNG")]


def test_a_denial_with_no_partner_in_sight_claims_nothing(claims_of: ClaimsOf) -> None:
    text = "Slovakia has no diplomatic relations yet, its minister said."
    assert not [c for c in claims_of(text) if c.kind is RelationKind.DIPLOMATIC_RELATIONS]


def test_taking_part_in_a_summit_is_membership_only_when_the_kb_agrees(
    claims_of: ClaimsOf,
) -> None:
    member = claims_of("President Tokayev took part in the summit of the Turkic Council in Baku.")
    assert ("membership", "KAZ", "OTS", None, False) in summary(member)
    guest = claims_of("President Macron took part in the summit of the Turkic Council in Baku.")
    assert not [c for c in guest if c.kind is RelationKind.MEMBERSHIP]


def test_intended_events_claim_nothing(claims_of: ClaimsOf) -> None:
    text = "Mongolia plans to establish diplomatic relations with Bhutan next year."
    assert not [c for c in claims_of(text) if c.kind is RelationKind.DIPLOMATIC_RELATIONS]


def test_claims_quote_their_sentence(claims_of: ClaimsOf) -> None:
    text = "A storm hit the coast. Kazakhstan is a member of the Eurasian Economic Union."
    (claim,) = [c for c in claims_of(text) if c.kind is RelationKind.MEMBERSHIP]
    assert text[claim.span_start : claim.span_end] == claim.sentence
    assert claim.sentence.startswith("Kazakhstan is a member")


def test_an_expelled_ambassador_ends_relations_at_that_level(claims_of: ClaimsOf) -> None:
    text = "In March 2023 Azerbaijan expelled the Iranian ambassador from Baku."
    ended = [c for c in claims_of(text) if c.kind is RelationKind.DIPLOMATIC_RELATIONS]
    assert [(c.a, c.b, c.until) for c in ended] == [("AZE", "IRN", "2023-03")]
