"""Russian dates (data/dates/ru.toml) at the precision the text gives."""

from __future__ import annotations

from datetime import date

import pytest

from comity.extract.dates import date_grammar

PUBLISHED = date(2025, 5, 22)  # a Thursday


def found(text: str, published: date | None = PUBLISHED) -> list[tuple[str, str, str | None, str]]:
    scan = date_grammar("ru").scan(text, published=published)
    return [(t.text, t.value, t.value_end, t.precision.value) for t in scan.found]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Саммит прошёл 3–4 апреля в Баку.", ("3–4 апреля", "2025-04-03", "2025-04-04", "day")),
        ("Договор подписан в марте 2022 года.", ("марте 2022", "2022-03", None, "month")),
        ("Это случилось 24 декабря 1991 года.", ("24 декабря 1991", "1991-12-24", None, "day")),
        (
            "Форум пройдёт с 3 по 5 июня 2026 года.",
            ("с 3 по 5 июня 2026", "2026-06-03", "2026-06-05", "day"),
        ),
        ("Он вступил в организацию в 2019 году.", ("2019", "2019", None, "year")),
        ("Министры встретились в среду.", ("среду", "2025-05-21", None, "day")),
        (
            "Соглашение вступит в силу в июле этого года.",
            ("июле этого года", "2025-07", None, "month"),
        ),
        (
            "Об этом стало известно в марте прошлого года.",
            ("марте прошлого года", "2024-03", None, "month"),
        ),
        ("Накануне президент провёл переговоры.", ("Накануне", "2025-05-21", None, "day")),
        ("Делегация прибыла два дня назад.", ("два дня назад", "2025-05-20", None, "day")),
        (
            "Переговоры прошли на прошлой неделе.",
            ("прошлой неделе", "2025-05-12", "2025-05-18", "day"),
        ),
    ],
)
def test_russian_dates_are_found_at_their_precision(text, expected) -> None:  # type: ignore[no-untyped-def]
    assert found(text) == [expected]


def test_nakanune_before_a_noun_counts_from_that_noun_not_the_publication() -> None:
    assert found("Накануне визита министр сделал заявление.") == []


def test_a_count_of_people_is_not_a_year() -> None:
    assert found("В учениях участвовали 2000 военнослужащих.") == []


def test_relative_russian_dates_need_a_publication_date() -> None:
    scan = date_grammar("ru").scan("в июле этого года", published=None)
    assert scan.found == [] and scan.unresolved == ["июле этого года"]
