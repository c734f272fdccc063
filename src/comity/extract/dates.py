"""Find the time expressions of a text and normalise them at the precision it gives.

`scan_dates` finds explicit dates ("24 December 1991", "March 2022", "in 2018"),
ranges ("April 8-11, 2018", "3–4 April", "1991-1993", "March–April 2022") and dates
counted from the publication date ("yesterday", "last Wednesday", "two weeks ago").
Each becomes a `TimeExpr` spanning its first to last day; a month stays a month and
a year a year, so no day is made up. The words and patterns are data, one file per
language: `comity/data/dates/<language>.toml`.

- A number from 1900 to 2099 alone is a year only in a year context: right after a
  context word ("in 2018", "since 1991", "the 1974 invasion", "by 2030"), a prefix
  ("mid-2022", "(1974)", "Turkey's 2023 elections") or another year ("2018 and
  2019"); never glued to a word or digits ("IDEF-2025", "1,2018"), never before a
  counted noun ("the 2000 troops"). So a name like "Turkic World – 2040" gives none.
- A range joined by a word needs its opening word: "from 3 to 5 May", "between 1991
  and 1993"; a dash needs none ("3–5 May", "1991-1993").
- A day and month without a year ("on 24 December", "April 3–4") take the year that
  puts the first day nearest to the publication date, and are relative.
- Relative expressions need a publication date; without one their text goes to
  `DateScan.unresolved`. A month alone ("in May"), a weekday without "on", "last" or
  the like, and vague phrases ("a few years ago") give nothing.
- Each character belongs to at most one expression: the longest candidate wins,
  then the most precise, then the first.
"""

from __future__ import annotations

import calendar
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache, partial
from importlib import resources
from typing import Any, NamedTuple

from comity.errors import ConfigError
from comity.models import Precision, TimeExpr, interval_of, iso_at_precision

_DASHES = "-‐‑‒–—−"
_NUMBER_START = r"(?<![\w/$€£#№])(?<!\w[-‐‑‒–—−.,])"  # not glued to a word or a number
_NUMBER_END = r"(?![\w%])(?![.,/]\d)(?![-‐‑‒–—−]\d)"
_DAY = r"(?P<{name}>[12]\d|3[01]|0?[1-9])(?:{ordinals})?(?!\w)"
_YEAR = r"(?P<{name}>1\d{{3}}|20\d\d)(?!\w)"
_WINDOW = 40  # characters looked at before an expression for the words that lead it
_NAME_TABLES = ("month_names", "month_abbreviations", "weekdays")
_WORD_TABLES = (
    *("relative_days", "relative_days_alone", "weekday_modifiers", "period_modifiers"),
    *("period_units", "count_units", "counts"),
)


@dataclass(frozen=True)
class DateScan:
    """What `scan_dates` found: resolved expressions, and relative ones it could not resolve."""

    found: list[TimeExpr]  # sorted by start
    unresolved: list[str]  # texts of relative expressions, when there is no publication date


@dataclass(frozen=True)
class DateWords:
    """One language's date vocabulary, as read from `data/dates/<language>.toml`.

    Month and weekday names keep their spelling (they are matched case-sensitively);
    the other tables have lower-case keys with single spaces.
    """

    month_names: Mapping[str, int]
    month_abbreviations: Mapping[str, int]
    weekdays: Mapping[str, int]
    relative_days: Mapping[str, int]
    relative_days_alone: Mapping[str, int]
    weekday_modifiers: Mapping[str, str]
    period_modifiers: Mapping[str, int]
    period_units: Mapping[str, str]
    count_units: Mapping[str, str]
    counts: Mapping[str, int]
    words: Mapping[str, tuple[str, ...]]  # word lists by role: "ago", "range_to" ...
    patterns: Mapping[str, tuple[str, ...]]  # "month_first", "number_first" (+ "alone_blockers")
    # Optional: "этого" (года) = 0; a pattern's `yrel` group names a year counted from publication.
    year_words: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class _Interval:
    first: date
    last: date
    precision: Precision
    is_range: bool = False
    relative: bool = False


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    meaning: _Interval | None  # None: relative, but there is no publication date


