"""Russian extraction: the kit that codes Russian documents (issue 12).

Russian inflects names: "Узбекистан" is also "Узбекистана", "Узбекистану", "в
Узбекистане", and "Тюркский совет" is "Тюркского совета". The knowledge base keeps
each name once, in the nominative; this module gives the gazetteer every case
form of it, made with pymorphy3 from the name's lemmas (the words in the
nominative are inflected, together or head only: "Организации тюркских
государств", "Республики Казахстан"). Surnames pymorphy3 does not know are
inflected by the pattern of Russian surnames in -ов/-ев/-ин.

The trigger lexicon (`data/lexicon/ru.jsonl`) has the English lexicon's format:
lemmas are pymorphy3's, and its `target_preps` are Russian prepositions, which the
parse glosses into English by case ("с" + instrumental is "with"; "в+acc" names
one case only); see `comity.nlp.ud`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from importlib import resources
from itertools import product
from typing import Any

from comity.extract.codebook import Codebook
from comity.extract.kit import LanguageKit, build_kit
from comity.extract.lexicon import TriggerLexicon, read_entries
from comity.kb import Gazetteer, KnowledgeBase
from comity.kb.aliases import Alias
from comity.models import EntityKind, NameKind
from comity.nlp.russian import RussianLemmatizer, RussianParser, load_russian_models
from comity.nlp.ud import Glosses

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_NAME_GRAMMEMES = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Abbr"})
_INFLECTED_POS = frozenset({"NOUN", "ADJF", "PRTF"})
_HARD_CONSONANTS = frozenset("бвгджзклмнпрстфхцчшщ")
_FOREIGN_MASCULINE = {"nomn": "", "gent": "а", "datv": "у", "accs": "", "ablt": "ом", "loct": "е"}
# Russian surnames by the pattern of their nominative ending: what each case adds
# to the stem ("Токаев" -> "Токаева"; "Алиева" -> "Алиевой").
_MASCULINE_SURNAME = {"gent": "а", "datv": "у", "accs": "а", "ablt": "ым", "loct": "е"}
_FEMININE_SURNAME = {"gent": "ой", "datv": "ой", "accs": "у", "ablt": "ой", "loct": "ой"}
_SURNAME_CASES = {
    ("ов", "ев", "ёв", "ин", "ын"): _MASCULINE_SURNAME,
    ("ова", "ева", "ёва", "ина", "ына"): _FEMININE_SURNAME,
}


def load_russian_kit(
    kb: KnowledgeBase, codebook: Codebook, *, extractor: str, prefilter: bool = True
) -> LanguageKit:
    """Load the Russian models and build the Russian kit over the shared knowledge base."""
    models = load_russian_models()
    parser = RussianParser(models)
    lexicon = load_russian_lexicon(codebook, parser.lemmatizer, parser.glosses)
    gazetteer = Gazetteer(
        kb, aliases=[*kb.aliases(), *russian_case_forms(kb.aliases(), parser.lemmatizer)]
    )
    return build_kit(
        "ru",
        kb,
        lexicon,
        codebook,
        parser,
        extractor=extractor,
        gazetteer=gazetteer,
        prefilter=prefilter,
    )


def load_russian_lexicon(
    codebook: Codebook, lemmatizer: RussianLemmatizer, glosses: Glosses
) -> TriggerLexicon:
    """`data/lexicon/ru.jsonl` with glossed prepositions and every word form of its lemmas."""
    folder = resources.files("comity").joinpath("data", "lexicon")
    entries = [
        replace(entry, target_preps=glossed_prepositions(entry.target_preps, glosses))
        for entry in read_entries(folder.joinpath("ru.jsonl"), codebook)
    ]
    light_verbs = folder.joinpath("light_verbs_ru.txt").read_text(encoding="utf-8").split()
    lemmas = {entry.lemma for entry in entries} | set(light_verbs)
    forms = {lemma: sorted(lemmatizer.lexeme(lemma)) for lemma in sorted(lemmas)}
    return TriggerLexicon(entries, light_verbs, forms)


def glossed_prepositions(words: Iterable[str], glosses: Glosses) -> tuple[str, ...]:
    """ "к" -> "to"; "с" -> "with", "from" (every case); "в+acc" -> "to" (that case only)."""
    glossed: list[str] = []
    for word in words:
        preposition, _, case = word.partition("+")
        if case:
            found = glosses.gloss(preposition, case.capitalize())
            glossed.extend([found] if found else [])
        else:
            glossed.extend(glosses.all_glosses(preposition) or (preposition,))
    return tuple(dict.fromkeys(glossed))


def russian_case_forms(aliases: Iterable[Alias], lemmatizer: RussianLemmatizer) -> list[Alias]:
    """The other case forms of every alias written in Cyrillic, as aliases of their own."""
    found: list[Alias] = []
    for alias in aliases:
        if not _is_cyrillic(alias.text):
            continue
        for text in sorted(_case_forms(alias, lemmatizer) - {alias.text}):
            found.append(replace(alias, text=text))
    return found


def _case_forms(alias: Alias, lemmatizer: RussianLemmatizer) -> set[str]:
    words = alias.text.split(" ")
    if alias.name_kind is NameKind.ADJECTIVE and len(words) == 1:
        return set(lemmatizer.lexeme(alias.text.lower()))
    readings = [_nominative_readings(word, lemmatizer) for word in words]
    forms: set[str] = set()
    inflected_at = [i for i, found in enumerate(readings) if found]
    for case in CASES:
        options = [
            _inflections(word, found, case) if found else {word}
            for word, found in zip(words, readings, strict=True)
        ]
        if alias.kind is EntityKind.PERSON:
            options[-1] = options[-1] | _surname_in_case(words[-1], case)
        elif _declines_as_foreign_masculine(words[-1], readings[-1]):
            options[-1] = options[-1] | {words[-1] + _FOREIGN_MASCULINE[case]}
        forms.update(" ".join(choice) for choice in product(*options))
        if inflected_at:  # "Республики Казахстан": the head alone inflects
            head = inflected_at[0]
            for form in options[head]:
                forms.add(" ".join([*words[:head], form, *words[head + 1 :]]))
    return forms


def _declines_as_foreign_masculine(word: str, readings: Sequence[Any]) -> bool:
    """ "Кенеш" -> "Кенеша": a borrowed name pymorphy3 only knows as indeclinable."""
    indeclinable = all("Fixd" in reading.tag.grammemes for reading in readings)
    return (
        indeclinable
        and word[:1].isupper()
        and not word.isupper()
        and _is_cyrillic(word)
        and word[-1].lower() in _HARD_CONSONANTS
    )


def _nominative_readings(word: str, lemmatizer: RussianLemmatizer) -> list[Any]:
    """The pymorphy3 readings of `word` as a nominative it can be inflected from."""
    if word.isupper() or not _is_cyrillic(word):
        return []  # acronyms ("ОТГ") and Latin words stay as they are
    readings = [
        p
        for p in lemmatizer.parses(word)
        if p.tag.case == "nomn" and p.tag.POS in _INFLECTED_POS and p.word == word.lower()
    ]
    if word[:1].isupper():
        named = [p for p in readings if _NAME_GRAMMEMES & set(p.tag.grammemes)]
        readings = named or readings
    return readings


def _inflections(word: str, readings: Sequence[Any], case: str) -> set[str]:
    """`word` put in `case` by each reading ("Кенеш": indeclinable, or "Кенеша")."""
    forms = set()
    for reading in readings:
        inflected = reading.inflect({case})
        forms.add(word if inflected is None else _cased_like(str(inflected.word), word))
    return forms


def _surname_in_case(word: str, case: str) -> set[str]:
    """ "Токаев" in the instrumental -> {"Токаевым"}: the surname pattern pymorphy3 may miss."""
    if not word[:1].isupper() or not _is_cyrillic(word):
        return set()
    for endings, added in _SURNAME_CASES.items():
        ending = next((e for e in endings if word.endswith(e)), None)
        if ending is not None and case in added:
            stem = word[:-1] if ending.endswith("а") else word
            return {stem + added[case]}
    return set()


def _cased_like(form: str, model: str) -> str:
    """`form` written with the capitals of `model`, part by part across hyphens."""
    parts = form.split("-")
    models = model.split("-")
    if len(parts) != len(models):
        return form.capitalize() if model[:1].isupper() else form
    return "-".join(
        part.capitalize() if original[:1].isupper() else part
        for part, original in zip(parts, models, strict=True)
    )


def _is_cyrillic(text: str) -> bool:
    return any("\u0400" <= char <= "\u04ff" for char in text)
