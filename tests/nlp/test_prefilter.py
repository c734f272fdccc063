"""The prefilter parses a sentence only when the coder could make an event of it."""

from __future__ import annotations

import pytest
from conftest import english_document

from comity.models import EntityKind, Mention, NameKind
from comity.nlp.prefilter import Prefilter, SentenceFacts

FORMS = frozenset({"visited", "visit", "signed", "talks", "council"})
NOUNS = frozenset({"visit", "talks", "council"})


def _name(
    text: str,
    sentence: str,
    code: str | None,
    kind: EntityKind = EntityKind.STATE,
    name_kind: NameKind = NameKind.NAME,
) -> Mention:
    start = sentence.index(text)
    return Mention(
        start=start, end=start + len(text), text=text, code=code, kind=kind, name_kind=name_kind
    )


def _facts(sentence: str, *names: tuple[str, str | None], dated: bool = False) -> SentenceFacts:
    return SentenceFacts(sentence, 0, [_name(text, sentence, code) for text, code in names], dated)


def _wanted(*sentences: SentenceFacts, enabled: bool = True) -> list[bool]:
    return Prefilter(FORMS, noun_forms=NOUNS, enabled=enabled).wanted(sentences)


def test_a_trigger_between_two_actors_is_parsed() -> None:
    assert _wanted(
        _facts("Turkey signed a deal with Georgia.", ("Turkey", "TUR"), ("Georgia", "GEO"))
    ) == [True]


def test_without_a_trigger_form_nothing_is_parsed() -> None:
    assert _wanted(
        _facts("Turkey and Georgia are neighbours.", ("Turkey", "TUR"), ("Georgia", "GEO"))
    ) == [False]


def test_a_trigger_inside_a_name_does_not_count() -> None:
    sentence = "The Turkic Council and Georgia are old partners."
    council = ("Turkic Council", "OTS")
    assert _wanted(_facts(sentence, council, ("Georgia", "GEO"))) == [False]
    assert _wanted(_facts(sentence + " They signed.", council, ("Georgia", "GEO"))) == [True]


def test_one_actor_alone_cannot_be_source_and_target() -> None:
    assert _wanted(_facts("Turkey signed the law.", ("Turkey", "TUR"))) == [False]
    assert _wanted(_facts("Turkey signed the law and Turkey visited.", ("Turkey", "TUR"))) == [
        False
    ]


def test_a_dated_event_noun_after_a_parsed_sentence_is_parsed() -> None:
    # "The visit ... on 3 May" dates the visit an earlier sentence told without a date.
    earlier = _facts("Turkey visited Georgia.", ("Turkey", "TUR"), ("Georgia", "GEO"))
    dated_noun = _facts("The visit by Turkey ended on 3 May.", ("Turkey", "TUR"), dated=True)
    dated_verb = _facts("Turkey signed it on 3 May.", ("Turkey", "TUR"), dated=True)
    undated_noun = _facts("The visit by Turkey ended.", ("Turkey", "TUR"))
    assert _wanted(earlier, dated_noun, dated_verb, undated_noun) == [True, True, False, False]
    assert _wanted(dated_noun) == [False]  # nothing earlier to date


def test_one_actor_is_not_parsed_for_a_later_he_or_she() -> None:
    # The coder carries the person named last from every sentence's names (see below).
    first = _facts("Erdogan signed the law.", ("Erdogan", "TUR"))
    later = _facts("He visited Georgia.", ("Georgia", "GEO"))
    assert _wanted(first, later) == [False, True]
    assert _wanted(later, first) == [True, False]


@pytest.mark.model
def test_he_stands_for_a_person_named_in_a_sentence_left_unparsed(extractor) -> None:  # type: ignore[no-untyped-def]
    text = (
        "President Erdogan signed the new budget law.\n"
        "He met President Aliyev of Azerbaijan on Tuesday."
    )
    extraction = extractor.extract(english_document(text))
    assert extraction.parsed == 1  # only the sentence saying "he"
    met = [event for event in extraction.events if event.cameo.startswith("04")]
    assert [(event.source, event.target) for event in met] == [("TUR", "AZE")]


def test_words_standing_for_earlier_actors_are_parsed_without_names() -> None:
    assert _wanted(_facts("The two countries signed a treaty.")) == [True]
    assert _wanted(_facts("She visited the capital.")) == [True]


