"""The Russian parser: natasha's models, pymorphy3 lemmas, spaCy Docs the coder reads."""

from __future__ import annotations

import subprocess
import sys

import pytest

from comity.nlp.russian import RussianParser, load_russian_models


@pytest.fixture(scope="module")
def parser(russian_extractor) -> RussianParser:  # type: ignore[no-untyped-def]
    # The extractor fixture loads the models once per session; the parser shares them.
    return RussianParser(load_russian_models())


def test_a_doc_keeps_the_text_exactly_even_with_odd_spaces(parser: RussianParser) -> None:
    text = "Турция  подписала\u00a0соглашение с Арменией."
    doc = parser(text)
    assert doc.text == text


def test_lemmas_follow_the_tagged_part_of_speech_and_case(parser: RussianParser) -> None:
    doc = parser("Делегация Узбекистана провела переговоры с Турцией.")
    lemmas = {token.text: token.lemma_ for token in doc}
    assert lemmas["провела"] == "провести"
    assert lemmas["Узбекистана"] == "узбекистан"
    assert lemmas["с"] == "with"


def test_the_parse_has_the_coder_labels(parser: RussianParser) -> None:
    doc = parser("Кыргызстан не подписал договор с Таджикистаном.")
    deps = {token.text: (token.dep_, token.head.text) for token in doc}
    assert deps["Кыргызстан"] == ("nsubj", "подписал")
    assert deps["не"] == ("neg", "подписал")
    assert deps["договор"] == ("dobj", "подписал")
    assert deps["Таджикистаном"] == ("pobj", "с")


def test_pipe_gives_one_doc_per_text_in_order(parser: RussianParser) -> None:
    texts = ["Узбекистан подписал договор.", "", "Венгрия поддержала Турцию."]
    assert [doc.text for doc in parser.pipe(texts)] == texts


def test_importing_comity_does_not_import_natasha() -> None:
    code = "import sys, comity, comity.extract.extractor; print('slovnet' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False", result.stderr
