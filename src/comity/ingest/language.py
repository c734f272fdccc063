"""Guessing a document's language with py3langid, loaded once and reused."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from py3langid.langid import MODEL_FILE, LanguageIdentifier

SAMPLE_CHARS = 3000
MIN_LETTERS = 60
MIN_PROBABILITY = 0.8
FALLBACK_LANGUAGE = "en"


@lru_cache(maxsize=1)
def load_identifier() -> Any:
    """The py3langid model with probabilities normalised to 0..1 (loading takes ~1 s)."""
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the language of `text`, judged on its first 3,000 characters.

    Short texts (under 60 letters) and uncertain guesses (probability under
    0.8) are taken as English, the language most of comity's input is in;
    a text without any letter has no language (None).
    """
    sample = text[:SAMPLE_CHARS]
    letters = sum(char.isalpha() for char in sample)
    if letters == 0:
        return None
    if letters < MIN_LETTERS:
        return FALLBACK_LANGUAGE
    language, probability = load_identifier().classify(sample)
    return str(language) if probability >= MIN_PROBABILITY else FALLBACK_LANGUAGE
