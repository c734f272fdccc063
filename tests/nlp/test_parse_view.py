from __future__ import annotations

import pytest

from comity.models import EntityKind, Mention, NameKind
from comity.nlp.parse_view import parse_view


def _person(text: str, whole: str) -> Mention:
    start = whole.index(text)
    return Mention(
        start=start, end=start + len(text), text=text, code="x", kind=EntityKind.PERSON,
        name_kind=NameKind.PERSON,
    )  # fmt: skip


def test_names_are_cut_to_the_surname_and_offsets_map_back() -> None:
    text = "Intro. President Kassym-Jomart Tokayev hosted Recep Tayyip Erdoğan in Astana."
    start = text.index("President")
    names = [_person("Kassym-Jomart Tokayev", text), _person("Recep Tayyip Erdoğan", text)]
    view = parse_view(text, start, len(text), names)
    assert view.text == "President Tokayev hosted Erdoğan in Astana."
    for word in ("President", "Tokayev", "hosted", "Erdoğan", "Astana"):
        parsed = view.text.index(word)
        assert text[view.to_document(parsed) :].startswith(word)
        assert view.to_parse(view.to_document(parsed)) == parsed
    # the start of a cut name maps to its surname in the parsed text
    assert view.text[view.to_parse(names[0].start) :].startswith("Tokayev")


def test_initials_are_masked_with_the_same_length() -> None:
    text = "The President S.Sh. Jeenbekov arrived."
    view = parse_view(text, 0, len(text), [])
    assert len(view.text) == len(text)
    assert "S.Sh." not in view.text
    assert view.to_document(view.text.index("Jeenbekov")) == text.index("Jeenbekov")


@pytest.mark.parametrize("text", ["Plain sentence with no names.", "Erdoğan spoke."])
def test_text_without_cuts_is_unchanged(text: str) -> None:
    view = parse_view(text, 0, len(text), [_person("Erdoğan", text)] if "Erdoğan" in text else [])
    assert view.text == text
    assert all(view.to_document(i) == i for i in range(len(text)))