class _Relative(NamedTuple):
    """A relative expression's span and how to resolve it against a publication date."""

    start: int
    end: int
    resolve: Callable[[date], _Interval]


class _Parts(NamedTuple):
    """Day, month and year of one end of a date, as far as the text gives them."""

    day: int | None
    month: int | None
    year: int | None


def scan_dates(text: str, *, published: date | None) -> DateScan:
    """Find the English time expressions in `text`; relative ones count from `published`."""
    return date_grammar("en").scan(text, published=published)


@lru_cache(maxsize=8)
def date_grammar(language: str) -> DateGrammar:
    """The compiled scanner for `language`, built once from its data file."""
    return DateGrammar(load_date_words(language))


@lru_cache(maxsize=8)
def load_date_words(language: str) -> DateWords:
    """Read `data/dates/<language>.toml`; raises ConfigError when it is missing or broken."""
    resource = resources.files("comity") / "data" / "dates" / f"{language}.toml"
    try:
        tables = tomllib.loads(resource.read_text(encoding="utf-8"))
        return DateWords(
            **{name: dict(tables[name]) for name in _NAME_TABLES},
            **{name: _lowered(tables[name]) for name in _WORD_TABLES},
            words={role: tuple(words) for role, words in tables["words"].items()},
            patterns={role: tuple(patterns) for role, patterns in tables["patterns"].items()},
            year_words=_lowered(tables.get("year_words", {})),
        )
    except FileNotFoundError as error:
        raise ConfigError(f"no date words for language {language!r}") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"date words for {language!r} are not valid TOML: {error}") from error
    except KeyError as error:
        raise ConfigError(f"date words for {language!r} lack the table {error}") from error


