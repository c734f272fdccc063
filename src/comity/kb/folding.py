"""Length-preserving text folding for name matching.

The gazetteer matches names on a folded copy of the text and reports offsets into
the original, so every fold maps one character to exactly one character:
"Erdoğan" -> "erdogan", "İstanbul" -> "istanbul", "Tashkent’s" -> "tashkent's",
"Guinea–Bissau" -> "guinea-bissau". Characters without a one-character fold are
left as they are.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Characters Unicode does not decompose but which readers treat as the base letter.
_BASE_LETTERS = {
    "ı": "i",
    "ø": "o",
    "Ø": "O",
    "đ": "d",
    "Đ": "D",
    "ł": "l",
    "Ł": "L",
    "ħ": "h",
    "Ħ": "H",
}
_APOSTROPHES = "’‘ʼʻ`´′"
_DASHES = "‐‑‒–—―−"
_SPACES = "\t\n\r\x0b\x0c\xa0\u202f\u205f\u3000" + "".join(chr(c) for c in range(0x2000, 0x200B))

# Blocks whose letters can carry diacritics or case: Latin, Greek, Cyrillic.
_FOLDED_RANGES = ((0x0041, 0x024F), (0x0370, 0x052F), (0x1E00, 0x1FFF))


def _strip_marks(char: str) -> str:
    if char in _BASE_LETTERS:
        return _BASE_LETTERS[char]
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
    return base if len(base) == 1 else char


def _punctuation_table() -> dict[int, str]:
    table = {ord(c): "'" for c in _APOSTROPHES}
    table.update({ord(c): "-" for c in _DASHES})
    table.update({ord(c): " " for c in _SPACES})
    return table


@lru_cache(maxsize=1)
def strip_table() -> dict[int, str]:
    """Translation table removing diacritics but keeping case: "Türkiye" -> "Turkiye"."""
    table = _punctuation_table()
    for low, high in _FOLDED_RANGES:
        for point in range(low, high + 1):
            char = chr(point)
            stripped = _strip_marks(char)
            if stripped != char:
                table[point] = stripped
    return table


@lru_cache(maxsize=1)
def fold_table() -> dict[int, str]:
    """Translation table removing diacritics and case: "Türkiye" -> "turkiye"."""
    table = _punctuation_table()
    for low, high in _FOLDED_RANGES:
        for point in range(low, high + 1):
            char = chr(point)
            stripped = _strip_marks(char)
            lowered = stripped.lower()
            folded = lowered if len(lowered) == 1 else stripped
            if folded != char:
                table[point] = folded
    return table


def fold(text: str) -> str:
    """Case- and diacritics-insensitive form of `text`, of the same length."""
    return text.translate(fold_table())


def strip_marks(text: str) -> str:
    """`text` without diacritics (case kept), of the same length."""
    return text.translate(strip_table())
