"""Russian extraction (issue 12): names in every case, the lexicon, events and modes."""

from __future__ import annotations

from datetime import date

import pytest

from comity.extract.codebook import Codebook
from comity.extract.extractor import Extractor
from comity.extract.russian import glossed_prepositions
from comity.models import Event, Mention
from comity.nlp.ud import load_glosses

from ..conftest import russian_document


def mentions(extractor: Extractor, text: str) -> list[tuple[str, str | None]]:
    found: list[Mention] = extractor.kit_for("ru").gazetteer.find(text)
    return [(m.text, m.code) for m in found]


def events(extractor: Extractor, text: str) -> set[tuple[str | None, str, str | None, str]]:
    found: list[Event] = extractor.extract(russian_document(text)).events
    return {(e.source, e.cameo, e.target, e.mode.value) for e in found}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Делегация Узбекистана прибыла.", [("Узбекистана", "UZB")]),
        ("Переговоры прошли в Ташкенте.", [("Ташкенте", "UZB")]),
        ("Заседание Тюркского совета открылось.", [("Тюркского совета", "OTS")]),
        ("Саммит ОТГ завершился.", [("ОТГ", "OTS")]),
        (
            "Он выступил в Организации тюркских государств.",
            [("Организации тюркских государств", "OTS")],
        ),
        ("Депутаты Жогорку Кенеша собрались.", [("Жогорку Кенеша", "KGZ")]),
        (
            "Встреча с Касым-Жомартом Токаевым прошла.",
            [("Касым-Жомартом Токаевым", "tokayev-kassym-jomart")],
        ),
        ("Посол Республики Казахстан выступил.", [("Республики Казахстан", "KAZ")]),
    ],
)
def test_names_are_found_in_every_case(russian_extractor, text, expected) -> None:  # type: ignore[no-untyped-def]
    assert mentions(russian_extractor, text) == expected


def test_a_title_names_the_state_and_the_person(russian_extractor) -> None:  # type: ignore[no-untyped-def]
    found = mentions(russian_extractor, "Президент Казахстана Касым-Жомарт Токаев прибыл.")
    assert found == [("Казахстана", "KAZ"), ("Касым-Жомарт Токаев", "tokayev-kassym-jomart")]


def test_english_text_finds_no_russian_case_form(russian_extractor) -> None:  # type: ignore[no-untyped-def]
    english = russian_extractor.kit_for("en").gazetteer
    assert [m.code for m in english.find("Uzbekistan and the OTS met in Tashkent.")] == [
        "UZB",
        "OTS",
        "UZB",
    ]


def test_lexicon_prepositions_are_glossed_like_the_parse() -> None:
    glosses = load_glosses("ru")
    assert glossed_prepositions(["к"], glosses) == ("to",)
    assert glossed_prepositions(["в+acc"], glosses) == ("to",)
    assert set(glossed_prepositions(["с"], glosses)) == {"with", "from"}


def test_the_russian_lexicon_lists_every_form_for_the_prefilter(russian_extractor) -> None:  # type: ignore[no-untyped-def]
    forms = russian_extractor.kit_for("ru").prefilter.trigger_forms
    assert {"подписал", "подписали", "подпишет", "присоединилась", "переговоров"} <= forms


def test_every_russian_lexicon_code_is_in_the_codebook(russian_extractor) -> None:  # type: ignore[no-untyped-def]
    codebook = Codebook.load()
    lexicon = russian_extractor.kit_for("ru").coder.finder.lexicon
    assert len(lexicon) > 30
    assert all(entry.cameo in codebook for entry in lexicon)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Делегация Кыргызстана приняла участие в саммите ОТГ.", ("KGZ", "040", "OTS", "asserted")),
        ("Узбекистан подписал соглашение с Турцией.", ("UZB", "057", "TUR", "asserted")),
        (
            "Венгрия присоединилась к Организации тюркских государств.",
            ("HUN", "057", "OTS", "asserted"),
        ),
        ("Министр иностранных дел Казахстана посетил Баку.", ("KAZ", "042", "AZE", "asserted")),
        (
            "Президент Казахстана провёл переговоры с президентом Турции.",
            ("KAZ", "040", "TUR", "asserted"),
        ),
        ("Азербайджан осудил действия Армении.", ("AZE", "111", "ARM", "asserted")),
        ("Кыргызстан назначил Алмаза Исаева послом в Венгрии.", ("KGZ", "050", "HUN", "asserted")),
        ("Жогорку Кенеш ратифицировал договор с Таджикистаном.", ("KGZ", "057", "TJK", "asserted")),
        ("Турция не подписала соглашение с Арменией.", ("TUR", "057", "ARM", "negated")),
        ("Узбекистан подпишет соглашение с Казахстаном.", ("UZB", "057", "KAZ", "intended")),
        (
            "Туркменистан намерен подписать договор с Узбекистаном.",
            ("TKM", "057", "UZB", "intended"),
        ),
        ("Казахстан может присоединиться к ОТГ.", ("KAZ", "057", "OTS", "hypothetical")),
    ],
)
def test_russian_sentences_code_to_events(russian_extractor, text, expected) -> None:  # type: ignore[no-untyped-def]
    assert expected in events(russian_extractor, text)


def test_events_carry_the_russian_language_and_the_dates_of_the_text(russian_extractor) -> None:  # type: ignore[no-untyped-def]
    text = "Делегация Кыргызстана приняла участие в саммите ОТГ 3–4 апреля."
    (event,) = russian_extractor.extract(russian_document(text, date(2025, 5, 22))).events
    assert event.language == "ru"
    assert (event.date, event.date_end, event.date_inferred) == ("2025-04-03", "2025-04-04", False)
    assert text[event.trigger_start : event.trigger_end] == "приняла"


def test_a_relative_day_counts_from_the_publication_date(russian_extractor) -> None:  # type: ignore[no-untyped-def]
    text = "Накануне Азербайджан осудил действия Армении."
    (event,) = russian_extractor.extract(russian_document(text, date(2025, 5, 22))).events
    assert event.date == "2025-05-21"


def test_english_documents_still_go_through_the_english_kit(russian_extractor) -> None:  # type: ignore[no-untyped-def]
    assert russian_extractor.kit_for(None) is russian_extractor.kit_for("en")
    assert russian_extractor.kit_for("de") is russian_extractor.kit_for("en")
    assert russian_extractor.kit_for("ru").language == "ru"


def _russian_events(extractor, text: str) -> list[Event]:  # type: ignore[no-untyped-def]
    return extractor.extract(russian_document(text)).events  # type: ignore[no-any-return]


def test_a_following_sentence_naming_the_decree_dates_the_act(russian_extractor) -> None:  # type: ignore[no-untyped-def]
    events = _russian_events(
        russian_extractor,
        "Турция подписала соглашение с Азербайджаном. Соответствующее положение "
        "содержится в указе президента Турции от 14 февраля 2025 года.",
    )
    signed = [e for e in events if (e.source, e.target) == ("TUR", "AZE")]
    assert signed
    assert {(e.date, e.date_inferred) for e in signed} == {("2025-02-14", False)}


def test_a_decree_date_in_an_unrelated_russian_sentence_is_not_taken(russian_extractor) -> None:  # type: ignore[no-untyped-def]
    events = _russian_events(
        russian_extractor,
        "Турция подписала соглашение с Азербайджаном. Указом от 14 февраля 2025 года "
        "были повышены сборы для грузовиков.",
    )
    signed = [e for e in events if (e.source, e.target) == ("TUR", "AZE")]
    assert signed and all(e.date_inferred for e in signed)