class DateGrammar:
    """One language's date patterns, compiled once; `scan` applies them to a text.

    A single pass finds the anchors (numbers, month and weekday names, words like
    "yesterday" or "week"); the patterns are tried only where an anchor starts, and
    the words that lead an expression ("from", "last", "two") are looked up just
    before it. That keeps a scan fast on long texts with few dates.
    """

    def __init__(self, words: DateWords) -> None:
        self.words = words
        listed = words.words
        self._months = _lowered({**words.month_names, **words.month_abbreviations})
        self._weekdays = _lowered(words.weekdays)
        names = _with_capitals([*words.month_names, *words.month_abbreviations, *words.weekdays])
        folded = [*words.relative_days, *words.relative_days_alone, *words.period_units]
        self._anchors = re.compile(_anchor_pattern(names, [*folded, *words.count_units]))
        self._month_first = [self._template(text) for text in words.patterns["month_first"]]
        self._number_first = [self._template(text) for text in words.patterns["number_first"]]
        self._number_end = re.compile(_NUMBER_END)
        self._year_context = self._compile_year_context()
        self._counted_noun = re.compile(rf"\s+{_any_case(listed['count_nouns'])}(?!\w)")
        self._range_leads = {
            "to": _ending(rf"\b{_any_case(listed['range_from'])}\s+"),
            "and": _ending(rf"\b{_any_case(listed['range_between'])}\s+"),
        }
        weekday_names = _alternation(_with_capitals(words.weekdays))
        self._weekday_before = _ending(rf"\b(?:{weekday_names}),?\s+")
        self._weekday_lead = _ending(
            rf"(?:\b(?P<mod>{_any_case(words.weekday_modifiers)})"
            rf"|\b{_any_case(listed['weekday_prepositions'])})\s+"
        )
        self._period_lead = _ending(rf"\b(?P<mod>{_any_case(words.period_modifiers)})\s+")
        self._period_blocker = _ending(rf"\b{_any_case(listed['period_blockers'])}\s+")
        count = rf"(?:{_any_case(words.counts)}|\d{{1,3}})"
        self._count_lead = _ending(rf"(?<![\w.,])(?P<count>{count})\s+")
        self._ago_after = re.compile(rf"\s+{_any_case(listed['ago'])}(?!\w)")
        determiners = _any_case(listed["determiners"])
        blockers = "".join(f"|{pattern}" for pattern in words.patterns.get("alone_blockers", ()))
        self._noun_after = re.compile(rf"\s+(?:{determiners}(?!\w)|[A-Z0-9]){blockers}")

    def scan(self, text: str, *, published: date | None) -> DateScan:
        """Every time expression of `text`; relative ones resolved against `published`."""
        candidates: list[_Candidate] = []
        for anchor in self._anchors.finditer(text):
            start = anchor.start()
            if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
                continue
            candidates += self._explicit_at(anchor, published)
            for relative in self._relative_at(anchor):
                meaning = None if published is None else relative.resolve(published)
                candidates.append(_Candidate(relative.start, relative.end, meaning))
        chosen = _without_overlaps(candidates)
        found = [
            TimeExpr(start=c.start, end=c.end, text=text[c.start : c.end], **vars(c.meaning))
            for c in chosen
            if c.meaning is not None
        ]
        unresolved = [text[c.start : c.end] for c in chosen if c.meaning is None]
        return DateScan(found=found, unresolved=unresolved)

    def _template(self, template: str) -> re.Pattern[str]:
        listed = self.words.words
        month = (
            rf"(?:{_alternation(_with_capitals(self.words.month_names))})(?!\w)"
            rf"|(?:{_alternation(_with_capitals(self.words.month_abbreviations))})(?!\w)\.?"
        )
        ordinals = _any_case(listed["ordinal_suffixes"])
        joiner = rf"\s*[{_DASHES}]\s*|\s+(?P<to>{_any_case(listed['range_to'])})\s+"
        joiner += rf"|\s+(?P<and>{_any_case(listed['range_and'])})\s+"
        of = rf"(?:{_any_case(listed['of'])}\s+)?"
        pieces = {"<SEP>": f"(?:{joiner})", "<DASHES>": _DASHES, "<OF>": of}
        pieces |= {"<L>": _NUMBER_START, "<R>": _NUMBER_END}
        pieces |= {f"<M{n}>": f"(?P<m{n}>{month})" for n in "12"}
        pieces |= {f"<D{n}>": _DAY.format(name=f"d{n}", ordinals=ordinals) for n in "12"}
        pieces |= {f"<Y{n}>": _YEAR.format(name=f"y{n}") for n in "12"}
        for placeholder, piece in pieces.items():
            template = template.replace(placeholder, piece)
        return re.compile(template)

    def _compile_year_context(self) -> re.Pattern[str]:
        listed = self.words.words
        prefixes = "|".join(
            (r"\b" if prefix[0].isalnum() else "") + re.escape(prefix)
            for prefix in listed["year_context_prefixes"]
        )
        joiners = "|".join(
            rf"\s+{re.escape(word)}\s+" if word.isalnum() else rf"\s*{re.escape(word)}\s*"
            for word in listed["year_coordinators"]
        )
        return _ending(
            rf"(?:\b{_any_case(listed['year_context_words'])}\s+|(?i:{prefixes})\s*"
            rf"|(?<!\d)(?:19|20)\d\d(?:{joiners}))"
        )

    def _explicit_at(self, anchor: re.Match[str], published: date | None) -> list[_Candidate]:
        """The explicit dates that can start at a number or a month name."""
        word = anchor.group()
        if word[0].isdigit():
            templates, found = self._number_first, self._bare_year(anchor)
        elif _key(word) in self._months:
            templates, found = self._month_first, []
        else:
            return []
        for template in templates:
            match = template.match(anchor.string, anchor.start())
            if match is not None:
                found += self._explicit(match, published)
        return found

    def _explicit(self, match: re.Match[str], published: date | None) -> list[_Candidate]:
        """A date or range from the day, month and year groups of `match`."""
        text, start, groups = match.string, match.start(), match.groupdict()
        joiner = "to" if groups.get("to") else "and" if groups.get("and") else None
        if joiner is not None:
            lead = _lead(self._range_leads[joiner], text, start)
            if lead is None:
                return []  # "3 to 5 May" without "from", "1 and 3 June" without "between"
            start = lead.start()
        first, last = self._ends(groups)
        weekday = _lead(self._weekday_before, text, start) if first.day else None
        start = start if weekday is None else weekday.start()  # "Wednesday, April 9"
        if groups.get("yrel"):
            return [self._in_counted_year(match, start, first, published)]
        relative = first.year is None
        if relative:
            if published is None:
                return [_Candidate(start, match.end(), None)]
            ends = _in_closest_year(first, last, published)
            if ends is None:
                return []
            first, last = ends
        is_range = any(groups.get(name) for name in ("d2", "m2", "y2"))
        meaning = _interval_between(first, last, is_range=is_range, relative=relative)
        return [] if meaning is None else [_Candidate(start, match.end(), meaning)]

    def _in_counted_year(
        self, match: re.Match[str], start: int, first: _Parts, published: date | None
    ) -> _Candidate:
        """ "в июле этого года": the month in the year counted from the publication date."""
        if published is None:
            return _Candidate(start, match.end(), None)
        year = published.year + self.words.year_words[_key(match.group("yrel"))]
        parts = first._replace(year=year)
        meaning = _interval_between(parts, parts, is_range=False, relative=True)
        return _Candidate(start, match.end(), meaning)

    def _ends(self, groups: Mapping[str, str | None]) -> tuple[_Parts, _Parts]:
        """The parts of the first and last days; each end lends the other what it lacks."""
        day, month, year = groups.get("d1"), self._month(groups.get("m1")), groups.get("y1")
        first = _Parts(_number(day), month, _number(year))
        day, month, year = groups.get("d2"), self._month(groups.get("m2")), groups.get("y2")
        last = _Parts(_number(day), month, _expanded_year(year, first.year))
        if last == (None, None, None):
            return first, first
        return (
            _Parts(first.day, first.month or last.month, first.year or last.year),
            _Parts(last.day, last.month or first.month, last.year or first.year),
        )

    def _month(self, text: str | None) -> int | None:
        if text is None:
            return None
        return int(text) if text.isdigit() else self._months[_key(text)]

    def _bare_year(self, anchor: re.Match[str]) -> list[_Candidate]:
        """A year standing alone, kept only in a year context (see the module docstring)."""
        text, start, end = anchor.string, anchor.start(), anchor.end()
        if end - start != 4 or text[start : start + 2] not in ("19", "20"):
            return []
        if not self._number_end.match(text, end) or self._counted_noun.match(text, end):
            return []
        if _lead(self._year_context, text, start) is None:
            return []
        first, last, precision = interval_of(anchor.group())
        return [_Candidate(start, end, _Interval(first, last, precision))]

    def _relative_at(self, anchor: re.Match[str]) -> list[_Relative]:
        """The relative expressions that can end at a weekday or a word like "week"."""
        key = _key(anchor.group())
        if key in self._months or anchor.group()[0].isdigit():
            return []
        if key in self._weekdays:
            found = [self._weekday(anchor, self._weekdays[key])]
        else:
            found = [self._relative_day(anchor, key), self._period(anchor, key)]
            found.append(self._ago(anchor, key))
        return [relative for relative in found if relative is not None]

    def _relative_day(self, anchor: re.Match[str], key: str) -> _Relative | None:
        offset = self.words.relative_days.get(key)
        if offset is None:
            offset = self.words.relative_days_alone.get(key)
            if offset is None or self._noun_after.match(anchor.string, anchor.end()):
                return None
        days = timedelta(days=offset)
        return _Relative(anchor.start(), anchor.end(), lambda today: _one_day(today + days))

    def _weekday(self, anchor: re.Match[str], weekday: int) -> _Relative | None:
        lead = _lead(self._weekday_lead, anchor.string, anchor.start())
        if lead is None:
            return None
        modifier = lead.group("mod")
        which = self.words.weekday_modifiers[_key(modifier)] if modifier else "past"
        start = lead.start() if modifier else anchor.start()  # "on" stays outside
        day = partial(_weekday_near, weekday=weekday, which=which)
        return _Relative(start, anchor.end(), lambda today: _one_day(day(today)))

    def _period(self, anchor: re.Match[str], key: str) -> _Relative | None:
        unit = self.words.period_units.get(key)
        lead = _lead(self._period_lead, anchor.string, anchor.start())
        if unit is None or lead is None or _lead(self._period_blocker, anchor.string, lead.start()):
            return None
        offset = self.words.period_modifiers[_key(lead.group("mod"))]
        return _Relative(
            lead.start(), anchor.end(), partial(_shifted_period, unit=unit, offset=offset)
        )

    def _ago(self, anchor: re.Match[str], key: str) -> _Relative | None:
        unit = self.words.count_units.get(key)
        lead = _lead(self._count_lead, anchor.string, anchor.start())
        ago = self._ago_after.match(anchor.string, anchor.end())
        if unit is None or lead is None or ago is None:
            return None
        count_text = lead.group("count")
        count = int(count_text) if count_text.isdigit() else self.words.counts[_key(count_text)]
        if unit in ("day", "week"):
            days = timedelta(days=count * (7 if unit == "week" else 1))
            return _Relative(lead.start(), ago.end(), lambda today: _one_day(today - days))
        return _Relative(
            lead.start(), ago.end(), partial(_shifted_period, unit=unit, offset=-count)
        )


