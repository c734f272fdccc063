"""The memo of the attribute ruler and lemmatizer gives what the two components give.

A blank English pipeline with hand-written rules and lemma tables stands in for
the trained model: documents come with their tags and labels already set.
"""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

from comity.nlp.attributes import TokenAttributes, memoise_token_attributes

RULES: list[dict[str, Any]] = [
    {"patterns": [[{"TAG": "NNP"}]], "attrs": {"POS": "PROPN", "MORPH": "Number=Sing"}},
    {"patterns": [[{"TAG": "NNS"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Plur"}},
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
    {"patterns": [[{"TAG": "VBD"}]], "attrs": {"POS": "VERB", "MORPH": "Tense=Past"}},
    {"patterns": [[{"TAG": "VBZ"}]], "attrs": {"POS": "VERB", "MORPH": "Number=Sing"}},
    {"patterns": [[{"TAG": "VB"}]], "attrs": {"POS": "VERB", "MORPH": "VerbForm=Inf"}},
    {"patterns": [[{"TAG": "EX"}]], "attrs": {"POS": "PRON"}},
    {"patterns": [[{"TAG": "DT"}]], "attrs": {"POS": "DET"}},
    {"patterns": [[{"TAG": "_SP"}]], "attrs": {"POS": "SPACE"}},
    # Later rules win over earlier ones for the attributes they set.
    {"patterns": [[{"TAG": "VBD", "LOWER": "met"}]], "attrs": {"LEMMA": "meet"}},
    {"patterns": [[{"LOWER": {"IN": ["has", "had"]}}]], "attrs": {"LEMMA": "have"}},
    {
        "patterns": [[{"TAG": {"NOT_IN": ["DT", ""]}, "DEP": {"IN": ["aux"]}}]],
        "attrs": {"POS": "AUX"},
    },
    {"patterns": [[{"DEP": {"NOT_IN": ["det"]}, "TAG": "DT"}]], "attrs": {"POS": "PRON"}},
    {"patterns": [[{"LOWER": {"REGEX": "^un"}}]], "attrs": {"MORPH": "Polarity=Neg"}},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"DEP": "dep", "MORPH": "_"}},
    # Multi-token rules: "there is" makes "is" a verb; alternatives and a negative index.
    {
        "patterns": [[{"DEP": "expl"}, {"LOWER": {"IN": ["is", "was"]}}]],
        "attrs": {"POS": "VERB"},
        "index": 1,
    },
    {
        "patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}], [{"LOWER": "wan"}, {"LOWER": "na"}]],
        "attrs": {"LEMMA": "going"},
        "index": -2,
    },
]
LEMMAS = {
    "lemma_rules": {"noun": [["s", ""]], "verb": [["ed", ""], ["ed", "e"], ["s", ""]]},
    "lemma_index": {"noun": ["treaty", "talk", "state"], "verb": ["sign", "agree", "be"]},
    "lemma_exc": {"verb": {"is": ["be"], "was": ["be"]}},
}
WORDS = {
    "Turkey": "NNP",
    "Baku": "NNP",
    "talks": "NNS",
    "treaty": "NN",
    "states": "NNS",
    "signed": "VBD",
    "agreed": "VBD",
    "met": "VBD",
    "had": "VBD",
    "has": "VBZ",
    "is": "VBZ",
    "was": "VBD",
    "sign": "VB",
    "undone": "VBD",
    "There": "EX",
    "the": "DT",
    "that": "DT",
    "gon": "VB",
    "wan": "VB",
    "na": "VB",
    "  ": "_SP",
}
LABELS = ["nsubj", "dobj", "aux", "det", "expl", "ROOT", "nmod"]


def _pipeline(rules: list[dict[str, Any]] = RULES) -> Language:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    ruler.add_patterns(rules)
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "rule"})
    assert isinstance(lemmatizer, Lemmatizer)
    lookups = Lookups()
    for name, table in LEMMAS.items():
        lookups.add_table(name, table)
    lemmatizer.initialize(lookups=lookups)
    return nlp


NLP = _pipeline()
RULER = NLP.get_pipe("attribute_ruler")
LEMMATIZER = NLP.get_pipe("lemmatizer")


def _doc(words: list[str], labels: list[str], **preset: list[str]) -> Doc:
    return Doc(
        NLP.vocab,
        words=words,
        spaces=[False] * len(words),
        tags=[WORDS[word] for word in words],
        deps=labels,
        heads=[0] * len(words),
        **preset,
    )


