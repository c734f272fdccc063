from __future__ import annotations

import hashlib

from hypothesis import given
from hypothesis import strategies as st

from comity.ingest import document_id, normalise_text

whitespace = st.text(alphabet=" \t\r\n\u00a0\u2028", max_size=8)


def test_line_endings_become_newlines() -> None:
    assert normalise_text("one\r\ntwo\rthree\u2028four") == "one\ntwo\nthree\nfour"


def test_trailing_spaces_on_each_line_go() -> None:
    assert normalise_text("Astana  \t\nBaku \u00a0\nTashkent") == "Astana\nBaku\nTashkent"


def test_runs_of_blank_lines_shrink_to_one() -> None:
    assert normalise_text("Title\n\n\n\n\nBody\n \n\t\nEnd") == "Title\n\nBody\n\nEnd"


def test_a_single_blank_line_is_kept() -> None:
    assert normalise_text("Title\n\nBody") == "Title\n\nBody"


def test_leading_and_trailing_whitespace_goes() -> None:
    assert normalise_text("\n\n   Shusha, 15 June   \n\n") == "Shusha, 15 June"


def test_text_is_composed_to_nfc() -> None:
    assert normalise_text("Erdog\u0306an") == "Erdoğan"


def test_punctuation_quotes_dashes_and_inner_spaces_are_kept() -> None:
    text = "“One nation,  two states” — they said;\tthe 3–4 April talks… ‘ended’."
    assert normalise_text(text) == text


def test_document_id_is_the_sha256_prefix_of_the_normalised_text() -> None:
    text = "  The ministers met in Aktau.\r\n"
    expected = hashlib.sha256(b"The ministers met in Aktau.").hexdigest()[:24]
    assert document_id(text) == expected


def test_different_texts_get_different_ids() -> None:
    assert document_id("Kazakhstan signed.") != document_id("Kazakhstan did not sign.")


@given(st.text(max_size=200))
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once


@given(st.text(min_size=1, max_size=200), whitespace, whitespace)
def test_id_ignores_whitespace_around_the_text(text: str, before: str, after: str) -> None:
    assert document_id(before + text + after) == document_id(text)


@given(st.text(st.characters(exclude_characters="\r"), max_size=200))
def test_id_ignores_windows_line_endings(text: str) -> None:
    assert document_id(text.replace("\n", "\r\n")) == document_id(text)
