"""Hostile strings through the CLI: SQL in filters, traversal in paths, markup in text.

A store is filled with events whose sentences, sources and titles carry
`<script>`, quotes, separators, newlines and terminal markup; then every way
the CLI lets a user or an article's author put a string somewhere is tried.
Nothing may change the database, write outside the path asked for, or come
out altered (CSV and JSONL must round-trip). The web explorer's share of
issue 11 waits for its HTTP API (issue 7).
"""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from builders import make_document, make_event
from rich.errors import MarkupError
from typer.testing import CliRunner

from comity.cli import app
from comity.store import open_store
from reliability.snapshot import snapshot

HOSTILE_SENTENCE = (
    'Turkey met Azerbaijan <script>alert("x")</script>, said "the envoy"; '
    "=HYPERLINK(\"http://evil.example\",'a') \\ \t tab, and a\nsecond line."
)
SQL_FILTERS = [
    ("--actor", "TUR' OR 1=1 --"),
    ("--actor", "x'; DROP TABLE events; --"),
    ("--dyad", "TUR' OR '1'='1,AZE"),
    ("--type", "CONSULT' OR 'a'='a"),
    ("--cameo", "%"),
    ("--cameo", "_4"),
    ("--cameo", "0' UNION SELECT id FROM documents --"),
]
BAD_PERIODS = [("--since", "2025' OR '1'='1"), ("--until", "2025-01-01; DELETE FROM events")]


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def database(tmp_path: Path) -> Path:
    """Two events: a plain one (TUR→AZE) and one whose sentence and document are hostile."""
    path = tmp_path / "db" / "hostile.db"
    plain = make_document("Kazakhstan met Kyrgyzstan in Almaty.", language="en")
    hostile = make_document(
        HOSTILE_SENTENCE, source="feeds/<script>x</script>.html", title="<b>Title</b>"
    )
    with open_store(path) as store:
        store.save_document(plain, [], [make_event(plain, "evtplain00001")])
        store.save_document(
            hostile,
            [],
            [make_event(hostile, "evthostile001", source="TUR", target="AZE", date="2025-05-01")],
        )
    return path


@pytest.mark.parametrize(("option", "value"), SQL_FILTERS)
def test_sql_in_a_filter_matches_nothing_and_changes_nothing(
    database: Path, option: str, value: str
) -> None:
    before = snapshot(database)
    code, out, _err = invoke("events", "--db", str(database), option, value)
    assert (code, out.splitlines()[0]) == (0, "0 events")
    code, out, _err = invoke("export", "events", "--db", str(database), option, value)
    assert (code, out) == (0, "")
    assert snapshot(database) == before


def test_the_filters_still_find_what_they_should(database: Path) -> None:
    code, out, _err = invoke("events", "--db", str(database), "--actor", "tur")
    assert (code, out.splitlines()[0]) == (0, "1 events")
    code, out, _err = invoke("events", "--db", str(database), "--cameo", "04")
    assert (code, out.splitlines()[0]) == (0, "2 events")


@pytest.mark.parametrize(("option", "value"), BAD_PERIODS)
def test_sql_in_a_date_is_refused_with_a_clear_message(
    database: Path, option: str, value: str
) -> None:
    before = snapshot(database)
    code, _out, err = invoke("events", "--db", str(database), option, value)
    assert code == 2
    assert "YYYY" in err and "Traceback" not in err
    assert snapshot(database) == before


def test_an_export_path_going_up_writes_exactly_there(
    database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    inside = work / "a" / "b"
    inside.mkdir(parents=True)
    monkeypatch.chdir(inside)
    code, _out, err = invoke("export", "events", "--db", str(database), "-o", "../../x.jsonl")
    assert code == 0, err
    assert _files(tmp_path, but=database.parent) == {"work/x.jsonl"}
    assert len((work / "x.jsonl").read_text(encoding="utf-8").splitlines()) == 2


def test_a_relative_export_path_stays_in_the_current_folder(
    database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    (work / "out").mkdir(parents=True)
    monkeypatch.chdir(work)
    name = "out/events; rm -rf ~ $(id) `x`.csv"
    command = ["export", "events", "--db", str(database), "-o", name, "--format", "csv"]
    code, _out, err = invoke(*command)
    assert code == 0, err
    assert _files(tmp_path, but=database.parent) == {f"work/{name}"}


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="cli.py: an OSError opening -o escapes as a traceback (report, issue 11)",
)
@pytest.mark.parametrize("target", ["missing-folder/x.jsonl", "."])
def test_an_unwritable_export_path_is_one_clean_error(
    database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["export", "events", "--db", str(database), "-o", target])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), result.exception


