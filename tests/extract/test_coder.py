"""The event coder on sentences written for these tests (trained model)."""

from __future__ import annotations

from datetime import date

import pytest

from comity.models import Event

pytestmark = pytest.mark.model


def _pairs(events: list[Event]) -> set[tuple[str | None, str | None, str]]:
    return {(e.source, e.target, e.plover) for e in events}


def test_coordinated_subjects_expand_to_one_event_each(code_text) -> None:
    events = code_text(
        "Kazakhstan, Uzbekistan and Kyrgyzstan endorsed the position of the European Union."
    )
    assert {("KAZ", "EU", "SUPPORT"), ("UZB", "EU", "SUPPORT"), ("KGZ", "EU", "SUPPORT")} <= _pairs(
        events
    )


def test_passive_with_agent_is_turned_around(code_text) -> None:
    events = code_text("The Armenian proposal was rejected by Azerbaijan on 2 March 2024.")
    assert ("AZE", "ARM", "REJECT") in _pairs(events)


def test_light_verb_visit_takes_the_verb_subject_and_the_date(code_text) -> None:
    events = code_text("The Kyrgyz president made a state visit to Azerbaijan on 4 June 2024.")
    visit = [e for e in events if e.plover == "CONSULT"]
    assert [(e.source, e.target, e.date) for e in visit] == [("KGZ", "AZE", "2024-06-04")]


def test_month_precision_is_kept_and_joint_signers_target_each_other(code_text) -> None:
    events = code_text(
        "In March 2022, Turkey and Uzbekistan signed a military cooperation agreement."
    )
    assert {(e.source, e.target) for e in events} == {("TUR", "UZB"), ("UZB", "TUR")}
    assert {e.date for e in events} == {"2022-03"}
    assert {e.date_precision for e in events} == {"month"}


def test_relative_weekday_resolves_against_publication(code_text) -> None:
    events = code_text("On Wednesday, the Azerbaijani president met the Turkish president in Baku.")
    assert any(e.source == "AZE" and e.target == "TUR" and e.date == "2025-05-21" for e in events)


def test_negation_gives_negated_mode(code_text) -> None:
    events = code_text("Georgia has not signed the transit agreement with Armenia.")
    assert events and {e.mode for e in events} == {"negated"}


def test_intention_gives_intended_mode(code_text) -> None:
    events = code_text("Kazakhstan intends to sign a trade agreement with Azerbaijan.")
    assert ("KAZ", "AZE") in {(e.source, e.target) for e in events}
    assert {e.mode for e in events} == {"intended"}


def test_possibility_gives_hypothetical_mode(code_text) -> None:
    events = code_text("Tajikistan could sign a border treaty with Kyrgyzstan.")
    assert events and {e.mode for e in events} == {"hypothetical"}


def test_a_capital_that_acts_is_its_state(code_text) -> None:
    events = code_text("Ankara condemned Athens over the naval exercise.")
    assert ("TUR", "GRC", "ACCUSE") in _pairs(events) or ("TUR", "GRC", "PROTEST") in _pairs(events)


def test_a_capital_after_in_is_a_place_not_an_actor(code_text) -> None:
    events = code_text(
        "The foreign ministers of Kazakhstan and Azerbaijan met in Ankara on 5 May 2023."
    )
    assert events
    assert all("TUR" not in (e.source, e.target) for e in events)
    assert {e.location for e in events} == {"TUR"}


def test_other_cities_are_never_actors(code_text) -> None:
    events = code_text(
        "Leaders of Uzbekistan and Turkmenistan held talks in Samarkand on 3 April 2025."
    )
    assert ("UZB", "TKM") in {(e.source, e.target) for e in events}
    assert {e.location for e in events} == {"UZB"}


def test_a_person_acts_for_the_state_of_the_office_held_that_day(code_text) -> None:
    events = code_text("Sooronbay Jeenbekov visited Turkey on 9 April 2018.")
    assert ("KGZ", "TUR", "CONSULT") in _pairs(events)


def test_possessor_of_a_noun_trigger_is_the_source(code_text) -> None:
    events = code_text(
        "Leaders welcomed Hungary's accession to the Organization of Turkic States in 2018."
    )
    assert any(e.source == "HUN" and e.target == "OTS" for e in events)


