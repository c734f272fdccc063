"""Coding rules for agents, hosts, refusals and reported acts (trained model).

Each sentence is written for these tests: domestic actors ("Kurdish protesters"
and a government), a meeting's host state, "will not" as a refusal, what a
speaker says it will do, and what it says another actor did.
"""

from __future__ import annotations

import pytest

from comity.models import Event

pytestmark = pytest.mark.model


def _coded(events: list[Event]) -> set[tuple[str | None, str | None, str]]:
    return {(e.source, e.target, e.cameo) for e in events}


def _with_sectors(
    events: list[Event],
) -> set[tuple[str | None, str | None, str | None, str | None]]:
    return {(e.source, e.source_sector, e.target, e.target_sector) for e in events}


def test_a_state_adjective_on_a_group_noun_gives_that_agent(code_text) -> None:
    events = code_text("Armenian rebels engaged Azerbaijani soldiers in heavy fighting.")
    assert ("ARM", "REB", "AZE", "MIL") in _with_sectors(events)
    assert {e.plover for e in events} == {"ASSAULT"}


def test_non_state_agents_act_towards_their_own_government(code_text) -> None:
    events = code_text("Kyrgyz protesters launched rockets at the Kyrgyz government.")
    assert ("KGZ", "OPP", "KGZ", "GOV") in _with_sectors(events)


def test_two_agents_of_one_state_in_the_same_sector_are_no_event(code_text) -> None:
    assert code_text("The Turkish Foreign Ministry criticised Turkey.") == []


def test_a_group_noun_placed_in_a_state_acts_for_it(code_text) -> None:
    events = code_text("A court in Georgia issued an arrest warrant for a Russian journalist.")
    assert ("GEO", "JUD", "RUS", "MED") in _with_sectors(events)
    assert {e.cameo for e in events} == {"173"}


def test_a_counted_subject_meets_a_requirement_through_its_of_phrase(code_text) -> None:
    events = code_text("Hundreds of Turkish soldiers withdrew from northern Iraq.")
    assert ("TUR", "IRQ", "0874") in _coded(events)


def test_a_meeting_abroad_with_no_counterpart_targets_the_host(code_text) -> None:
    assert ("TKM", "AZE", "040") in _coded(
        code_text("The Turkmen president attended a forum in Azerbaijan.")
    )
    assert ("TUR", "KAZ", "040") in _coded(code_text("Erdogan attended the Astana summit."))


def test_a_place_describing_an_actor_is_not_the_host(code_text) -> None:
    events = code_text("The Turkish ambassador in Georgia attended a conference on energy.")
    assert not any(e.target == "GEO" for e in events)


def test_receiving_from_x_makes_x_the_source(code_text) -> None:
    assert ("ITA", "MDA", "072") in _coded(code_text("Moldova received weapons from Italy."))
    assert ("EU", "ARM", "030") in _coded(
        code_text("Armenia received guarantees from the European Union.")
    )


def test_wanting_another_actor_to_act_is_an_appeal_not_the_act(code_text) -> None:
    events = code_text("Georgia wants Russia to withdraw its troops.")
    assert _coded(events) == {("GEO", "RUS", "020")}


def test_what_a_pressure_noun_asks_for_did_not_happen(code_text) -> None:
    events = code_text("Uzbekistan faces pressure from Russia to help Belarus.")
    assert not any(e.plover == "AID" for e in events)


def test_will_not_before_a_friendly_act_is_a_refusal(code_text) -> None:
    events = code_text("Azerbaijan will not sign the transit agreement with Iran.")
    assert _coded(events) == {("AZE", "IRN", "127")}
    assert {e.mode for e in events} == {"asserted"}


def test_refusing_to_act_is_a_refusal_not_the_act(code_text) -> None:
    events = code_text("Hungary refused to provide aid to Ukraine.")
    assert _coded(events) == {("HUN", "UKR", "122")}


def test_has_not_signed_stays_a_negated_signing(code_text) -> None:
    events = code_text("Armenia has not signed the customs agreement with Belarus.")
    assert {e.mode for e in events} == {"negated"}
    assert all(e.cameo.startswith("05") for e in events)


def test_it_in_a_reported_clause_is_the_speaker(code_text) -> None:
    events = code_text("Kazakhstan said it would send humanitarian aid to Afghanistan.")
    assert {(e.source, e.target) for e in events} == {("KAZ", "AFG")}


def test_a_speaker_announcing_its_own_friendly_act_expresses_intent(code_text) -> None:
    events = code_text("Uzbekistan announced it would free Tajik prisoners.")
    assert {e.cameo[:2] for e in events} == {"03"}


def test_a_speaker_announcing_its_own_hostile_act_threatens(code_text) -> None:
    events = code_text("Russia said it would attack Moldova.")
    assert {e.plover for e in events} == {"THREATEN"}


def test_seeking_to_cooperate_is_an_intent_to_cooperate(code_text) -> None:
    events = code_text("Mongolia and Kazakhstan are seeking to deepen their partnership.")
    assert {e.cameo[:2] for e in events} == {"03"}


def test_a_reported_attack_by_another_actor_is_an_accusation(code_text) -> None:
    events = code_text("Armenia said Azerbaijan had shelled Armenian villages.")
    assert ("ARM", "AZE", "112") in _coded(events)


def test_a_reported_own_act_is_no_accusation(code_text) -> None:
    events = code_text("Turkey said it had struck targets in Syria.")
    assert not any(e.cameo == "112" for e in events)


def test_a_point_of_the_compass_of_a_city_is_where_an_attack_happened(code_text) -> None:
    events = code_text("Russia launched an air strike on a depot 40 km north of Kharkiv.")
    assert ("RUS", "UKR", "195") in _coded(events)


def test_they_after_one_speaker_is_someone_else(code_text) -> None:
    events = code_text("Azerbaijan said they had shelled Armenian villages.")
    assert not any(e.source == "AZE" and e.plover == "ASSAULT" for e in events)


def test_they_after_two_speakers_is_both(code_text) -> None:
    events = code_text("Kazakhstan and Uzbekistan said they had signed a treaty with Tajikistan.")
    assert {(e.source, e.target) for e in events} == {("KAZ", "TJK"), ("UZB", "TJK")}


def test_an_office_of_a_city_acts_for_its_state(code_text) -> None:
    events = code_text("The Turkish president met the governor of Kherson.")
    assert ("TUR", "GOV", "UKR", "GOV") in _with_sectors(events)


def test_police_in_a_city_are_the_police_of_its_state(code_text) -> None:
    events = code_text("Police in Ankara detained two Iranian citizens.")
    assert ("TUR", "COP", "IRN", None) in _with_sectors(events)


def test_saying_it_will_not_attack_is_no_threat(code_text) -> None:
    events = code_text("Turkey said it would not attack Syria.")
    assert not any(e.plover == "THREATEN" for e in events)
    assert {e.mode for e in events} <= {"negated"}


def test_a_speaker_promising_its_act_states_the_promise(code_text) -> None:
    events = code_text("Kazakhstan said it would send humanitarian aid to Afghanistan.")
    assert [(e.cameo, e.mode) for e in events] == [("0333", "asserted")]


def test_the_subject_acting_during_a_visit_made_the_visit(code_text) -> None:
    events = code_text("The Uzbek president held talks with officials during a visit to Baku.")
    assert ("UZB", "AZE", "042") in _coded(events)


def test_commenting_on_sanctions_is_not_imposing_them(code_text) -> None:
    events = code_text("Kazakhstan commented on the sanctions against Russia.")
    assert not any(e.plover == "COERCE" for e in events)
