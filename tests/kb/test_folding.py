from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from comity.kb.folding import fold, strip_marks


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Türkiye", "turkiye"),
        ("İSTANBUL", "istanbul"),
        ("Diyarbakır", "diyarbakir"),
        ("Erdoğan’s", "erdogan's"),
        ("Guinea–Bissau", "guinea-bissau"),
        ("Oʻzbekiston", "o'zbekiston"),
        ("Łódź", "lodz"),
        ("Тоқаев Ёлка", "тоқаев елка"),
        ("Republic of\nTurkey", "republic of turkey"),
    ],
)
def test_fold_removes_case_and_diacritics(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_strip_marks_keeps_case() -> None:
    assert strip_marks("Çavuşoğlu in İzmir") == "Cavusoglu in Izmir"


@given(st.text())
def test_fold_keeps_every_offset(text: str) -> None:
    assert len(fold(text)) == len(text)
    assert len(strip_marks(text)) == len(text)
