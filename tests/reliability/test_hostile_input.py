"""Hostile input through every ingest entry point: no crash, a reason for every refusal.

Over ten thousand generated inputs (random and broken bytes, huge lines, tag
soup, JSONL of the wrong shape, bad manifests, impossible dates) go through
`read_sources` (folders of files, JSONL, HTML, stdin, manifests),
`extract_article`, `scan_dates` and the dateline reader, and a share of them
through `run_ingest` into a real store. An input is one file, JSONL or
manifest line, stdin payload, page or date phrase; each hypothesis example
draws several. Each test asserts its minimum; the module prints the total
("hostile inputs tried: N").
"""

from __future__ import annotations

import gzip
import io
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from comity.errors import IngestError
from comity.extract.dates import scan_dates
from comity.ingest import Rejected, document_id, normalise_text, read_sources
from comity.ingest.dateline import dateline_date
from comity.ingest.html import extract_article
from comity.models import Document
from comity.pipeline import run_ingest
from comity.store import open_store
from reliability.hostile import (
    FILE_SUFFIXES,
    MAX_BYTES,
    date_phrases,
    hostile_bytes,
    html_pages,
    jsonl_lines,
    manifest_lines,
)
from reliability.snapshot import snapshot


@dataclass(frozen=True)
class Plan:
    """How many hypothesis examples a test runs, and the fewest inputs each one draws."""

    examples: int
    inputs_each: int
    most_each: int

    @property
    def least(self) -> int:
        return self.examples * self.inputs_each

    def batch(self, strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[list[Any]]:
        return st.lists(strategy, min_size=self.inputs_each, max_size=self.most_each)


# At least 10,200 inputs in all (the sum of examples x inputs_each); about 14,000 expected.
PLANS = {
    "files": Plan(500, 2, 5),
    "jsonl lines": Plan(500, 2, 5),
    "stdin": Plan(400, 3, 5),
    "html": Plan(400, 1, 1),
    "manifest lines": Plan(400, 2, 4),
    "date phrases": Plan(600, 6, 10),
    "datelines": Plan(400, 5, 8),
    "store files": Plan(100, 2, 4),
}
BOM = b"\xef\xbb\xbf"
CALENDAR = (date(1000, 1, 1), date(2999, 12, 31))  # the publication years ingest accepts
Outcome = Document | Rejected


def fuzz(plan: Plan) -> Callable[[Any], Any]:
    return settings(
        max_examples=plan.examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@pytest.fixture(scope="module")
def tried() -> Iterator[Counter[str]]:
    """Inputs tried per entry point; the total is printed when the module ends."""
    counts: Counter[str] = Counter()
    yield counts
    print(f"\nhostile inputs tried: {sum(counts.values())} {dict(counts)}")


@pytest.fixture
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile")


def assert_sound(outcome: object) -> None:
    """A Document in comity's stored form, or a Rejected with a one-line reason."""
    if isinstance(outcome, Rejected):
        assert outcome.source
        assert isinstance(outcome.reason, str) and outcome.reason.strip(), outcome
        assert "\n" not in outcome.reason, outcome
        return
    assert isinstance(outcome, Document), outcome
    assert outcome.text and outcome.text == normalise_text(outcome.text)
    assert outcome.id == document_id(outcome.text)
    if outcome.published is not None:
        assert CALENDAR[0] <= outcome.published <= CALENDAR[1]


def read_all(paths: list[Path], max_bytes: int = 5_000_000, **options: Any) -> list[Outcome]:
    outcomes = list(read_sources([str(path) for path in paths], max_bytes=max_bytes, **options))
    for outcome in outcomes:
        assert_sound(outcome)
    return outcomes


def count_and_check(tried: Counter[str], name: str, inputs: int) -> None:
    tried[name] = inputs
    assert inputs >= PLANS[name].least, f"{name}: only {inputs} inputs tried"


def test_a_folder_of_any_bytes_under_any_names(workdir: Path, tried: Counter[str]) -> None:
    inputs = Counter[str]()
    plan = PLANS["files"]

    @fuzz(plan)
    @given(plan.batch(st.tuples(hostile_bytes(), st.sampled_from(FILE_SUFFIXES))),
           st.sampled_from(MAX_BYTES))  # fmt: skip
    def check(files: list[tuple[bytes, str]], max_bytes: int) -> None:
        inputs["files"] += len(files)
        folder = workdir / f"f{inputs['examples']}"
        inputs["examples"] += 1
        folder.mkdir()
        for index, (raw, suffix) in enumerate(files):
            (folder / f"{index}{suffix}").write_bytes(raw)
        by_file = Counter(o.source.split(":")[0] for o in read_all([folder], max_bytes))
        for index, (_raw, suffix) in enumerate(files):
            path = str(folder / f"{index}{suffix}")
            if suffix.lower() != ".jsonl":
                assert by_file[path] == 1, f"{path}: one file, one document or one reason"

    check()
    count_and_check(tried, "files", inputs["files"])


def test_jsonl_lines_of_any_shape_give_one_outcome_each(workdir: Path, tried: Counter[str]) -> None:
    inputs = Counter[str]()
    plan = PLANS["jsonl lines"]

    @fuzz(plan)
    @given(plan.batch(jsonl_lines()), st.sampled_from([b"\n", b"\r\n", b"\n\n"]),
           st.sampled_from([b"", BOM]), st.sampled_from(MAX_BYTES))  # fmt: skip
    @example([b"[" * 200_000], b"\n", b"", 5_000_000)
    @example([b'{"text": "' + b"a" * 10_000 + b'"}', b'{"text": "Baku."}'], b"\n", BOM, 64)
    @example([b"[" * 40 + b"]" * 40], b"\n", BOM, 64)
    def check(lines: list[bytes], ending: bytes, bom: bytes, max_bytes: int) -> None:
        inputs["lines"] += len(lines)
        raw = bom + ending.join(lines)
        path = workdir / "corpus.jsonl"
        path.write_bytes(raw)
        outcomes = read_all([path], max_bytes)
        assert len(outcomes) == _lines_read(raw, max_bytes)
        for outcome in outcomes:
            if isinstance(outcome, Rejected):
                assert outcome.source.startswith(f"{path}:")

    check()
    count_and_check(tried, "jsonl lines", inputs["lines"])


def _lines_read(raw: bytes, max_bytes: int) -> int:
    """The lines comity reports on: the over-long ones and those not blank (BOM aside)."""
    lines = raw.split(b"\n")
    if lines[0].startswith(BOM) and len(lines[0]) <= max_bytes:
        lines[0] = lines[0][len(BOM) :]
    return sum(1 for line in lines if len(line) > max_bytes or line.strip())


def test_standard_input_of_any_bytes_is_one_outcome(tried: Counter[str]) -> None:
    inputs = Counter[str]()
    plan = PLANS["stdin"]

    @fuzz(plan)
    @given(plan.batch(hostile_bytes()), st.sampled_from(MAX_BYTES))
    def check(payloads: list[bytes], max_bytes: int) -> None:
        for raw in payloads:
            inputs["stdin"] += 1
            outcomes = read_all([Path("-")], max_bytes, stdin=io.BytesIO(raw))
            assert len(outcomes) == 1 and outcomes[0].source == "stdin"
            if len(raw) > max_bytes:
                assert isinstance(outcomes[0], Rejected)

    check()
    count_and_check(tried, "stdin", inputs["stdin"])


def test_tag_soup_gives_an_article_or_a_reason(workdir: Path, tried: Counter[str]) -> None:
    inputs = Counter[str]()

    @fuzz(PLANS["html"])
    @given(html_pages())
    @example(b"<div>" * 100_000 + b"Turkey met Azerbaijan in Baku on Tuesday, officials said.")
    @example(b"<table><tr><td>" * 30_000)
    @example(b"<!--" + b"<p>text</p>" * 20_000)
    def check(raw: bytes) -> None:
        inputs["html"] += 1
        try:
            article = extract_article(raw)
        except IngestError as error:
            assert str(error).strip()
        else:
            assert article.text.strip()
        path = workdir / "page.html"
        path.write_bytes(raw)
        assert len(read_all([path])) == 1

    check()
    count_and_check(tried, "html", inputs["html"])


def test_broken_manifests_reject_their_bad_lines_and_still_read_the_file(
    workdir: Path, tried: Counter[str]
) -> None:
    inputs = Counter[str]()
    plan = PLANS["manifest lines"]

    @fuzz(plan)
    @given(plan.batch(manifest_lines()), st.booleans())
    def check(lines: list[bytes], explicit: bool) -> None:
        inputs["lines"] += len(lines)
        folder = workdir / f"m{inputs['lines']}"
        folder.mkdir()
        (folder / "a.txt").write_text("Kazakhstan and Kyrgyzstan held talks.", encoding="utf-8")
        manifest = folder / "manifest.jsonl"
        manifest.write_bytes(b"\n".join(lines))
        outcomes = read_all([folder], manifest=manifest if explicit else None)
        about_the_file = [o for o in outcomes if o.source.endswith("a.txt")]
        about_manifest = [o for o in outcomes if o.source.startswith(f"{manifest}:")]
        assert len(about_the_file) == 1
        assert len(about_the_file) + len(about_manifest) == len(outcomes)
        assert all(isinstance(outcome, Rejected) for outcome in about_manifest)

    check()
    count_and_check(tried, "manifest lines", inputs["lines"])


def test_date_phrases_real_impossible_and_made_up(tried: Counter[str]) -> None:
    inputs = Counter[str]()
    plan = PLANS["date phrases"]

    @fuzz(plan)
    @given(plan.batch(date_phrases()), st.none() | st.dates(*CALENDAR))
    @example(["It ended on February 30, 2025.", "We met on the 99th of Smarch."], date(2025, 3, 1))
    @example(["999 years ago and 999 days ago", "yesterday", "last year"], CALENDAR[0])
    @example(["tomorrow, and next year", "in 2999", "next week"], CALENDAR[1])
    def check(texts: list[str], published: date | None) -> None:
        for text in texts:
            inputs["dates"] += 1
            scan = scan_dates(text, published=published)
            end = 0
            for expr in scan.found:
                assert text[expr.start : expr.end] == expr.text
                assert expr.start >= end, "expressions overlap or are out of order"
                assert expr.first <= expr.last
                assert published is not None or not expr.relative
                assert "Smarch" not in expr.text
                end = expr.end
            assert published is None or not scan.unresolved

    check()
    count_and_check(tried, "date phrases", inputs["dates"])


def test_datelines_give_a_real_date_or_none(tried: Counter[str]) -> None:
    inputs = Counter[str]()
    plan = PLANS["datelines"]
    places = st.sampled_from(["ANKARA", "Baku", "NUR-SULTAN", "St. Petersburg", "x", "ÇANKAYA"])
    gaps = st.sampled_from([", ", ",", " — ", ", Turkey, "])

    @fuzz(plan)
    @given(plan.batch(st.tuples(places, gaps, date_phrases())))
    @example([("ANKARA", ", ", "30 February 2025 — Turkey met Azerbaijan.")] * 5)
    @example([("BAKU", ", ", "the 99th of Smarch 2025 — talks.")] * 5)
    def check(openings: list[tuple[str, str, str]]) -> None:
        for place, gap, rest in openings:
            inputs["datelines"] += 1
            found = dateline_date(f"{place}{gap}{rest}")
            if found is not None:
                assert 1000 <= found.published.year <= 2099

    check()
    count_and_check(tried, "datelines", inputs["datelines"])


def test_publication_dates_extraction_cannot_count_from_are_rejected(workdir: Path) -> None:
    path = workdir / "edges.jsonl"
    path.write_text(
        '{"text": "Yesterday Turkey met Azerbaijan.", "published": "0001-01-01"}\n'
        '{"text": "Tomorrow Georgia meets Armenia.", "published": "9999-12-31"}\n'
        '{"text": "Hungary met Cyprus on Monday.", "published": "2025-02-30"}\n'
        '{"text": "Greece met Turkey.", "published": "2025-02-28"}\n',
        encoding="utf-8",
    )
    outcomes = read_all([path])
    assert [type(outcome).__name__ for outcome in outcomes] == ["Rejected"] * 3 + ["Document"]
    assert isinstance(outcomes[0], Rejected) and "0001-01-01" in outcomes[0].reason
    assert isinstance(outcomes[1], Rejected) and "9999-12-31" in outcomes[1].reason
    assert isinstance(outcomes[2], Rejected) and "not a real date" in outcomes[2].reason
    first_day = read_all([Path("-")], stdin=io.BytesIO(b"Today."), default_published=date.min)
    assert isinstance(first_day[0], Rejected)


def test_a_long_run_of_spaces_inside_a_line_is_normalised_in_linear_time() -> None:
    text = "Baku" + " \t" * 30_000 + "x\n" + "Astana   \n" * 1_000
    started = time.perf_counter()
    normalised = normalise_text(text)
    elapsed = time.perf_counter() - started
    assert "x\nAstana\nAstana" in normalised and "Astana " not in normalised
    assert elapsed < 1.0, f"{elapsed:.1f} s"  # a backtracking regex took over a minute here


@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".html"])
def test_a_gzip_bomb_disguised_as_text_is_refused_without_inflating(
    workdir: Path, suffix: str
) -> None:
    bomb = gzip.compress(b"Turkey met Azerbaijan. " * 4_000_000, compresslevel=9)  # 92 MB
    path = workdir / f"news{suffix}"
    path.write_bytes(bomb)
    tracemalloc.start()
    try:
        outcomes = read_all([path])
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert outcomes and all(isinstance(outcome, Rejected) for outcome in outcomes)
    assert peak < 20 * len(bomb) + 2_000_000, f"{peak} bytes used reading a {len(bomb)}-byte file"