def _lowered(table: Mapping[str, Any]) -> dict[str, Any]:
    return {_key(word): value for word, value in table.items()}


def _key(words: str) -> str:
    return " ".join(words.lower().replace(".", "").split())


def _alternation(words: Iterable[str]) -> str:
    return "|".join(_phrase(word) for word in _longest_first(words))


def _any_case(words: Iterable[str]) -> str:
    return f"(?i:{_alternation(words)})"


def _longest_first(words: Iterable[str]) -> list[str]:
    """Longest first, so that "Sept" is tried before "Sep"."""
    return sorted(set(words), key=lambda word: (-len(word), word))


def _phrase(words: str) -> str:
    """A regex for `words` in which each space matches any run of spaces."""
    return r"\s+".join(re.escape(part) for part in words.split())


def _with_capitals(forms: Iterable[str]) -> list[str]:
    return [form for name in forms for form in (name, name.upper())]


def _anchor_pattern(exact: Iterable[str], any_case: Iterable[str]) -> str:
    """One alternative per number start and per word, each beginning with a literal
    character: `re` then skips straight to the characters that can start an anchor."""
    digits = [rf"{digit}\d*" for digit in "0123456789"]
    words = [_phrase(word) + r"(?!\w)" for word in _longest_first(exact)]
    folded = [
        f"{re.escape(first)}(?i:{_phrase(word[1:])})(?!\\w)"
        for word in _longest_first(any_case)
        for first in sorted({word[0].lower(), word[0].upper()})
    ]
    return "|".join([*digits, *words, *folded])


