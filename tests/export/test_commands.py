"""The `comity export` commands: where they write, what they say, and the CSV switch."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from builders import make_claim, make_document, make_event
from cli_invoke import invoke

from comity.export import export_relations
from comity.relations import stream_relations
from comity.store import open_store

EXPORTS = [
    ["export", "events"],
    ["export", "events", "--format", "csv"],
    ["export", "events", "--format", "parquet"],
    ["export", "graph", "--format", "csv"],
    ["export", "relations"],
    ["export", "relations", "--format", "parquet"],
]


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "db" / "exports.db"
    doc = make_document("=SUM(1+1) Turkey and Azerbaijan have ties; their envoys met.")
    with open_store(path) as store:
        store.save_document(
            doc,
            [],
            [make_event(doc, "evtcommand001", source="TUR", target="AZE")],
            claims=[
                make_claim(doc, "c1", a="TUR", b="AZE", object="+Ties"),
                make_claim(doc, "c2", a="AZE", b="TUR", negated=True, confidence=0.2),
            ],
        )
    return path


@pytest.mark.parametrize("command", EXPORTS, ids=" ".join)
@pytest.mark.parametrize("target", ["missing-folder/out", "."])
def test_an_unwritable_output_is_one_clean_error(
    database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], target: str
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = invoke(*command, "--db", str(database), "-o", target)
    assert (code, out) == (1, "")
    assert err.startswith(f"error: cannot write {target}: ") and err.count("\n") == 1, err
    assert not (tmp_path / "missing-folder").exists()


def test_an_output_name_with_markup_is_reported_as_written(database: Path, tmp_path: Path) -> None:
    target = tmp_path / "[red]x[bold] [blink].jsonl"
    code, _out, err = invoke("export", "relations", "--db", str(database), "-o", str(target))
    assert code == 0, err
    assert err.strip() == f"1 relations written to {target}"
    assert target.read_text(encoding="utf-8").count("\n") == 1


def test_an_error_naming_markup_is_printed_as_is(tmp_path: Path) -> None:
    folder = tmp_path / "[/]x" / "[bold]" / "x[" / "]"  # ends in "x[/]"
    folder.mkdir(parents=True)
    code, _out, err = invoke("export", "relations", "--db", str(folder))
    assert code == 1
    assert err == f"error: {folder} is not a SQLite database (it is a directory)\n"


def test_relations_export_writes_what_the_library_streams(database: Path, tmp_path: Path) -> None:
    target = tmp_path / "relations.jsonl"
    code, _out, err = invoke("export", "relations", "--db", str(database), "-o", str(target))
    assert code == 0, err
    expected = io.StringIO()
    with open_store(database) as store:
        export_relations(stream_relations(store), expected, "jsonl")
    assert target.read_text(encoding="utf-8") == expected.getvalue()


@pytest.mark.parametrize(
    ("command", "column", "text"),
    [
        (["export", "events"], "sentence", "=SUM(1+1) Turkey"),
        (["export", "relations"], "object", "+Ties"),
    ],
)
def test_csv_is_guarded_unless_asked_for_raw(
    database: Path, command: list[str], column: str, text: str
) -> None:
    for raw, prefix in ((False, "'"), (True, "")):
        arguments = [*command, "--db", str(database), "--format", "csv"]
        code, out, err = invoke(*arguments, *(["--raw-csv"] if raw else []))
        assert code == 0, err
        (row,) = csv.DictReader(io.StringIO(out, newline=""))
        assert row[column].startswith(prefix + text), (raw, row[column])