def test_he_refers_to_the_previous_sentence_subject(code_text) -> None:
    text = "President Tokayev arrived in Baku on 12 August 2024. He held talks with Ilham Aliyev."
    events = code_text(text)
    assert any(e.source == "KAZ" and e.target == "AZE" and e.plover == "CONSULT" for e in events)


def test_a_date_carries_to_the_next_sentence_of_its_paragraph(code_text) -> None:
    text = (
        "The delegation arrived on 12 August 2024. "
        "Kazakhstan signed a transit accord with Azerbaijan."
    )
    events = code_text(text)
    assert {e.date for e in events if e.source == "KAZ"} == {"2024-08-12"}


def test_undated_text_without_publication_date_has_no_date(code_text) -> None:
    events = code_text("Kazakhstan signed a transit accord with Azerbaijan.", published=None)
    assert events and {e.date for e in events} == {None}


def test_without_a_stated_date_the_publication_date_is_inferred(code_text) -> None:
    events = code_text(
        "Kazakhstan signed a transit accord with Azerbaijan.", published=date(2024, 8, 13)
    )
    assert {(e.date, e.date_inferred) for e in events} == {("2024-08-13", True)}


def test_an_analyst_opinion_is_not_an_event(code_text) -> None:
    events = code_text("The analyst believes that Turkey will sign a defence pact with Uzbekistan.")
    assert events == []


def test_a_quotation_by_a_commentator_is_not_an_event(code_text) -> None:
    text = (
        "“Turkey signed a defence pact with Uzbekistan to please Washington,” "
        "a columnist told the paper."
    )
    assert code_text(text) == []


def test_between_x_and_y_gives_both_directions(code_text) -> None:
    events = code_text(
        "Talks between Armenia and Azerbaijan took place in Washington on 8 August 2025."
    )
    assert {("ARM", "AZE"), ("AZE", "ARM")} <= {
        (e.source, e.target) for e in events if e.plover == "CONSULT"
    }


def test_an_embassy_opened_abroad_is_its_owner_acting_toward_the_host(code_text) -> None:
    events = code_text("The Embassy of Kazakhstan was opened in Tbilisi in May 1992.")
    assert any(e.source == "KAZ" and e.target == "GEO" and e.date == "1992-05" for e in events)


def test_events_carry_exact_provenance(code_text) -> None:
    text = "Intro line.\nTurkmenistan signed a gas accord with Azerbaijan on 1 July 2024."
    events = code_text(text)
    assert events
    for event in events:
        assert text[event.span_start : event.span_end] == event.sentence
        assert text[event.trigger_start : event.trigger_end] == event.trigger
        assert event.span_start <= event.trigger_start < event.span_end


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        ("The Uzbek side signed a memorandum with Kyrgyzstan on 5 May 2024.", "UZB", "KGZ"),
        (
            "The Ministry of Foreign Affairs of Kazakhstan condemned Armenia on 2 June 2024.",
            "KAZ",
            "ARM",
        ),
        ("The Turks criticised Greece over the islands.", "TUR", "GRC"),
        ("Baku is establishing allied relations with Ankara.", "AZE", "TUR"),
    ],
)
def test_adjectives_demonyms_institutions_and_capitals_act_for_their_state(
    code_text, text: str, source: str, target: str
) -> None:
    assert (source, target) in {(e.source, e.target) for e in code_text(text)}


def test_plan_to_sign_is_one_intended_signing_not_also_a_plan(code_text) -> None:
    events = code_text("Kyrgyzstan and Tajikistan plan to sign the border treaty on 31 March 2025.")
    assert {(e.source, e.target, e.cameo, e.mode) for e in events} == {
        ("KGZ", "TJK", "057", "intended"),
        ("TJK", "KGZ", "057", "intended"),
    }


def test_only_joint_actions_make_co_actors_each_others_target(code_text) -> None:
    events = code_text("Kazakhstan and Kyrgyzstan visited the exhibition in Paris.")
    # Each visited France (the host); neither is the other's target.
    assert {(e.source, e.target) for e in events} == {("KAZ", "FRA"), ("KGZ", "FRA")}


