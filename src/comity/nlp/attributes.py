"""The attribute ruler and lemmatizer of a spaCy pipeline, remembered per word.

In the small English pipeline these two rule components cost more than the
parser: the attribute ruler runs a token Matcher over every sentence (its rules
set POS, MORPH and some LEMMAs from TAG, LOWER and DEP) and the lemmatizer looks
every token up again. Yet, for a token that no multi-token rule touches, both give
a result that depends only on its ORTH, its TAG and which of the rules' DEP tests
its DEP passes. `TokenAttributes` computes that result once per such key, with the
original components, and writes it onto every later token in one array write.
Tokens inside a multi-token match, or given a DEP by a rule, take the components'
own path each time, and so does a whole document that comes with POS, MORPH or
LEMMA values already set. The output is the same, token for token.

Only rules of the kinds the memo can evaluate (fixed-length token patterns
testing TAG, LOWER, DEP or IS_SPACE by value, IN, NOT_IN or REGEX) are
remembered; `memoise_token_attributes` leaves any other pipeline as it is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy
from spacy.attrs import DEP, LEMMA, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs
from thinc.types import Ints2d

from comity.errors import ExtractionError

_RULER = "attribute_ruler"
_LEMMATIZER = "lemmatizer"
_MEMO = "comity_token_attributes"
_TESTED = frozenset({"TAG", "LOWER", "DEP", "IS_SPACE"})
_WRITTEN = [TAG, POS, MORPH, LEMMA]
MEMO_LIMIT = 200_000  # keys remembered before starting afresh (~60 MB): memory stays bounded

_Key = tuple[int, int, int]  # ORTH, TAG, the DEP's class
_Values = tuple[int, int, int, int]  # as in _WRITTEN
_Test = Callable[[Any], bool]
_Tests = tuple[tuple[str, _Test], ...]  # (attribute, test) of one pattern token


class UnsupportedRule(ExtractionError):
    """An attribute-ruler rule the memo cannot evaluate."""


@dataclass(frozen=True)
class _Rule:
    """One attribute-ruler rule: its patterns, the attributes it sets and on which token."""

    number: int  # the ruler applies its rules in this order; a later one wins
    patterns: tuple[tuple[_Tests, ...], ...]  # alternatives, each a sequence of tokens
    attrs: dict[int, Any]  # as the ruler keeps them: attribute ids to values
    index: int  # the token of a match that the attributes go to

    @property
    def length(self) -> int:
        return len(self.patterns[0])

    @property
    def target(self) -> int:
        return self.index % self.length


@dataclass(frozen=True)
class _Word:
    """What the rules test of one token."""

    lower: str
    tag: str
    dep: str
    is_space: bool

    def satisfies(self, tests: _Tests) -> bool:
        return all(test(self._value(name)) for name, test in tests)

    def _value(self, name: str) -> str | bool:
        if name == "LOWER":
            return self.lower
        if name == "TAG":
            return self.tag
        if name == "DEP":
            return self.dep
        return self.is_space


@dataclass(frozen=True)
class _Entry:
    """What is remembered of one key."""

    single: tuple[_Rule, ...]  # the one-token rules its tokens meet, in order
    starts_long: bool  # its tokens meet the first token of some multi-token rule
    fixed: bool  # its tokens get the same values anywhere outside multi-token matches
    values: _Values | None = None  # those values, once computed


class TokenAttributes:
    """A pipeline component that stands in for an attribute ruler and the lemmatizer after it."""

    def __init__(self, ruler: AttributeRuler, lemmatizer: Lemmatizer) -> None:
        rules = _rules(ruler)
        self.ruler = ruler
        self.lemmatizer = lemmatizer
        self.long = [rule for rule in rules if rule.length > 1]
        self.single = _RuleIndex([rule for rule in rules if rule.length == 1])
        self.long_starts = _RuleIndex(self.long)
        self.dep_tests = _distinct_dep_tests(rules)
        self.dep_classes: dict[int, int] = {}
        self.class_of: dict[tuple[bool, ...], int] = {}
        self.memo: dict[_Key, _Entry] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        read = doc.to_array([ORTH, TAG, DEP, POS, MORPH, LEMMA])
        if read[:, 3:].any():
            # Values set before (not so in a pipeline): the rules keep some, so no memo.
            return self.lemmatizer(self.ruler(doc))
        keys = [(orth, tag, self._dep_class(dep)) for orth, tag, dep in read[:, :3].tolist()]
        entries = [self._entry(key, doc, i) for i, key in enumerate(keys)]
        long_matches = self._long_matches(doc, entries)
        rows: list[_Values] = []
        for i, (key, entry) in enumerate(zip(keys, entries, strict=True)):
            if i in long_matches or not entry.fixed:
                rows.append(self._apply(doc[i], [*entry.single, *long_matches.get(i, ())]))
            elif entry.values is not None:
                rows.append(entry.values)
            else:
                values = self._apply(doc[i], entry.single)
                self.memo[key] = _Entry(entry.single, entry.starts_long, True, values)
                rows.append(values)
        doc.from_array(_WRITTEN, cast(Ints2d, numpy.array(rows, dtype="uint64")))
        return doc

    def _dep_class(self, dep: int) -> int:
        """Labels passing the same DEP tests of the rules share a class."""
        known = self.dep_classes.get(dep)
        if known is None:
            label = self.lemmatizer.vocab.strings[dep] if dep else ""
            passed = tuple(test(label) for test in self.dep_tests)
            known = self.dep_classes[dep] = self.class_of.setdefault(passed, len(self.class_of))
        return known

    def _entry(self, key: _Key, doc: Doc, i: int) -> _Entry:
        entry = self.memo.get(key)
        if entry is None:
            if len(self.memo) >= MEMO_LIMIT:
                self.memo.clear()
            word = _word(doc[i])
            single = tuple(rule for rule in self.single.candidates(word) if _meets(word, rule, 0))
            starts_long = any(_meets(word, rule, 0) for rule in self.long_starts.candidates(word))
            fixed = not any(DEP in rule.attrs for rule in single)
            entry = self.memo[key] = _Entry(single, starts_long, fixed)
        return entry

    def _long_matches(self, doc: Doc, entries: Sequence[_Entry]) -> dict[int, list[_Rule]]:
        """The multi-token rules matched in `doc`, by the token each sets."""
        touched: dict[int, list[_Rule]] = {}
        for start, entry in enumerate(entries):
            if not entry.starts_long:
                continue
            for rule in self.long:
                if start + rule.length <= len(doc) and _matches_at(doc, start, rule):
                    touched.setdefault(start + rule.target, []).append(rule)
        return touched

    def _apply(self, token: Token, rules: Iterable[_Rule]) -> _Values:
        """Set `rules` on `token` as the ruler would, then lemmatise it as the lemmatizer would."""
        for rule in sorted(rules, key=lambda rule: rule.number):
            set_token_attrs(token, rule.attrs)
        if self.lemmatizer.overwrite or token.lemma == 0:
            token.lemma_ = self.lemmatizer.lemmatize(token)[0]
        return (token.tag, token.pos, cast(Any, token.morph).key, token.lemma)


def memoise_token_attributes(nlp: Language) -> bool:
    """Replace `nlp`'s attribute ruler, and the lemmatizer right after it, by `TokenAttributes`.

    Returns False, changing nothing, when the pipeline lacks them or one of the
    ruler's rules is of a kind the memo cannot evaluate.
    """
    names = nlp.pipe_names
    if _RULER not in names or names[names.index(_RULER) + 1 :][:1] != [_LEMMATIZER]:
        return False
    ruler, lemmatizer = nlp.get_pipe(_RULER), nlp.get_pipe(_LEMMATIZER)
    if not isinstance(ruler, AttributeRuler) or not isinstance(lemmatizer, Lemmatizer):
        return False
    try:
        _rules(ruler)
    except UnsupportedRule:
        return False
    nlp.add_pipe(_MEMO, after=_LEMMATIZER)
    nlp.remove_pipe(_RULER)
    nlp.remove_pipe(_LEMMATIZER)
    _index_as_sets(lemmatizer)
    return True


def _index_as_sets(lemmatizer: Lemmatizer) -> None:
    """Hold the lemmatizer's word lists (57,000 nouns) as sets: `in` answers the same, at once.

    The rule lemmatizer tests every candidate lemma with `in` against these lists;
    scanning them made a new word cost ~0.1 ms. The memo owns this lemmatizer.
    """
    if "lemma_index" not in lemmatizer.lookups:
        return
    table = lemmatizer.lookups.get_table("lemma_index")
    for key, words in list(table.items()):
        if isinstance(words, list):
            table[key] = frozenset(words)


@Language.factory(_MEMO)
def _make_token_attributes(nlp: Language, name: str) -> TokenAttributes:
    ruler, lemmatizer = nlp.get_pipe(_RULER), nlp.get_pipe(_LEMMATIZER)
    if not isinstance(ruler, AttributeRuler) or not isinstance(lemmatizer, Lemmatizer):
        raise UnsupportedRule(f"{name} needs an attribute ruler and a lemmatizer to stand in for")
    return TokenAttributes(ruler, lemmatizer)


# --- reading the ruler's rules -------------------------------------------------


def _rules(ruler: AttributeRuler) -> list[_Rule]:
    """The ruler's rules in the order it applies them; UnsupportedRule for one it cannot."""
    return [
        _rule(number, pattern, attrs)
        for number, (pattern, attrs) in enumerate(zip(ruler.patterns, ruler.attrs, strict=True))
    ]