def _ending(regex: str) -> re.Pattern[str]:
    """`regex` anchored at the end of the searched window: what leads an expression."""
    return re.compile(rf"(?:{regex})\Z")


def _lead(pattern: re.Pattern[str], text: str, start: int) -> re.Match[str] | None:
    """The words `pattern` (made by `_ending`) finds right before `start`."""
    return pattern.search(text, max(0, start - _WINDOW), start)


def _number(text: str | None) -> int | None:
    return None if text is None else int(text)


def _expanded_year(text: str | None, century_from: int | None) -> int | None:
    """ "93" after 1991 is 1993; a full year is itself."""
    if text is None:
        return None
    if len(text) == 2 and century_from is not None:
        return century_from - century_from % 100 + int(text)
    return int(text)


def _in_closest_year(first: _Parts, last: _Parts, published: date) -> tuple[_Parts, _Parts] | None:
    """A day and month without a year, in the year that puts the first day nearest to
    `published` (the earlier one on a tie); None for 29 February far from a leap year."""
    month, day = first.month or 1, first.day or 1
    near = range(published.year - 1, published.year + 2)
    years = [year for year in near if day <= calendar.monthrange(year, month)[1]]
    if not years:
        return None
    year = min(years, key=lambda year: abs((date(year, month, day) - published).days))
    wraps = last.month is not None and last.month < month  # 30 December – 2 January
    return first._replace(year=year), last._replace(year=year + 1 if wraps else year)


