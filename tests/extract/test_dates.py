"""The time-expression scanner on sentences written for these tests.

A case marks the expected expression in its sentence with [brackets]: the scanner
must find exactly that span in the sentence without them.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comity.errors import ConfigError
from comity.extract import dates
from comity.extract.dates import DateScan, load_date_words, scan_dates
from comity.models import Precision, TimeExpr

THURSDAY = date(2025, 4, 10)  # the publication date of most cases
DAY, MONTH, YEAR = Precision.DAY, Precision.MONTH, Precision.YEAR


class Case(NamedTuple):
    marked: str  # the sentence, with the expression in [brackets]
    value: str
    precision: Precision
    value_end: str | None = None
    published: date = THURSDAY

    @property
    def sentence(self) -> str:
        return self.marked.replace("[", "").replace("]", "")


def _only(sentence: str, published: date | None) -> TimeExpr:
    scan = scan_dates(sentence, published=published)
    assert len(scan.found) == 1, scan
    assert scan.unresolved == []
    return scan.found[0]


def _check(case: Case, *, relative: bool) -> None:
    expr = _only(case.sentence, case.published)
    start, end = case.marked.index("["), case.marked.index("]") - 1
    assert (expr.start, expr.end, expr.text) == (start, end, case.sentence[start:end])
    assert (expr.value, expr.value_end, expr.precision) == (
        case.value,
        case.value_end,
        case.precision,
    )
    assert expr.is_range is (case.value_end is not None)
    assert expr.relative is relative


EXPLICIT_DAYS = [
    Case("The treaty was signed on [December 24, 1991] in Almaty.", "1991-12-24", DAY),
    Case("Talks resumed on [24 December 1991] after a pause.", "1991-12-24", DAY),
    Case("The embassy opened on [Dec. 24, 1991], the ministry said.", "1991-12-24", DAY),
    Case("Diplomatic ties began [July 1 1999] with an exchange of notes.", "1999-07-01", DAY),
    Case("The protocol took effect on [1 July, 1999] for both sides.", "1999-07-01", DAY),
    Case("Deputies ratified the accord on [July 16, 2016] by a wide margin.", "2016-07-16", DAY),
    Case("In a letter dated [May 21, 2025], the minister wrote to Baku.", "2025-05-21", DAY),
    Case("The decree of [October 24, 1997] created a joint commission.", "1997-10-24", DAY),
    Case("The note was posted on [2025-05-21] on the ministry website.", "2025-05-21", DAY),
    Case("Order No. 15 of [21.05.2025] names a new envoy to Bishkek.", "2025-05-21", DAY),
    Case("A runoff is due on the [3rd of April 2025], officials said.", "2025-04-03", DAY),
    Case("[SEPTEMBER 9, 2024]: LEADERS GATHER IN ASTANA", "2024-09-09", DAY),
    Case("Envoys met again on [Sept. 11, 2001] in New York.", "2001-09-11", DAY),
    Case("On [Wednesday, April 9, 2025] the envoys met.", "2025-04-09", DAY),
    Case("The border post reopened on [2nd February 2023].", "2023-02-02", DAY),
    Case("Leap-day talks were held on [29 February 2024].", "2024-02-29", DAY),
]

EXPLICIT_MONTHS_AND_YEARS = [
    Case("In [March 2022] the council adopted a statement.", "2022-03", MONTH),
    Case("Relations were established in [April 1992].", "1992-04", MONTH),
    Case("[October 1992] saw the first official visit.", "1992-10", MONTH),
    Case("The ban on imports was lifted in [March of 2022].", "2022-03", MONTH),
    Case("Consultations began in [Jan 2019] in Ankara.", "2019-01", MONTH),
    Case("The two states signed a friendship treaty in [2018].", "2018", YEAR),
    Case("Ankara has backed the plan since [1991].", "1991", YEAR),
    Case("Families fled after the [1974] Turkish invasion of the island.", "1974", YEAR),
    Case("The bloc wants a customs union by [2030].", "2030", YEAR),
    Case("Trade fell sharply in mid-[2022], the report said.", "2022", YEAR),
    Case("The first charter ([1996]) set out shared goals.", "1996", YEAR),
    Case("Turkey's [2023] elections changed little in the region.", "2023", YEAR),
    Case("The pipeline was planned during the summer of [2015].", "2015", YEAR),
    Case("Work on the railway stalled in early [2021].", "2021", YEAR),
    Case("Visa rules were eased from [2017] onwards.", "2017", YEAR),
]

RANGES = [
    Case("The forum ran [April 8-11, 2018] in Baku.", "2018-04-08", DAY, "2018-04-11"),
    Case("The forum ran [April 8–11, 2018] in Baku.", "2018-04-08", DAY, "2018-04-11"),
    Case("Drills took place [November 19-22, 2018].", "2018-11-19", DAY, "2018-11-22"),
    Case("Talks were held [8th–11th April 2018] in Geneva.", "2018-04-08", DAY, "2018-04-11"),
    Case("The fair is open [30 April – 2 May 2025].", "2025-04-30", DAY, "2025-05-02"),
    Case("They talked [from April 30 to May 2, 2025].", "2025-04-30", DAY, "2025-05-02"),
    Case("Drills will be held [from 3 to 5 May 2025].", "2025-05-03", DAY, "2025-05-05"),
    Case("Voting ran [between 1 and 3 June 2024].", "2024-06-01", DAY, "2024-06-03"),
    Case("It ran [from December 30, 2024 to January 2, 2025].", "2024-12-30", DAY, "2025-01-02"),
    Case("He served as ambassador [1991-1993] before retiring.", "1991", YEAR, "1993"),
    Case("He chaired the commission [from 1991 to 1993].", "1991", YEAR, "1993"),
    Case("The dispute simmered [between 1991 and 1993].", "1991", YEAR, "1993"),
    Case("Exports rose in the [2018–19] season.", "2018", YEAR, "2019"),
    Case("Shipments were suspended [March–April 2022].", "2022-03", MONTH, "2022-04"),
    Case("The office was shut [from March 2021 to May 2022].", "2021-03", MONTH, "2022-05"),
]

# Published 2025-04-10 unless the case says otherwise.
DAYS_WITHOUT_YEAR = [
    Case("The envoy arrived on [24 December] for consultations.", "2024-12-24", DAY),
    Case("The ministers spoke by phone on [April 3].", "2025-04-03", DAY),
    Case("A truce was agreed on [December 30].", "2024-12-30", DAY, published=date(2025, 1, 3)),
    Case("Both sides meet on [January 2].", "2025-01-02", DAY, published=date(2024, 12, 28)),
    Case("The summit on [3–4 April] drew five leaders.", "2025-04-03", DAY, "2025-04-04"),
    Case("Leaders met on [April 3–4] in Khiva.", "2025-04-03", DAY, "2025-04-04"),
    Case("Met [30 December – 2 January].", "2024-12-30", DAY, "2025-01-02", date(2025, 1, 10)),
]

# Published on Thursday 2025-04-10 unless the case says otherwise.
RELATIVE = [
    Case("The foreign minister landed in Ankara [yesterday].", "2025-04-09", DAY),
    Case("[Today] the two presidents sign a transit deal.", "2025-04-10", DAY),
    Case("The delegation leaves for Astana [tomorrow] morning.", "2025-04-11", DAY),
    Case("Talks resumed on [Wednesday] in Vienna.", "2025-04-09", DAY),
    Case("The envoy resigned [last Wednesday], sources said.", "2025-04-09", DAY),
    Case("The treaty was initialled on [Thursday].", "2025-04-10", DAY),
    Case("The cabinet will vote [next Wednesday] on the bill.", "2025-04-16", DAY),
    Case("The deal may be signed [this coming Thursday].", "2025-04-17", DAY),
    Case("Both sides traded accusations [last week].", "2025-03-31", DAY, "2025-04-06"),
    Case("Inspectors are visiting the plant [this week].", "2025-04-07", DAY, "2025-04-13"),
    Case("The embassy reopened [last month] after repairs.", "2025-03", MONTH),
    Case("Prices rose [earlier this month] across the region.", "2025-04", MONTH),
    Case("A new envoy takes office [next month].", "2025-05", MONTH),
    Case("Trade doubled [last year], the bank said.", "2024", YEAR),
    Case("Elections are due [this year] in both states.", "2025", YEAR),
    Case("The corridor opened [earlier this year].", "2025", YEAR),
    Case("The summit moves to Bishkek [next year].", "2026", YEAR),
    Case("Troops withdrew [two days ago] from the ridge.", "2025-04-08", DAY),
    Case("The accord lapsed [three weeks ago] without renewal.", "2025-03-20", DAY),
    Case("The ministers had spoken by phone [the day before].", "2025-04-09", DAY),
    Case("Shelling stopped [the day before yesterday].", "2025-04-08", DAY),
    Case("[A year ago] the border was still shut.", "2024", YEAR),
    Case("The tariff was raised [two months ago].", "2025-02", MONTH),
    Case("The ambassador was recalled [10 days ago].", "2025-03-31", DAY),
    Case("The plan was announced [last month].", "2024-12", MONTH, published=date(2025, 1, 15)),
]


@pytest.mark.parametrize("case", EXPLICIT_DAYS, ids=[c.marked for c in EXPLICIT_DAYS])
def test_explicit_days(case: Case) -> None:
    _check(case, relative=False)


@pytest.mark.parametrize(
    "case", EXPLICIT_MONTHS_AND_YEARS, ids=[c.marked for c in EXPLICIT_MONTHS_AND_YEARS]
)
def test_months_and_years_keep_their_precision(case: Case) -> None:
    _check(case, relative=False)


@pytest.mark.parametrize("case", RANGES, ids=[c.marked for c in RANGES])
def test_ranges(case: Case) -> None:
    _check(case, relative=False)


@pytest.mark.parametrize("case", DAYS_WITHOUT_YEAR, ids=[c.marked for c in DAYS_WITHOUT_YEAR])
def test_day_and_month_take_the_year_nearest_to_publication(case: Case) -> None:
    _check(case, relative=True)


@pytest.mark.parametrize("case", RELATIVE, ids=[c.marked for c in RELATIVE])
def test_relative_expressions_count_from_publication(case: Case) -> None:
    _check(case, relative=True)


NOTHING = [
    "Security Council resolutions 541 and 550 remain in force.",
    "Some 1,500 troops were deployed along the line.",
    "The fund holds 2,000 tonnes of grain in reserve.",
    "Visitors at IDEF-2025 inspected new armoured cars.",
    "The army ordered forty 4×4 vehicles for patrols.",
    "The figure appears on page 2019 of the annex.",
    "The 2000 troops were sent home before winter.",
    "A force of 1990 soldiers guards the crossing.",
    "Leaders adopted the Turkic World – 2040 vision.",
    "Vision 2030 sets out the kingdom's plans.",
    "The sides first talked a few years ago.",
    "Both envoys arrived the day before the vote.",
    "It was the last year of the war.",
    "The summit is planned in May in the capital.",
    "The deal was signed on April 31, 2020 reportedly.",
    "Pilgrims marked Ash Wednesday quietly.",
    "The index stood at 2.2018 points.",
    "Wednesday's talks ended early.",
    "Exports fell in the 1990s.",
    "The 12-8 vote passed on a second reading.",
    "The archive box is labelled 1993-1991 by mistake.",
    "The envoy's note was dated 11-8 April by mistake.",
]


@pytest.mark.parametrize("sentence", NOTHING)
def test_numbers_and_vague_words_give_no_date(sentence: str) -> None:
    assert scan_dates(sentence, published=THURSDAY) == DateScan(found=[], unresolved=[])


UNRESOLVED = [
    ("The minister landed in Ankara yesterday.", "yesterday"),
    ("The envoy arrived on 24 December for talks.", "24 December"),
    ("Leaders met on April 3–4 in Khiva.", "April 3–4"),
    ("Both sides traded accusations last week.", "last week"),
    ("The envoy resigned last Wednesday.", "last Wednesday"),
    ("Troops withdrew two days ago.", "two days ago"),
    ("Trade doubled last year.", "last year"),
    ("Wednesday, April 9 was chosen for the talks.", "Wednesday, April 9"),
]


@pytest.mark.parametrize(("sentence", "expression"), UNRESOLVED)
def test_relative_dates_without_publication_date_are_unresolved(
    sentence: str, expression: str
) -> None:
    assert scan_dates(sentence, published=None) == DateScan(found=[], unresolved=[expression])


def test_explicit_dates_need_no_publication_date() -> None:
    scan = scan_dates(
        "On 12 May 2024 the deal was signed, and it was amended last week.", published=None
    )
    assert [expr.value for expr in scan.found] == ["2024-05-12"]
    assert scan.unresolved == ["last week"]


def test_a_range_is_one_expression_and_its_year_is_not_found_again() -> None:
    scan = scan_dates("The forum ran April 8-11, 2018 and again in 2019.", published=None)
    assert [(expr.text, expr.value, expr.value_end) for expr in scan.found] == [
        ("April 8-11, 2018", "2018-04-08", "2018-04-11"),
        ("2019", "2019", None),
    ]


def test_several_expressions_are_sorted_by_start() -> None:
    sentence = "Talks in 2019 and 2020 led to a deal on 5 March 2021, ratified last week."
    scan = scan_dates(sentence, published=THURSDAY)
    assert [expr.text for expr in scan.found] == ["2019", "2020", "5 March 2021", "last week"]
    assert [expr.start for expr in scan.found] == sorted(expr.start for expr in scan.found)


def test_a_date_inside_a_longer_range_is_not_split_out() -> None:
    scan = scan_dates("It met from 3 to 5 May 2025.", published=THURSDAY)
    assert [expr.text for expr in scan.found] == ["from 3 to 5 May 2025"]


def test_a_range_joined_by_a_word_needs_its_opening_word() -> None:
    scan = scan_dates("Votes were cast on 1 and 3 June 2024.", published=THURSDAY)
    assert [expr.text for expr in scan.found] == ["3 June 2024"]


def test_month_range_covers_whole_months() -> None:
    expr = _only("Shipments were suspended March–April 2022.", THURSDAY)
    assert (expr.first, expr.last) == (date(2022, 3, 1), date(2022, 4, 30))


def test_week_range_runs_monday_to_sunday() -> None:
    expr = _only("Inspectors came last week.", date(2025, 4, 13))  # a Sunday
    assert (expr.first, expr.last) == (date(2025, 3, 31), date(2025, 4, 6))


def test_unknown_language_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        load_date_words("xx")


_WORDS = [
    *["on", "in", "since", "from", "to", "between", "and", "the", "last", "next", "ago"],
    *["April", "May", "Dec.", "Wednesday", "week", "year", "days", "two", "yesterday"],
    *["2018", "1991", "24", "3", "11", "21.05.2025", "2025-05-21", "–", "-", ",", "IDEF-2025"],
]


@settings(max_examples=150, deadline=None, database=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=14))
def test_expressions_never_overlap_and_match_their_offsets(words: list[str]) -> None:
    text = " ".join(words)
    scan = scan_dates(text, published=THURSDAY)
    for expr in scan.found:
        assert text[expr.start : expr.end] == expr.text
        assert expr.first <= expr.last
    spans = sorted((expr.start, expr.end) for expr in scan.found)
    assert all(
        end <= next_start for (_, end), (next_start, _) in zip(spans, spans[1:], strict=False)
    )


# --- choosing among overlapping candidates (issue 11: linearithmic, same choice) ---


def _pairwise_choice(candidates: list[dates._Candidate]) -> list[dates._Candidate]:
    """The rule as first written: each candidate, best first, checked against every one kept."""

    def rank(candidate: dates._Candidate) -> tuple[int, int, int]:
        precision = candidate.meaning.precision if candidate.meaning else Precision.DAY
        return candidate.start - candidate.end, list(Precision).index(precision), candidate.start

    kept: list[dates._Candidate] = []
    for candidate in sorted(candidates, key=rank):
        if all(candidate.end <= other.start or other.end <= candidate.start for other in kept):
            kept.append(candidate)
    return sorted(kept, key=lambda candidate: candidate.start)


_candidates = st.builds(
    lambda start, length, precision: dates._Candidate(
        start,
        start + length,
        None
        if precision is None
        else dates._Interval(date(2024, 1, 1), date(2024, 12, 31), precision),
    ),
    st.integers(0, 60),
    st.integers(1, 12),
    st.one_of(st.none(), st.sampled_from(list(Precision))),
)


@settings(max_examples=120, deadline=None, database=None)
@given(st.lists(_candidates, max_size=40))
def test_overlapping_candidates_are_chosen_as_by_the_pairwise_rule(
    candidates: list[dates._Candidate],
) -> None:
    assert dates._without_overlaps(candidates) == _pairwise_choice(candidates)


def _dated_report(paragraphs: int) -> str:
    """A long text with several date forms per paragraph, some overlapping candidates."""
    months = ["January", "March", "May", "July", "September", "November"]
    lines = []
    for n in range(paragraphs):
        month, year = months[n % len(months)], 1995 + n % 30
        lines.append(
            f"Envoys met on {n % 27 + 1} {month} {year} and again on {month} {n % 20 + 2}, "
            f"{year}; the fair ran April 8-11, {year}, talks were held between 3 and 5 "
            f"{month} {year}, two days ago the ministers spoke, and in {year} a treaty followed."
        )
    return "\n".join(lines)


def test_a_text_with_a_thousand_dates_is_read_as_by_the_pairwise_rule(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = _dated_report(180)
    fast = scan_dates(text, published=THURSDAY)
    monkeypatch.setattr(dates, "_without_overlaps", _pairwise_choice)
    pairwise = scan_dates(text, published=THURSDAY)
    assert fast == pairwise
    assert len(fast.found) == 180 * 6
    assert [expr.text for expr in fast.found[:6]] == [
        "1 January 1995",
        "January 2, 1995",
        "April 8-11, 1995",
        "between 3 and 5 January 1995",
        "two days ago",
        "1995",
    ]