def test_a_directive_is_the_event_not_what_it_asks_for(code_text) -> None:
    events = code_text("The European Union urged Russia to withdraw its troops from Georgia.")
    assert {(e.source, e.target, e.plover) for e in events} == {("EU", "RUS", "REQUEST")}


def test_the_asked_party_is_the_subject_of_the_complement_only_when_it_is_coded(code_text) -> None:
    events = code_text("Armenia asked Iran to host the talks with Azerbaijan.")
    assert ("ARM", "IRN", "REQUEST") in {(e.source, e.target, e.plover) for e in events}
    assert all(e.source != "ARM" or e.target != "AZE" for e in events)


def test_a_standing_relation_is_not_an_event(code_text) -> None:
    assert code_text("Cooperation between Kyrgyzstan and Turkey is growing.") == []


def test_one_of_the_first_to_act_is_the_copula_subject(code_text) -> None:
    events = code_text(
        "Hungary was one of the first to congratulate Azerbaijan on 9 November 2020."
    )
    assert ("HUN", "AZE") in {(e.source, e.target) for e in events}


def test_a_target_named_in_a_relative_clause_of_the_object(code_text) -> None:
    text = (
        "Georgia announced its accession to the Lisbon Accord, "
        "which was a pact between Portugal and Spain."
    )
    events = code_text(text)
    assert {("GEO", "PRT"), ("GEO", "ESP")} <= {(e.source, e.target) for e in events}


def test_granting_an_entry_right_is_a_concession_to_each_listed_state(code_text) -> None:
    text = (
        "Kazakhstan will provide its neighbours, including Kyrgyzstan and Uzbekistan, "
        "with the right to enter using identity cards."
    )
    events = code_text(text)
    assert {(e.target, e.plover, e.mode) for e in events if e.source == "KAZ"} == {
        ("KGZ", "CONCEDE", "intended"),
        ("UZB", "CONCEDE", "intended"),
    }


def test_a_list_of_passive_agents_is_not_a_joint_act(code_text) -> None:
    events = code_text(
        "The delegates were joined by Kazakhstan, Kyrgyzstan and Tajikistan on 4 April 2025."
    )
    assert events == []


def test_titles_and_full_names_do_not_derail_the_parse(code_text) -> None:
    text = (
        "President Kassym-Jomart Tokayev of Kazakhstan hosted President Recep Tayyip Erdoğan "
        "of Turkey and President Shavkat Mirziyoyev of Uzbekistan on 3 November 2023."
    )
    events = code_text(text)
    assert {(e.source, e.target) for e in events if e.plover == "CONSULT"} >= {
        ("KAZ", "TUR"), ("KAZ", "UZB"),
    }  # fmt: skip
    for event in events:
        assert text[event.trigger_start : event.trigger_end] == event.trigger


def test_a_protest_abroad_with_no_named_target_is_aimed_at_the_host_state(code_text) -> None:
    events = code_text("British activists staged a protest in Ankara on 14 March 2025.")
    assert {(e.source, e.target, e.plover) for e in events} == {("GBR", "TUR", "PROTEST")}


def test_a_meeting_abroad_is_not_aimed_at_the_host_state(code_text) -> None:
    events = code_text("Kazakhstan and Kyrgyzstan met in Geneva on 2 June 2024.")
    assert "CHE" not in {e.target for e in events}


def test_a_word_the_lemmatiser_gets_wrong_still_works_through_the_lexicon_forms(
    code_text,
) -> None:
    from comity.nlp import load_language_model

    sentence = "Georgian students staged a protest in Moscow on 1 March 2024."
    assert load_language_model()(sentence)[2].lemma_ != "stage"  # the model's slip
    events = code_text(sentence)
    assert {(e.source, e.target, e.trigger) for e in events} == {("GEO", "RUS", "protest")}


def test_a_following_sentence_naming_the_decree_dates_the_intention(code_text) -> None:
    events = code_text(
        "Tajikistan intends to provide Kyrgyzstan with access to its airports. "
        "This is set out in a resolution of the government of Tajikistan dated 14 February 2025."
    )
    intended = [e for e in events if e.source == "TJK" and e.target == "KGZ"]
    assert intended
    assert {(e.date, e.date_inferred) for e in intended} == {("2025-02-14", False)}