def _rule(number: int, pattern: Mapping[str, Any], attrs: Mapping[int, Any]) -> _Rule:
    patterns = tuple(tuple(_tests(token) for token in tokens) for tokens in pattern["patterns"])
    lengths = {len(tokens) for tokens in patterns}
    if len(lengths) != 1 or 0 in lengths:
        raise UnsupportedRule(f"rule {number}: its patterns differ in length or are empty")
    length, index = lengths.pop(), int(pattern.get("index", 0))
    if not -length <= index < length:
        raise UnsupportedRule(f"rule {number}: index {index} is outside its pattern")
    return _Rule(number, patterns, dict(attrs), index)


def _tests(token: Mapping[str, Any]) -> _Tests:
    tests = []
    for name, spec in token.items():
        if name not in _TESTED:
            raise UnsupportedRule(f"a token test on {name!r}")
        tests.append((name, _test(spec)))
    return tuple(tests)


def _test(spec: Any) -> _Test:
    if not isinstance(spec, dict):
        return _Equals(spec)
    if len(spec) != 1:
        raise UnsupportedRule(f"the token test {spec!r}")
    ((kind, argument),) = spec.items()
    if kind == "IN":
        return _In(frozenset(argument))
    if kind == "NOT_IN":
        return _NotIn(frozenset(argument))
    if kind == "REGEX":
        return _Search(re.compile(argument))
    raise UnsupportedRule(f"the token test {kind!r}")


