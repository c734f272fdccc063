from __future__ import annotations

from datetime import date

import pytest

from comity.models import Precision

pytest.importorskip("comity.extract.dates")

from comity.ingest.dateline import DatelineDate, dateline_date  # noqa: E402


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "TASHKENT, 21 May 2025 — Uzbekistan opened talks.",
            DatelineDate(date(2025, 5, 21), Precision.DAY),
        ),
        ("Baku, April 3, 2025. The ministers met.", DatelineDate(date(2025, 4, 3), Precision.DAY)),
        (
            "NUR-SULTAN, Friday, 3 June 2022 — Talks ended.",
            DatelineDate(date(2022, 6, 3), Precision.DAY),
        ),
        (
            "SAMARKAND, Uzbekistan, 4 April 2025 — Leaders met.",
            DatelineDate(date(2025, 4, 4), Precision.DAY),
        ),
        (
            "BISHKEK, March 2025 — A monthly review.",
            DatelineDate(date(2025, 3, 1), Precision.MONTH),
        ),
        (
            "Border talks resume\n\nDUSHANBE, 9 July 2024 — Officials met.",
            DatelineDate(date(2024, 7, 9), Precision.DAY),
        ),
    ],
)
def test_a_dateline_with_a_year_gives_the_date(text: str, expected: DatelineDate) -> None:
    assert dateline_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ANKARA, May 21 (Reuters) - Turkey said it would reply.",  # no year
        "In Astana, on 3 November 2023, the leaders met.",  # a sentence, not a dateline
        "Kazakhstan, Uzbekistan and Kyrgyzstan signed a pact on 3 May 2024.",
        "Baku, 3-4 April 2025 — A two-day forum.",  # a range is not a publication date
        "The leaders met in Baku.\n\nThen more.\n\nBAKU, 3 April 2025 — too far down.",
        "Talks were held in the capital, where officials on 3 April 2025 signed a memorandum.",
    ],
)
def test_no_date_without_a_proper_dateline(text: str) -> None:
    assert dateline_date(text) is None


def test_a_date_beyond_the_dateline_window_is_not_taken() -> None:
    text = "ASTANA, " + "Kazakhstan " * 8 + "3 November 2023 — late"
    assert dateline_date(text) is None