def test_a_decree_date_in_an_unrelated_sentence_is_not_taken(code_text) -> None:
    events = code_text(
        "Tajikistan intends to provide Kyrgyzstan with access to its airports. "
        "A decree dated 14 February 2025 raised the fees for trucks."
    )
    intended = [e for e in events if e.source == "TJK" and e.target == "KGZ"]
    assert intended and all(e.date_inferred for e in intended)


def test_a_subject_hung_on_a_fronted_place_still_opens_the_embassy(code_text) -> None:
    events = code_text("In March 1996 in Tbilisi the Embassy of Kazakhstan was opened.")
    assert [(e.source, e.target, e.date) for e in events if e.plover == "SUPPORT"] == [
        ("KAZ", "GEO", "1996-03")
    ]


def test_an_undated_repeat_of_an_act_takes_the_earlier_acts_date(code_text) -> None:
    events = code_text(
        "In Baku on 12 March 2024, Uzbekistan voiced support for Azerbaijan.\n\n"
        "Kazakhstan also voiced support for Azerbaijan, and Uzbekistan reaffirmed its support "
        "for Azerbaijan."
    )
    later = [e for e in events if e.source == "KAZ" and e.target == "AZE"]
    assert later and {(e.date, e.date_inferred) for e in later} == {("2024-03-12", False)}


def test_an_undated_act_towards_another_target_keeps_the_publication_date(code_text) -> None:
    events = code_text(
        "In Baku on 12 March 2024, Uzbekistan voiced support for Azerbaijan.\n\n"
        "Kazakhstan voiced support for Georgia."
    )
    other = [e for e in events if e.target == "GEO"]
    assert other and all(e.date_inferred for e in other)


def test_which_after_an_organisation_refers_to_it_in_a_fronted_phrase(code_text) -> None:
    events = code_text(
        "Trade is growing within the Organization of Turkic States, at the 10th summit of "
        "which, on 3 November 2023 in Astana, the Hungarian Prime Minister Viktor Orban took part."
    )
    assert ("HUN", "OTS", "CONSULT", "2023-11-03") in {
        (e.source, e.target, e.plover, e.date) for e in events
    }


def test_an_apposition_describing_the_subject_is_not_another_actor(code_text) -> None:
    events = code_text("Hungary, an EU member, sold ammunition to Kyrgyzstan.")
    assert {e.source for e in events} == {"HUN"}


def test_we_in_a_quotation_is_the_speaker(code_text) -> None:
    events = code_text(
        '"We support the sovereignty of Georgia," the Azerbaijani foreign minister said.'
    )
    assert ("AZE", "GEO", "SUPPORT") in _pairs(events)


def test_the_two_leaders_are_the_two_states_of_the_sentence_before(code_text) -> None:
    events = code_text(
        "The Tajik and Uzbek presidents met in Dushanbe on 2 June 2024. "
        "The two leaders signed an agreement on water."
    )
    signed = {(e.source, e.target) for e in events if e.trigger == "signed"}
    assert signed == {("TJK", "UZB"), ("UZB", "TJK")}


def test_countries_described_by_an_adjective_are_not_the_earlier_pair(code_text) -> None:
    events = code_text(
        "Armenia and Georgia signed a transit deal on 2 June 2024. "
        "The Central Asian countries welcomed the deal."
    )
    assert not [e for e in events if e.trigger == "welcomed"]


def test_the_target_of_a_note_of_protest_hangs_from_protest(code_text) -> None:
    events = code_text("Tajikistan sent a note of protest to Kyrgyzstan on Monday.")
    assert ("TJK", "KGZ", "ACCUSE") in _pairs(events)


def test_handing_a_protest_note_lends_the_subject_to_the_note(code_text) -> None:
    events = code_text("The Armenian Foreign Ministry handed a protest note to the Iranian envoy.")
    assert ("ARM", "IRN", "ACCUSE") in _pairs(events)


def test_a_coordinated_passive_keeps_its_own_subject(code_text) -> None:
    events = code_text(
        "The Embassy of Georgia in Baku has worked since 1993, and the Embassy of "
        "Azerbaijan in Tbilisi was opened in 1994."
    )
    assert [(e.source, e.target, e.date) for e in events if e.trigger == "opened"] == [
        ("AZE", "GEO", "1994")
    ]