@pytest.mark.model
@pytest.mark.slow
def test_rejected_inputs_leave_the_store_unchanged(
    workdir: Path, extractor: Any, tried: Counter[str]
) -> None:
    inputs = Counter[str]()
    plan = PLANS["store files"]
    small_bytes = st.one_of(st.binary(max_size=400), st.text(max_size=200).map(str.encode))
    database = workdir / "hostile.db"
    with open_store(database) as store:

        @fuzz(plan)
        @given(plan.batch(st.tuples(small_bytes | jsonl_lines(), st.sampled_from(FILE_SUFFIXES))))
        def check(files: list[tuple[bytes, str]]) -> None:
            folder = workdir / f"batch{inputs['files']}"
            inputs["files"] += len(files)
            folder.mkdir()
            for index, (raw, suffix) in enumerate(files):
                (folder / f"{index}{suffix}").write_bytes(raw)
            before = snapshot(database)
            report = run_ingest([str(folder)], store, extractor)
            after = snapshot(database)
            new_documents = after["documents"] - before["documents"]
            assert all(count == 1 for count in after["documents"].values())
            assert sum(new_documents.values()) == report.added
            new_sources = {store.document_source(row[0]) for row in new_documents}  # row[0]: id
            assert not new_sources & {rejected.source for rejected in report.rejected}
            for table, rows in before.items():
                assert not rows - after[table], f"rows of {table} changed"
            if report.added == 0:
                assert after == before

        check()
    count_and_check(tried, "store files", inputs["files"])


def test_the_plans_add_up_to_ten_thousand_inputs() -> None:
    assert sum(plan.least for plan in PLANS.values()) >= 10_000
