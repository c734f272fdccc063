"""Dates carried back from the record a statement comes from.

"Uzbekistan intends to open its border to its allies. The corresponding provision is
contained in the decree of the President dated May 21, 2025." The first sentence has
no date; the second dates it by naming the decree it comes from. The words that make
such a reference are data, one file per language (`data/dates/records_en.toml`,
`records_ru.toml`).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from comity.models import TimeExpr
from comity.nlp.sentences import SentenceSpan


class RecordReferences:
    """Recognises "... is contained in the decree ... dated <date>" before a date."""

    def __init__(
        self,
        reference_verbs: Sequence[str],
        record_nouns: Sequence[str],
        linking_words: Sequence[str],
        max_gap: int,
    ) -> None:
        verbs = _alternation(reference_verbs)
        nouns = _alternation(record_nouns)
        links = _alternation(linking_words)
        # Matched against the text from the sentence start up to the date.
        self._pattern = re.compile(
            rf"\b(?:{verbs})\b.*\b(?:{nouns})\b.{{0,{max_gap}}}?\b(?:{links})\s+$",
            re.IGNORECASE | re.DOTALL,
        )

    @classmethod
    def load(cls, language: str = "en") -> RecordReferences:
        return _packaged(language)

    def date_for_previous(
        self,
        text: str,
        sentence: SentenceSpan,
        following: SentenceSpan | None,
        dates: Sequence[TimeExpr],
    ) -> TimeExpr | None:
        """The date `following` gives to `sentence` by naming the record both come from."""
        if following is None or following.paragraph != sentence.paragraph:
            return None
        for time in dates:
            inside = following.start <= time.start and time.end <= following.end
            if inside and self._pattern.search(text[following.start : time.start]):
                return time
        return None


def _alternation(words: Sequence[str]) -> str:
    longest_first = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in longest_first)


@lru_cache(maxsize=4)
def _packaged(language: str) -> RecordReferences:
    path = resources.files("comity").joinpath("data", "dates", f"records_{language}.toml")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return RecordReferences(
        data["reference_verbs"], data["record_nouns"], data["linking_words"], data["max_gap"]
    )