def test_the_owner_of_an_effort_is_who_aims_at_its_act(code_text) -> None:
    events = code_text("Turkey backs the efforts of Georgia to restore relations with Russia.")
    restore = [e for e in events if e.target == "RUS"]
    assert [(e.source, e.mode.value) for e in restore] == [("GEO", "intended")]


def test_a_capital_named_as_a_place_is_not_one_of_the_two_countries(code_text) -> None:
    events = code_text(
        "President Tokayev made a state visit to Azerbaijan and attended a forum in Ashgabat. "
        "The two countries signed a transit agreement."
    )
    signed = {(e.source, e.target) for e in events if e.trigger == "signed"}
    assert signed == {("KAZ", "AZE"), ("AZE", "KAZ")}


def test_a_present_tense_stance_is_not_dated_by_an_earlier_act(code_text) -> None:
    events = code_text(
        "In Baku on 12 March 2024, Uzbekistan voiced support for Azerbaijan.\n\n"
        "Kazakhstan supports Azerbaijan."
    )
    present = [e for e in events if e.source == "KAZ"]
    assert present and all(e.date_inferred for e in present)


def test_the_leaders_of_a_summit_are_not_the_last_two_states_named(code_text) -> None:
    events = code_text(
        "Leaders of five states met in Baku. Turkey received Azerbaijan and Georgia there. "
        "The leaders signed a declaration on transport."
    )
    assert not [e for e in events if e.trigger == "signed"]


def test_an_act_on_an_event_noun_is_aimed_at_its_agent(code_text) -> None:
    events = code_text("Moldova condemned Russia's occupation of Transnistria and of Georgia.")
    assert {(e.source, e.target) for e in events if e.trigger == "condemned"} == {("MDA", "RUS")}


def test_the_passive_subject_of_expected_to_is_who_acts(code_text) -> None:
    events = code_text("Georgia and Armenia are expected to sign a transit deal next month.")
    assert {(e.source, e.target, e.mode.value) for e in events} == {
        ("GEO", "ARM", "intended"),
        ("ARM", "GEO", "intended"),
    }


def test_an_event_noun_with_its_own_agent_takes_no_light_verb_subject(code_text) -> None:
    events = code_text("Hungary's parliament approved the accession of Finland to NATO in 2023.")
    assert {(e.source, e.target) for e in events} == {("FIN", "NATO")}


def test_suspending_participation_is_aimed_at_what_was_taken_part_in(code_text) -> None:
    events = code_text("Belarus suspended its participation in the Eastern Partnership of the EU.")
    assert ("BLR", "EU", "SANCTION") in _pairs(events)


def test_a_postponed_visit_is_intended_and_a_cancelled_one_negated(code_text) -> None:
    postponed = code_text("The visit of the Uzbek president to Tbilisi was postponed.")
    cancelled = code_text("The visit of the Uzbek president to Tbilisi was cancelled.")
    assert {e.mode.value for e in postponed if e.plover == "CONSULT"} == {"intended"}
    assert {e.mode.value for e in cancelled if e.plover == "CONSULT"} == {"negated"}


def test_a_message_sent_to_a_president_finds_its_dative_target(code_text) -> None:
    events = code_text(
        "The Georgian president sent a congratulatory message to the Armenian president."
    )
    assert ("GEO", "ARM", "SUPPORT") in _pairs(events)


def test_of_which_inside_its_own_noun_phrase_is_no_loop(code_text) -> None:
    # "a copy of which": the relative phrase is the noun's own; resolving "which" to
    # the noun itself once recursed without end (RecursionError).
    events = code_text(
        "Kazakhstan sent a protest note, a copy of which was received by Kyrgyzstan on Monday."
    )
    assert all(e.source == "KAZ" for e in events)


def test_who_is_asked_in_a_that_clause_is_the_target_and_the_asked_act_did_not_happen(
    code_text,
) -> None:
    events = code_text("Azerbaijan demanded that Armenia withdraw its troops from Georgia.")
    assert {(e.source, e.target, e.plover) for e in events} == {("AZE", "ARM", "REQUEST")}
