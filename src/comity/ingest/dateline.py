"""Finding the publication date in a news dateline ("TASHKENT, 21 May 2025 —").

Only a date right after a capitalised place name and a comma, at the start of
one of the first lines and with a year, counts: anything looser would take an
event date from the first sentence for the publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from comity.models import Precision

DATELINE_CHARS = 80
LINES_TO_CHECK = 2  # a headline, then the dateline
MAX_PLACE_CHARS = 40
MAX_PLACE_WORDS = 4
MAX_GAP_WORDS = 3

_PLACE_WORD = re.compile(r"[^\W\d_][\w.'’/-]*")
_GAP_SPLIT = re.compile(r"[,\s]+")
_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")


@dataclass(frozen=True)
class DatelineDate:
    published: date
    precision: Precision


def dateline_date(text: str) -> DatelineDate | None:
    """The date of the dateline opening `text`, if it has one with a year."""
    for line in _first_lines(text):
        window = line[:DATELINE_CHARS]
        place_end = _end_of_place(window)
        if place_end is not None:
            found = _date_after_place(window, place_end)
            if found is not None:
                return found
    return None


def _first_lines(text: str) -> list[str]:
    lines = (line.strip() for line in text.split("\n", LINES_TO_CHECK * 4))
    return [line for line in lines if line][:LINES_TO_CHECK]


def _end_of_place(window: str) -> int | None:
    """Offset just after "PLACE," when the window opens with a capitalised place name."""
    comma = window.find(",")
    if comma <= 0 or comma > MAX_PLACE_CHARS:
        return None
    words = window[:comma].split()
    if not 1 <= len(words) <= MAX_PLACE_WORDS:
        return None
    if all(_PLACE_WORD.fullmatch(word) and word[0].isupper() for word in words):
        return comma + 1
    return None


def _date_after_place(window: str, place_end: int) -> DatelineDate | None:
    # Imported here: comity.extract loads the NLP side of comity, which plain
    # reading does not need unless a text opens like a dateline.
    from comity.extract.dates import scan_dates

    for expr in sorted(scan_dates(window, published=None).found, key=lambda expr: expr.start):
        if expr.start < place_end:
            continue
        if not _is_dateline_gap(window[place_end : expr.start]):
            return None
        if expr.relative or expr.is_range or not _YEAR.search(expr.text):
            return None
        return DatelineDate(expr.first, expr.precision)
    return None


def _is_dateline_gap(gap: str) -> bool:
    """What may stand between the place and the date: a region or weekday ("Uzbekistan, ")."""
    words = [word for word in _GAP_SPLIT.split(gap) if word]
    return len(words) <= MAX_GAP_WORDS and all(
        word.isalpha() and word[0].isupper() for word in words
    )
