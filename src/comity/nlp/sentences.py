"""Cheap sentence splitting, before any parsing.

comity splits a document into paragraphs and sentences with rules so that it can
decide, sentence by sentence, what is worth a dependency parse (issue 3). The rules
know the initials of post-Soviet name styles ("S.Sh. Jeenbekov", "R.T. Erdogan")
and common abbreviations, which a naive split on ". " breaks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at . ! ? (optionally followed by closing quotes or brackets),
# then whitespace, then something that can start a sentence.
_BOUNDARY = re.compile(r"([.!?…][\"'”’»)\]]*)\s+(?=[\"'“‘«(\[]?[A-ZА-ЯЁ0-9])")
_PARAGRAPH = re.compile(r"[^\n]+")
# Words before a period that do not end a sentence.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "col",
        "lt",
        "maj",
        "capt",
        "sgt",
        "st",
        "jr",
        "sr",
        "no",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "approx",
        "dept",
        "est",
        "govt",
        "fig",
        "u.s",
        "u.k",
        "u.n",
        "e.u",
        "a.m",
        "p.m",
        "i.e",
        "e.g",
    ]
)
# "R.T", "S.Sh", "D", "Zh": initials, not sentence ends.
_INITIALS = re.compile(r"^(?:[A-ZА-ЯЁ][a-zа-яё]?\.)*[A-ZА-ЯЁ][a-zа-яё]?$")


@dataclass(frozen=True)
class SentenceSpan:
    """A sentence's character span in the document and the paragraph it belongs to."""

    start: int
    end: int
    paragraph: int
    paragraph_start: int  # where the sentence's paragraph starts, for dates carried within it


def split_sentences(text: str) -> list[SentenceSpan]:
    """Split `text` into sentences; every newline also ends a sentence."""
    spans: list[SentenceSpan] = []
    for paragraph, line in enumerate(_PARAGRAPH.finditer(text)):
        spans.extend(_split_line(text, line.start(), line.end(), paragraph))
    return spans


def _split_line(text: str, start: int, end: int, paragraph: int) -> list[SentenceSpan]:
    spans: list[SentenceSpan] = []
    sentence_start = start
    for boundary in _BOUNDARY.finditer(text, start, end):
        period = boundary.start()
        if text[period] == "." and not _ends_sentence(text, sentence_start, period):
            continue
        _append_trimmed(spans, text, sentence_start, boundary.end(1), paragraph, start)
        sentence_start = boundary.end()
    _append_trimmed(spans, text, sentence_start, end, paragraph, start)
    return spans


def _ends_sentence(text: str, sentence_start: int, period: int) -> bool:
    """False when the word before the period is an initial or an abbreviation."""
    word_start = period
    while word_start > sentence_start and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:period].lstrip("(\"'“‘«")
    if not word:
        return True
    if _INITIALS.match(word):
        return False
    return word.lower() not in _ABBREVIATIONS


def _append_trimmed(
    spans: list[SentenceSpan], text: str, start: int, end: int, paragraph: int, paragraph_start: int
) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(SentenceSpan(start, end, paragraph, paragraph_start))