def test_they_keeps_a_dated_sentence_only() -> None:
    earlier = _facts("Turkey visited Georgia.", ("Turkey", "TUR"), ("Georgia", "GEO"))
    assert _wanted(earlier, _facts("They held talks on 3 May.", dated=True)) == [True, True]
    assert _wanted(earlier, _facts("They held talks.")) == [True, False]


def test_places_alone_give_no_actor_to_act() -> None:
    sentence = "Samarkand signed nothing in Bukhara."
    names = [
        _name("Samarkand", sentence, "UZB", EntityKind.PLACE, NameKind.CITY),
        _name("Bukhara", sentence, "UZB", EntityKind.PLACE, NameKind.CITY),
    ]
    assert _wanted(SentenceFacts(sentence, 0, names, True)) == [False]


def test_a_place_can_be_the_second_party() -> None:
    sentence = "Turkey visited Samarkand."
    names = [
        _name("Turkey", sentence, "TUR"),
        _name("Samarkand", sentence, "UZB", EntityKind.PLACE, NameKind.CITY),
    ]
    assert _wanted(SentenceFacts(sentence, 0, names, False)) == [True]


def test_mention_offsets_are_read_in_the_document_frame() -> None:
    sentence = "The Turkic Council met Georgia."
    document = "Intro line. " + sentence
    council = _name("Turkic Council", document, "OTS")
    georgia = _name("Georgia", document, "GEO")
    facts = SentenceFacts(sentence, len("Intro line. "), [council, georgia], False)
    assert _wanted(facts) == [False]  # "council" is inside the name, "met" is no form here


def test_disabled_prefilter_keeps_everything() -> None:
    assert _wanted(_facts("Nothing here at all."), _facts("Nor here."), enabled=False) == [
        True,
        True,
    ]


def test_a_pair_word_is_parsed_only_where_it_can_mean_the_earlier_pair() -> None:
    assert _wanted(
        _facts("The two leaders signed a deal."), _facts("Both sides signed a deal.")
    ) == [True, True]
    assert _wanted(_facts("The parties signed a deal.")) == [True]
    assert _wanted(_facts("The leaders of the region signed a deal.")) == [False]


def test_a_trigger_needing_a_word_the_sentence_lacks_is_no_trigger() -> None:
    prefilter = Prefilter(frozenset({"took"}), required={"took": frozenset({"part", "control"})})
    names = (("Turkey", "TUR"), ("Georgia", "GEO"))
    assert prefilter.wanted(
        [
            _facts("Turkey took Georgia by surprise.", *names),
            _facts("Turkey took part in talks with Georgia.", *names),
        ]
    ) == [False, True]


def test_two_names_of_one_state_on_a_non_state_group_noun_are_parsed() -> None:
    sentence = "Georgian protesters visited the Georgian government."
    names = [
        _name("Georgian", sentence, "GEO", name_kind=NameKind.ADJECTIVE),
        _name("Georgian government", sentence, "GEO", EntityKind.INSTITUTION, NameKind.INSTITUTION),
    ]
    facts = SentenceFacts(sentence, 0, names, False)
    domestic = frozenset({"protesters", "rebels"})
    with_agents = Prefilter(FORMS, noun_forms=NOUNS, domestic_forms=domestic)
    assert with_agents.wanted([facts]) == [True]
    assert Prefilter(FORMS, noun_forms=NOUNS).wanted([facts]) == [False]


def test_one_name_on_a_non_state_group_noun_is_not_enough() -> None:
    sentence = "Georgian protesters visited the capital."
    facts = SentenceFacts(
        sentence, 0, [_name("Georgian", sentence, "GEO", name_kind=NameKind.ADJECTIVE)], False
    )
    prefilter = Prefilter(FORMS, noun_forms=NOUNS, domestic_forms=frozenset({"protesters"}))
    assert prefilter.wanted([facts]) == [False]


def test_a_group_noun_before_in_and_a_name_counts_but_a_distant_one_does_not() -> None:
    prefilter = Prefilter(FORMS, noun_forms=NOUNS, domestic_forms=frozenset({"rebels"}))
    placed = "Rebels in Syria visited Syrian officials."
    distant = "Syria and Syrian officials visited the rebels."
    facts = [
        SentenceFacts(
            text,
            0,
            [
                _name(first, text, "SYR"),
                _name("Syrian", text, "SYR", name_kind=NameKind.ADJECTIVE),
            ],
            False,
        )
        for text, first in ((placed, "Syria"), (distant, "Syria"))
    ]
    assert prefilter.wanted(facts[:1]) == [True]
    assert prefilter.wanted(facts[1:]) == [False]