def _values(doc: Doc) -> list[tuple[str, str, str, str, str]]:
    return [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


def _by_components(doc: Doc) -> list[tuple[str, str, str, str, str]]:
    return _values(LEMMATIZER(RULER(doc)))


def test_the_memo_gives_what_the_components_give_on_a_sentence() -> None:
    words = ["There", "is", "the", "treaty", "that", "Turkey", "has", "signed", "  ", "undone"]
    labels = ["expl", "ROOT", "det", "nsubj", "nsubj", "nsubj", "aux", "nmod", "dep", "nmod"]
    memo = TokenAttributes(RULER, LEMMATIZER)
    expected = _by_components(_doc(words, labels))
    assert _values(memo(_doc(words, labels))) == expected
    assert _values(memo(_doc(words, labels))) == expected  # now from the memo
    by_token = dict(zip(words, expected, strict=True))
    assert by_token["is"][1] == "VERB"  # the two-token rule
    assert by_token["has"][1:4:2] == ("AUX", "have")  # later rules, and DEP, decide
    assert by_token["that"][1] == "PRON"
    assert by_token["undone"][2] == "Polarity=Neg"
    assert by_token["  "][4] == "dep"  # a rule that sets DEP


def test_multi_token_rules_with_alternatives_and_a_negative_index() -> None:
    memo = TokenAttributes(RULER, LEMMATIZER)
    words = ["wan", "na", "sign", "gon", "na"]
    labels = ["ROOT", "aux", "nmod", "nmod", "aux"]
    values = _values(memo(_doc(words, labels)))
    assert values == _by_components(_doc(words, labels))
    assert [v[3] for v in values] == ["going", "na", "sign", "going", "na"]


def test_the_same_word_under_different_labels_is_remembered_apart() -> None:
    memo = TokenAttributes(RULER, LEMMATIZER)
    for labels in (["nsubj", "aux"], ["nsubj", "ROOT"], ["nsubj", "aux"]):
        doc = _doc(["Turkey", "has"], labels)
        assert _values(memo(doc)) == _by_components(_doc(["Turkey", "has"], labels))


def test_documents_with_values_already_set_take_the_components_path() -> None:
    memo = TokenAttributes(RULER, LEMMATIZER)
    memo(_doc(["Turkey", "signed"], ["nsubj", "ROOT"]))
    preset = {"pos": ["NOUN", "ADJ"]}
    doc = _doc(["Turkey", "signed"], ["nsubj", "ROOT"], **preset)
    assert _values(memo(doc)) == _by_components(
        _doc(["Turkey", "signed"], ["nsubj", "ROOT"], **preset)
    )


sentences = st.lists(
    st.tuples(st.sampled_from(sorted(WORDS)), st.sampled_from(LABELS)), min_size=1, max_size=12
)
SHARED_MEMO = TokenAttributes(RULER, LEMMATIZER)  # keeps what earlier examples taught it


@settings(max_examples=150, deadline=None)
@given(sentences)
def test_any_sentence_gets_the_components_values(pairs: list[tuple[str, str]]) -> None:
    words, labels = [word for word, _ in pairs], [label for _, label in pairs]
    assert _values(SHARED_MEMO(_doc(words, labels))) == _by_components(_doc(words, labels))


def test_a_pipeline_gets_the_memo_in_place_of_the_two_components() -> None:
    nlp = _pipeline()
    assert memoise_token_attributes(nlp)
    assert nlp.pipe_names == ["comity_token_attributes"]
    words = ["Turkey", "met", "the", "states"]
    doc = nlp(Doc(nlp.vocab, words=words, tags=[WORDS[w] for w in words]))
    assert [t.lemma_ for t in doc] == ["Turkey", "meet", "the", "state"]
    memo = nlp.get_pipe("comity_token_attributes")
    assert isinstance(memo, TokenAttributes)
    index = memo.lemmatizer.lookups.get_table("lemma_index")
    assert index["noun"] == frozenset(LEMMAS["lemma_index"]["noun"])  # looked up as a set
    assert not memoise_token_attributes(nlp)  # nothing left to replace


@pytest.mark.parametrize(
    "rule",
    [
        {"patterns": [[{"TAG": "VB", "OP": "?"}]], "attrs": {"POS": "VERB"}},
        {"patterns": [[{"POS": "VERB"}]], "attrs": {"LEMMA": "x"}},
        {"patterns": [[{"LOWER": {"FUZZY": "sign"}}]], "attrs": {"LEMMA": "sign"}},
    ],
)
def test_rules_the_memo_cannot_read_leave_the_pipeline_alone(rule: dict[str, Any]) -> None:
    nlp = _pipeline([*RULES, rule])
    assert not memoise_token_attributes(nlp)
    assert nlp.pipe_names == ["attribute_ruler", "lemmatizer"]
