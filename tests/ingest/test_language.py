from __future__ import annotations

import pytest

from comity.ingest import detect_language
from comity.ingest import language as language_module

ENGLISH = (
    "The foreign ministers of Kazakhstan and Turkey met in Astana on Monday and agreed "
    "to open a joint trade office next spring, officials of both ministries said."
)
RUSSIAN = (
    "Министры иностранных дел Казахстана и Турции встретились в понедельник в Астане и "
    "договорились открыть совместное торговое представительство следующей весной."
)


def test_an_english_text_is_english() -> None:
    assert detect_language(ENGLISH) == "en"


def test_a_russian_text_is_russian() -> None:
    assert detect_language(RUSSIAN) == "ru"


def test_a_short_text_is_taken_as_english() -> None:
    assert detect_language("Встреча в Астане.") == "en"


def test_a_text_without_letters_has_no_language() -> None:
    assert detect_language("2025-04-04 12:00 — 3/4") is None


def test_only_the_start_of_a_long_text_is_looked_at() -> None:
    assert detect_language(RUSSIAN * 40 + ENGLISH * 200) == "ru"


def test_an_uncertain_guess_falls_back_to_english(monkeypatch: pytest.MonkeyPatch) -> None:
    class Unsure:
        def classify(self, text: str) -> tuple[str, float]:
            return "de", 0.55

    monkeypatch.setattr(language_module, "load_identifier", lambda: Unsure())
    assert detect_language(RUSSIAN) == "en"


def test_the_model_is_loaded_once() -> None:
    assert language_module.load_identifier() is language_module.load_identifier()
