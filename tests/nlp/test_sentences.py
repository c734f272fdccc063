from __future__ import annotations

import pytest

from comity.nlp.sentences import split_sentences


def _texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Baku hosted the talks. Ankara sent a delegation.",
            ["Baku hosted the talks.", "Ankara sent a delegation."],
        ),
        (
            "President R.T. Erdogan arrived. He met the host.",
            ["President R.T. Erdogan arrived.", "He met the host."],
        ),
        ("The envoy S.Sh. Jeenbekov spoke first.", ["The envoy S.Sh. Jeenbekov spoke first."]),
        ("Speaker D. Dzhumabekov attended.", ["Speaker D. Dzhumabekov attended."]),
        ("The U.S. side agreed! Talks resume.", ["The U.S. side agreed!", "Talks resume."]),
        ("Mr. Aliyev left. Then he returned?", ["Mr. Aliyev left.", "Then he returned?"]),
        ("“We agree.” The minister smiled.", ["“We agree.”", "The minister smiled."]),
        (
            "A title line\nThe body starts here. It ends.",
            ["A title line", "The body starts here.", "It ends."],
        ),
        ("Talks ended in 2019. 2020 began badly.", ["Talks ended in 2019.", "2020 began badly."]),
        ("   ", []),
    ],
)
def test_splits_sentences(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


def test_spans_index_the_original_text_and_carry_paragraphs() -> None:
    text = "First paragraph. Still first.\n\nSecond paragraph here."
    spans = split_sentences(text)
    assert [s.paragraph for s in spans] == [0, 0, 1]
    assert spans[2].paragraph_start == text.index("Second")
    assert spans[1].paragraph_start == 0
    assert all(text[s.start : s.end].strip() == text[s.start : s.end] for s in spans)
