"""The trigger lexicon: its entries, their validation and the word forms for the prefilter."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from comity.errors import ConfigError, ExtractionError
from comity.extract.codebook import Codebook
from comity.extract.lexicon import (
    AgentNouns,
    TriggerEntry,
    TriggerLexicon,
    noun_forms,
    verb_forms,
)
from comity.models import Mode


@pytest.fixture(scope="module")
def codebook() -> Codebook:
    return Codebook.load()


@pytest.fixture(scope="module")
def lexicon() -> TriggerLexicon:
    return TriggerLexicon.load("en")


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


def _entry(**fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "lemma": "snub",
        "pos": "VERB",
        "cameo": "120",
        "target_preps": [],
        "requires": [],
        "example": "Georgia snubbed Russia's invitation.",
    }
    record.update(fields)
    return record


def _write(path: Path, *records: dict[str, Any] | str) -> Path:
    lines = [record if isinstance(record, str) else json.dumps(record) for record in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_lexicon_size(lexicon: TriggerLexicon) -> None:
    assert len(lexicon) >= 250  # the whole file loaded
    assert {entry.pos for entry in lexicon} == {"VERB", "NOUN"}


def test_no_entry_is_listed_twice(lexicon: TriggerLexicon) -> None:
    keys = [(e.lemma, e.pos, e.cameo, e.target_preps, e.requires, e.reverse) for e in lexicon]
    assert len(keys) == len(set(keys))


def test_every_code_is_in_the_codebook(lexicon: TriggerLexicon, codebook: Codebook) -> None:
    assert [entry for entry in lexicon if entry.cameo not in codebook] == []


def test_every_cameo_root_is_covered(lexicon: TriggerLexicon) -> None:
    assert {entry.cameo[:2] for entry in lexicon} == {f"{root:02d}" for root in range(1, 21)}


def test_every_plover_type_is_covered(
    lexicon: TriggerLexicon, codebook: Codebook, plover_2021: set[str]
) -> None:
    assert {codebook.lookup(entry.cameo).plover for entry in lexicon} - {None} == plover_2021


def test_each_example_contains_its_trigger(lexicon: TriggerLexicon) -> None:
    missing = [
        entry.example for entry in lexicon if not _words(entry.example) & lexicon.forms_of(entry)
    ]
    assert missing == []


def test_each_example_contains_a_required_word(lexicon: TriggerLexicon) -> None:
    def present(entry: TriggerEntry) -> bool:
        words = _words(entry.example)
        return any(words & noun_forms(required) for required in entry.requires)

    assert [entry.example for entry in lexicon if entry.requires and not present(entry)] == []


def test_examples_are_distinct_sentences(lexicon: TriggerLexicon) -> None:
    examples = [entry.example for entry in lexicon]
    assert all(example.endswith(".") and example[0].isupper() for example in examples)
    assert len(set(examples)) == len(examples)


def test_modes_only_mark_intentions(lexicon: TriggerLexicon) -> None:
    modes = {entry.mode for entry in lexicon}
    assert modes == {None, Mode.INTENDED}
    assert next(e for e in lexicon.entries_for("pledge", "VERB")).mode is Mode.INTENDED


def test_entries_with_requires_come_first(lexicon: TriggerLexicon) -> None:
    for lemma, pos in {(entry.lemma, entry.pos) for entry in lexicon}:
        flags = [bool(entry.requires) for entry in lexicon.entries_for(lemma, pos)]
        assert flags == sorted(flags, reverse=True), lemma


@pytest.mark.parametrize(
    ("dependents", "cameo"),
    [
        ({"on", "iran", "release"}, "0253"),  # "called on Iran for the release of ..."
        ({"on", "turkey"}, "020"),  # "called on Turkey to respect ..."
        ({"for", "dialogue"}, "020"),  # "called for dialogue"
        ({"president"}, "041"),  # "called the president": a phone call
    ],
)
def test_the_first_satisfied_entry_is_the_most_specific(
    lexicon: TriggerLexicon, dependents: set[str], cameo: str
) -> None:
    chosen = next(
        entry
        for entry in lexicon.entries_for("Call", "VERB")
        if not entry.requires or dependents & set(entry.requires)
    )
    assert chosen.cameo == cameo


def test_multiword_triggers(lexicon: TriggerLexicon) -> None:
    assert {e.cameo for e in lexicon.entries_for("take", "VERB") if "part" in e.requires} == {"040"}
    assert {e.cameo for e in lexicon.entries_for("open", "VERB") if "embassy" in e.requires} == {
        "050"
    }
    assert {e.cameo for e in lexicon.entries_for("open", "VERB") if "fire" in e.requires} == {"190"}
    assert lexicon.entries_for("unheard", "VERB") == []


def test_light_verbs(lexicon: TriggerLexicon) -> None:
    verbs = lexicon.light_verbs()
    assert {"hold", "make", "take", "express", "pay", "conduct"} <= verbs
    assert all(verb == verb.lower() and " " not in verb for verb in verbs)


@pytest.mark.parametrize(
    ("lemma", "forms"),
    [
        ("visit", {"visit", "visits", "visited", "visiting"}),
        ("sign", {"signs", "signed", "signing"}),
        ("stop", {"stops", "stopped", "stopping"}),
        ("supply", {"supplies", "supplied", "supplying"}),
        ("agree", {"agrees", "agreed", "agreeing"}),
        ("ratify", {"ratifies", "ratified"}),
        ("veto", {"vetoes", "vetoed", "vetoing"}),
        ("ban", {"banned", "banning"}),
        ("travel", {"travelled", "traveled", "travelling"}),
        ("panic", {"panicked", "panicking"}),
        ("die", {"dying", "died"}),
        ("approach", {"approaches"}),
        ("host", {"hosted", "hosting", "hosts"}),
    ],
)
def test_regular_verb_inflection(lemma: str, forms: set[str]) -> None:
    assert forms <= verb_forms(lemma)


@pytest.mark.parametrize(
    ("lemma", "forms"),
    [
        ("talk", {"talks"}),
        ("accession", {"accessions"}),
        ("crisis", {"crises"}),
        ("embargo", {"embargoes"}),
        ("ceasefire", {"ceasefires"}),
        ("supply", {"supplies"}),
    ],
)
def test_noun_plurals(lemma: str, forms: set[str]) -> None:
    assert forms | {lemma} <= noun_forms(lemma)


@pytest.mark.parametrize(
    "form",
    [
        "visited",
        "visiting",
        "signed",
        "supplies",
        "supplied",
        "talks",
        "accessions",
        "met",
        "withdrew",
        "withdrawn",
        "sought",
        "fought",
        "struck",
        "broke",
        "took",
        "initialled",
        "shelled",
        "ultimata",
    ],
)
def test_surface_forms_of_the_shipped_lexicon(lexicon: TriggerLexicon, form: str) -> None:
    assert form in lexicon.surface_forms()


def test_surface_forms_use_the_irregular_table() -> None:
    hold = TriggerEntry("hold", "VERB", "040", (), ("talk",), "Turkey held talks with Iran.")
    lexicon = TriggerLexicon([hold], irregular_forms={"hold": ("held",), "meet": ("met",)})
    assert {"held", "holds", "holding"} <= lexicon.surface_forms()
    assert "met" not in lexicon.surface_forms()  # no entry has the lemma "meet"


def test_surface_forms_are_single_lower_case_words(lexicon: TriggerLexicon) -> None:
    assert all(re.fullmatch(r"[a-z-]+", form) for form in lexicon.surface_forms())


def test_an_extra_file_adds_entries(tmp_path: Path) -> None:
    extra = _write(
        tmp_path / "extra.jsonl",
        _entry(),
        _entry(
            lemma="snub",
            pos="NOUN",
            target_preps=["to"],
            example="Georgia's snub to Russia was noted.",
        ),
    )
    lexicon = TriggerLexicon.load("en", extra)
    assert [entry.cameo for entry in lexicon.entries_for("snub", "VERB")] == ["120"]
    assert {"snubbed", "snubs", "snubbing"} <= lexicon.surface_forms()
    assert len(lexicon) == len(TriggerLexicon.load("en")) + 2


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (_entry(cameo="999"), r"extra\.jsonl line 2: unknown CAMEO code '999'"),
        (_entry(cameo="0431"), "unknown CAMEO code '0431'"),
        (_entry(pos="ADJ"), "pos must be"),
        (_entry(lemma="Snub"), "lower-case"),
        (_entry(lemma="snub out"), "lower-case"),
        (_entry(mode="someday"), "unknown mode"),
        (_entry(requires="relations"), "requires must be a list"),
        (_entry(example=""), "example must be"),
        ({k: v for k, v in _entry().items() if k != "example"}, "missing field"),
        (_entry(plover="AGREE"), "unknown field"),
        (_entry(reverse="yes"), "reverse must be true or false"),
        ("{not json", "not valid JSON"),
        ("[1, 2]", "not a JSON object but an array"),
    ],
)
def test_bad_extra_entries_are_rejected_with_their_line(
    tmp_path: Path, record: dict[str, Any] | str, message: str
) -> None:
    good = _entry(
        lemma="rebuke", pos="NOUN", target_preps=["to"], example="Greece's rebuke to Turkey stung."
    )
    extra = _write(tmp_path / "extra.jsonl", good, record)
    with pytest.raises(ExtractionError, match=message) as error:
        TriggerLexicon.load("en", extra)
    assert "line 2" in str(error.value)


def test_duplicates_are_rejected(tmp_path: Path) -> None:
    first = _entry(requires=["offer", "invitation"])
    second = _entry(requires=["invitation", "offer"], cameo="125")
    with pytest.raises(ExtractionError, match="duplicate trigger 'snub'.*line 1"):
        TriggerLexicon.load("en", _write(tmp_path / "twice.jsonl", first, second))


def test_an_extra_entry_may_not_repeat_a_shipped_one(tmp_path: Path) -> None:
    again = _entry(lemma="visit", cameo="043", example="Turkey visited Azerbaijan.")
    with pytest.raises(ExtractionError, match=r"duplicate trigger 'visit'.*en\.jsonl line"):
        TriggerLexicon.load("en", _write(tmp_path / "again.jsonl", again))


def test_a_missing_extra_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match="cannot read"):
        TriggerLexicon.load("en", tmp_path / "absent.jsonl")


def test_an_unknown_language_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="'xx'"):
        TriggerLexicon.load("xx")


def test_required_words_list_forms_that_never_trigger_alone(lexicon: TriggerLexicon) -> None:
    required = lexicon.required_words()
    assert "part" in required["took"] and "control" in required["took"]
    assert "visited" not in required  # "visit" triggers on its own


def test_reverse_entries_name_their_giver_after_from(lexicon: TriggerLexicon) -> None:
    reversed_entries = [entry for entry in lexicon if entry.reverse]
    assert {entry.lemma for entry in reversed_entries} == {"receive"}
    assert all("from" in entry.target_preps for entry in reversed_entries)
    bare = [e for e in lexicon.entries_for("receive", "VERB") if not e.requires]
    assert [entry.reverse for entry in bare] == [False]  # hosting a visitor keeps its subject


def test_an_extra_entry_may_be_reversed(tmp_path: Path) -> None:
    extra = _write(
        tmp_path / "extra.jsonl",
        _entry(
            lemma="obtain",
            cameo="070",
            target_preps=["from"],
            requires=["loan"],
            reverse=True,
            example="Kyrgyzstan obtained a loan from China.",
        ),
    )
    entry = TriggerLexicon.load("en", extra).entries_for("obtain", "VERB")[0]
    assert entry.reverse is True


def test_agent_nouns_give_sectors_and_tell_non_state_ones(lexicon: TriggerLexicon) -> None:
    agents = lexicon.agents
    assert agents.sector_of("Rebel") == "REB"
    assert agents.sector_of("court") == "JUD"
    assert agents.sector_of("president") is None
    assert "REB" in agents.non_state and "COP" not in agents.non_state


def test_a_domestic_pair_needs_a_non_state_agent_and_two_sectors() -> None:
    agents = AgentNouns({"rebel": "REB", "police": "COP"}, frozenset({"REB"}))
    assert agents.is_domestic_pair("REB", "GOV")
    assert agents.is_domestic_pair(None, "REB")
    assert not agents.is_domestic_pair("COP", "GOV")  # two arms of one state
    assert not agents.is_domestic_pair("REB", "REB")
    assert not agents.is_domestic_pair(None, None)


def test_non_state_agent_forms_are_plural_and_singular(lexicon: TriggerLexicon) -> None:
    forms = lexicon.non_state_agent_forms()
    assert {"rebel", "rebels", "protesters", "militants"} <= forms
    assert "police" not in forms and "soldiers" not in forms