def _files(root: Path, *, but: Path) -> set[str]:
    """Every file below `root` (relative, POSIX), leaving out the folder `but`."""
    found = set()
    for folder, _dirs, names in os.walk(root):
        if Path(folder).is_relative_to(but):
            continue
        found |= {(Path(folder) / name).relative_to(root).as_posix() for name in names}
    return found


def test_csv_and_jsonl_exports_round_trip_hostile_text(database: Path) -> None:
    code, jsonl, err = invoke("export", "events", "--db", str(database), "--actor", "TUR")
    assert code == 0, err
    lines = jsonl.splitlines()
    assert len(lines) == 1  # the newline inside the sentence is escaped
    record = json.loads(lines[0])
    assert record["sentence"] == HOSTILE_SENTENCE
    assert record["doc"] == "feeds/<script>x</script>.html"

    code, text, err = invoke(
        "export", "events", "--db", str(database), "--actor", "TUR", "--format", "csv"
    )
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == 1
    assert rows[0]["sentence"] == HOSTILE_SENTENCE
    assert rows[0]["doc"] == "feeds/<script>x</script>.html"


@pytest.mark.parametrize("fmt", ["gdelt", "icews"])
def test_tab_separated_exports_keep_one_row_per_event_whatever_the_text(
    tmp_path: Path, fmt: str
) -> None:
    plain = make_document("Kazakhstan met Kyrgyzstan in Almaty.")
    hostile = make_document(HOSTILE_SENTENCE, source="https://x.example/a\tb\nc")
    path = tmp_path / "separators.db"
    with open_store(path) as store:
        store.save_document(plain, [], [make_event(plain, "evtplain00001")])
        event = make_event(hostile, "evttabs000001", source_name="Tur\tkey\n", target_name="A\rB")
        store.save_document(hostile, [], [event])
    code, out, err = invoke("export", "events", "--db", str(path), "--format", fmt)
    assert code == 0, err
    rows = out.split("\n")
    assert rows[-1] == "" and "\r" not in out
    assert len(rows) - 1 == 2 + (fmt == "icews")  # icews starts with a header
    assert len({row.count("\t") for row in rows[:-1]}) == 1, rows


def test_why_shows_script_tags_as_plain_text(database: Path) -> None:
    code, out, err = invoke("why", "evthostile001", "--db", str(database))
    assert code == 0, err
    assert '<script>alert("x")</script>' in out
    assert "feeds/<script>x</script>.html" in out


@pytest.mark.xfail(
    strict=True,
    raises=MarkupError,
    reason="cli_render.py prints titles, sources and names as rich markup (report, issue 11)",
)
def test_why_prints_markup_in_a_title_as_written(tmp_path: Path) -> None:
    document = make_document(
        "Georgia met Armenia in Tbilisi.", source="[red]x[/red] [/]", title="[/] [blink]t"
    )
    path = tmp_path / "markup.db"
    with open_store(path) as store:
        store.save_document(document, [], [make_event(document, "evtmarkup0001")])
    code, out, _err = invoke("why", "evtmarkup0001", "--db", str(path))
    assert code == 0
    assert "[red]x[/red] [/]" in out and "[/] [blink]t" in out


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="control characters from article text reach the terminal (report, issue 11)",
)
def test_why_and_events_send_no_escape_sequence_from_the_text(tmp_path: Path) -> None:
    document = make_document(
        "Georgia met Armenia \x1b[2J\x1b]0;title\x07 in Tbilisi.", source="news/\x1b[31mx.txt"
    )
    path = tmp_path / "escape.db"
    with open_store(path) as store:
        store.save_document(document, [], [make_event(document, "evtescape0001")])
    for command in (["why", "evtescape0001"], ["events"]):
        code, out, _err = invoke(*command, "--db", str(path))
        assert code == 0
        assert "\x1b" not in out, command