def _interval_between(
    first: _Parts, last: _Parts, *, is_range: bool, relative: bool
) -> _Interval | None:
    """The days from `first` to the end of `last`, at the precision of `first`; None when
    a part is out of range or a range does not move forward."""
    precision = Precision.DAY if first.day else Precision.MONTH if first.month else Precision.YEAR
    try:
        start = date(first.year or 1, first.month or 1, first.day or 1)
        end_start = date(last.year or 1, last.month or 1, last.day or 1)
    except ValueError:
        return None
    if is_range and end_start <= start:
        return None
    end = interval_of(iso_at_precision(end_start, precision))[1]
    return _Interval(start, end, precision, is_range=is_range, relative=relative)


def _one_day(day: date) -> _Interval:
    return _Interval(day, day, Precision.DAY, relative=True)


def _weekday_near(published: date, weekday: int, which: str) -> date:
    """The `weekday` (ISO number) on or before `published` ("past"), after it ("next")
    or in its Monday-Sunday week ("current")."""
    today = published.isoweekday()
    if which == "next":
        return published + timedelta(days=(weekday - today) % 7 or 7)
    if which == "current":
        return published + timedelta(days=weekday - today)
    return published - timedelta(days=(today - weekday) % 7)


def _shifted_period(published: date, unit: str, offset: int) -> _Interval:
    """The week, month or year `offset` units away from the one holding `published`."""
    if unit == "week":
        monday = published - timedelta(days=published.weekday()) + timedelta(weeks=offset)
        sunday = monday + timedelta(days=6)
        return _Interval(monday, sunday, Precision.DAY, is_range=True, relative=True)
    if unit == "month":
        year, month_index = divmod(published.year * 12 + published.month - 1 + offset, 12)
        first, last, precision = interval_of(f"{year:04d}-{month_index + 1:02d}")
    else:
        first, last, precision = interval_of(f"{published.year + offset:04d}")
    return _Interval(first, last, precision, relative=True)


def _without_overlaps(candidates: list[_Candidate]) -> list[_Candidate]:
    """Keep the longest, then most precise, then first candidates that share no character.

    Candidates (never empty) are taken in that order and kept when none of their
    characters is taken yet. Checking one costs its own length, not the number
    kept, so a text with thousands of dates takes a sort, not a quadratic pass.
    """

    def rank(candidate: _Candidate) -> tuple[int, int, int]:
        precision = candidate.meaning.precision if candidate.meaning else Precision.DAY
        return candidate.start - candidate.end, list(Precision).index(precision), candidate.start

    taken = bytearray(max((candidate.end for candidate in candidates), default=0))
    chosen: list[_Candidate] = []
    for candidate in sorted(candidates, key=rank):
        if taken.find(1, candidate.start, candidate.end) == -1:
            taken[candidate.start : candidate.end] = b"\x01" * (candidate.end - candidate.start)
            chosen.append(candidate)
    return sorted(chosen, key=lambda candidate: candidate.start)