# Tests are values, so that equal DEP tests of different rules count once.
@dataclass(frozen=True)
class _Equals:
    expected: Any

    def __call__(self, value: Any) -> bool:
        return bool(value == self.expected)


@dataclass(frozen=True)
class _In:
    members: frozenset[Any]

    def __call__(self, value: Any) -> bool:
        return value in self.members


@dataclass(frozen=True)
class _NotIn:
    excluded: frozenset[Any]

    def __call__(self, value: Any) -> bool:
        return value not in self.excluded


@dataclass(frozen=True)
class _Search:
    pattern: re.Pattern[str]

    def __call__(self, value: Any) -> bool:
        return bool(self.pattern.search(value))


class _RuleIndex:
    """Rules by the LOWER or TAG values their first token can have, to test only those."""

    def __init__(self, rules: Iterable[_Rule]) -> None:
        self.by_value: dict[tuple[str, str], list[_Rule]] = {}
        self.anywhere: list[_Rule] = []
        for rule in rules:
            keys = _index_keys(rule, "LOWER") or _index_keys(rule, "TAG")
            for key in keys or ():
                self.by_value.setdefault(key, []).append(rule)
            if not keys:
                self.anywhere.append(rule)

    def candidates(self, word: _Word) -> list[_Rule]:
        """The rules `word` may meet as a first token, in the ruler's order."""
        found = {
            rule.number: rule
            for rule in (
                *self.by_value.get(("LOWER", word.lower), ()),
                *self.by_value.get(("TAG", word.tag), ()),
                *self.anywhere,
            )
        }
        return [found[number] for number in sorted(found)]


def _index_keys(rule: _Rule, name: str) -> set[tuple[str, str]] | None:
    """(name, value) for every value the first token must have, if every alternative says."""
    keys = set()
    for pattern in rule.patterns:
        test = next((test for tested, test in pattern[0] if tested == name), None)
        if isinstance(test, _Equals) and isinstance(test.expected, str):
            keys.add((name, test.expected))
        elif isinstance(test, _In) and all(isinstance(v, str) for v in test.members):
            keys.update((name, value) for value in test.members)
        else:
            return None
    return keys


def _distinct_dep_tests(rules: Iterable[_Rule]) -> list[_Test]:
    found: dict[_Test, None] = {}
    for rule in rules:
        for pattern in rule.patterns:
            for tests in pattern:
                found.update((test, None) for name, test in tests if name == "DEP")
    return list(found)


def _meets(word: _Word, rule: _Rule, position: int) -> bool:
    return any(word.satisfies(pattern[position]) for pattern in rule.patterns)


def _matches_at(doc: Doc, start: int, rule: _Rule) -> bool:
    return any(
        all(_word(doc[start + k]).satisfies(tests) for k, tests in enumerate(pattern))
        for pattern in rule.patterns
    )


def _word(token: Token) -> _Word:
    return _Word(token.lower_, token.tag_, token.dep_, token.is_space)
