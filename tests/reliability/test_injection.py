"""Hostile strings through the CLI and the HTTP API: SQL in filters, traversal in
paths, markup in text.

A store is filled with events whose sentences, sources and titles carry
`<script>`, quotes, separators, newlines and terminal markup; then every way
the CLI or the HTTP API lets a user or an article's author put a string
somewhere is tried. Nothing may change the database, write outside the path
asked for, or come out altered (CSV and JSONL must round-trip).

Paths: the CLI writes an export where its user asks, `..` included (the user
owns that shell). The HTTP API never takes a file path from a client: no
parameter names a file, ingest reads its request body as text, and the
explorer's files are served from their folder only. Markup in article text
shown by the explorer is tested in a browser in tests/web/test_frontend.py.
"""

from __future__ import annotations

import csv
import io
import json
import os
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from builders import make_document, make_event
from cli_invoke import invoke
from starlette.exceptions import StarletteDeprecationWarning
from typer.testing import CliRunner

from comity.cli import app
from comity.extract.extractor import Extraction
from comity.kb import KnowledgeBase
from comity.models import Document
from comity.store import open_store
from comity.store.aggregates import document_summaries
from comity.web import WebSettings, create_app
from reliability.snapshot import snapshot

with warnings.catch_warnings():
    # Starlette asks for the httpx2 fork; the httpx it falls back to works the same here.
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient

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


# --- the HTTP API -------------------------------------------------------------

HTTP_SQL = ["' OR 1=1 --", "x'; DROP TABLE events; --", "TUR' OR '1'='1", "%", "_"]
TOKEN = "a-long-enough-secret-token"
# Parameter names that would mean a client chooses a file on the server.
FILE_WORDS = {"path", "file", "filename", "output", "out", "o", "dir", "folder", "dest", "db"}


def requests_carrying(value: str) -> list[tuple[str, dict[str, str]]]:
    """Every API filter and path segment, each given `value`."""
    segment = quote(value, safe="")
    return [
        *(("/api/events", {name: value}) for name in ("actor", "type", "doc_id")),
        ("/api/events", {"dyad": f"{value},AZE"}),
        ("/api/events", {"since": value}),
        ("/api/timeline", {"actor": value}),
        ("/api/timeline", {"dyad": f"TUR,{value}"}),
        ("/api/network", {"actor": value}),
        ("/api/network", {"type": value}),
        ("/api/network", {"region": value}),
        ("/api/actors", {"q": value}),
        ("/api/relations", {"actor": value}),
        (f"/api/actors/{segment}", {}),
        (f"/api/map/{segment}", {}),
        (f"/api/dyads/{segment}/AZE", {}),
        (f"/api/events/{segment}", {}),
        (f"/api/documents/{segment}", {}),
    ]


class NoEventExtractor:
    """Stands in for the model: stores every document, finds nothing in it."""

    def extract_many(self, documents: Iterable[Document]) -> Iterator[Extraction]:
        for document in documents:
            yield Extraction(document, [], [], 1, 0, [])


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


@pytest.fixture
def api(database: Path, kb: KnowledgeBase) -> Iterator[TestClient]:
    """The app over the hostile database, with every route it has (ingest too)."""
    settings = WebSettings(allow_ingest=True, token=TOKEN, cache_entries=0)
    with open_store(database) as store:
        served = create_app(store, settings, kb=kb, load_extractor=NoEventExtractor)
        with TestClient(served) as client:
            yield client


def _stored_ids(database: Path) -> set[str]:
    with open_store(database) as store:
        return {event.id for event in store.events()} | {event.doc_id for event in store.events()}


@pytest.mark.parametrize("value", HTTP_SQL)
def test_sql_in_any_api_parameter_matches_nothing_and_changes_nothing(
    api: TestClient, database: Path, value: str
) -> None:
    before = snapshot(database)
    stored = _stored_ids(database)
    for path, params in requests_carrying(value):
        response = api.get(path, params=params)
        assert response.status_code in (200, 400, 404, 422), (path, params, response.text)
        if response.status_code == 200:
            assert not any(key in response.text for key in stored), (path, params)
            body = response.json()
            totals = [body.get(key) for key in ("total", "events") if isinstance(body, dict)]
            assert all(total in (None, 0) for total in totals), (path, params, body)
    assert snapshot(database) == before
    assert api.get("/api/events").json()["total"] == 2  # the table is all there


def test_the_api_takes_no_file_path_from_a_client(api: TestClient) -> None:
    schema = api.get("/openapi.json").json()
    for route, operations in schema["paths"].items():
        for method, operation in operations.items():
            names = {parameter["name"].lower() for parameter in operation.get("parameters", [])}
            assert not names & FILE_WORDS, (method, route, names)
            body = operation.get("requestBody", {}).get("content", {})
            assert set(body) <= {"text/plain"}, (method, route, set(body))
            assert method == "get" or route == "/api/ingest", (method, route)


def test_ingest_reads_a_path_in_its_body_as_text_never_as_a_file(
    api: TestClient, database: Path
) -> None:
    text = "The envoy from Turkey read ../../../../etc/passwd aloud in Baku on 3 May 2025."
    auth = {"Authorization": f"Bearer {TOKEN}"}
    answer = api.post("/api/ingest", content=text.encode(), headers=auth)
    assert answer.status_code == 200, answer.text
    assert answer.json()["added"] == 1
    with open_store(database) as store:
        ids = [summary.id for summary in document_summaries(store, limit=100)]
        stored = [store.document(doc_id).text for doc_id in ids]
    assert text in stored
    assert not any("root:" in body for body in stored)


@pytest.mark.parametrize(
    "path",
    [
        "/assets/../../../../etc/passwd",
        "/assets/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/assets/....//....//etc/passwd",
        "/..%2f..%2f..%2f..%2fetc%2fpasswd",
        "/api/documents/..%2f..%2f..%2fetc%2fpasswd",
    ],
)
def test_no_url_reads_a_file_outside_the_explorers_folder(
    database: Path, kb: KnowledgeBase, tmp_path: Path, path: str
) -> None:
    static = tmp_path / "static"
    (static / "assets").mkdir(parents=True)
    (static / "index.html").write_text("<!doctype html><title>x</title>", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("root:x:0:0 secret", encoding="utf-8")
    with open_store(database) as store:
        served = create_app(store, WebSettings(static_dir=static, cache_entries=0), kb=kb)
        with TestClient(served) as client:
            response = client.get(path)
            beside = client.get("/assets/..%2fsecret.txt")
    assert response.status_code in (400, 404), response.text[:200]
    assert "root:" not in response.text
    assert beside.status_code == 404 and "secret" not in beside.text
