"""The `comity` command end to end: ingest, query, proof, export, bad input."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from comity.cli import app

pytestmark = [pytest.mark.model, pytest.mark.slow]

GOOD_TEXT = (
    "ASTANA, 3 November 2023 — Kazakhstan hosted the summit of the Organization of Turkic States. "
    "Uzbekistan signed a transit agreement with Kyrgyzstan on Friday.\n"
)


def run(*args: str, input: bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), input=input)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory, request) -> Path:  # type: ignore[no-untyped-def]
    shared = Path(__file__).resolve().parents[1].parent / "shared"
    if not (shared / "examples" / "seeds").is_dir():
        pytest.skip("../shared/examples/seeds is not beside the repository")
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    code, out, err = run("ingest", str(shared / "examples" / "seeds"), "--db", str(db))
    assert code == 0, err
    assert "3 documents added" in out
    return db


def _score(shared: Path, tool: str, gold: str, predicted: Path) -> tuple[float, float, str]:
    """Precision and recall by one of the shared scorers, and its whole report."""
    scored = subprocess.run(
        [sys.executable, str(shared / "tools" / tool), str(shared / "gold" / gold), str(predicted)],
        capture_output=True,
        text=True,
        check=True,
    )
    last = scored.stdout.strip().splitlines()[-1]
    precision, recall = (float(x) for x in re.findall(r"(?:precision|recall) ([0-9.]+)", last))
    return precision, recall, scored.stdout


def test_seed_corpus_scores_above_the_floor(seeds_db: Path, tmp_path: Path) -> None:
    shared = Path(__file__).resolve().parents[1].parent / "shared"
    events = tmp_path / "events.jsonl"
    code, _, _ = run(
        "export", "events", "--db", str(seeds_db), "--format", "jsonl", "-o", str(events)
    )
    assert code == 0
    precision, recall, report = _score(shared, "score_events.py", "seeds_events.jsonl", events)
    assert recall >= 0.6, report
    assert precision >= 0.7, report


def test_reingest_stores_nothing_new(seeds_db: Path) -> None:
    shared = Path(__file__).resolve().parents[1].parent / "shared"
    before = _export(seeds_db)
    code, out, _ = run("ingest", str(shared / "examples" / "seeds"), "--db", str(seeds_db))
    assert code == 0
    assert "0 documents added, 3 already stored" in out
    assert _export(seeds_db) == before


def test_events_filters_and_why(seeds_db: Path) -> None:
    rows = _export(seeds_db)
    kgz_tur = [
        r
        for r in rows
        if {r["source"], r["target"]} == {"KGZ", "TUR"} and (r["date"] or "") >= "2018"
    ]
    code, out, _ = run("events", "--db", str(seeds_db), "--dyad", "KGZ,TUR", "--since", "2018")
    assert code == 0
    assert f"{len(kgz_tur)} events" in out
    event = kgz_tur[0]
    code, out, _ = run("why", event["id"][:8], "--db", str(seeds_db))
    assert code == 0
    assert event["trigger"] in out
    assert "002_30a2c992490f7df1.txt" in out


def test_timeline_is_in_date_order(seeds_db: Path) -> None:
    rows = [r for r in _export(seeds_db) if "UZB" in (r["source"], r["target"]) and r["date"]]
    dates = [r["date"] for r in rows]
    assert dates == sorted(dates)
    code, out, _ = run("timeline", "UZB", "--db", str(seeds_db))
    assert code == 0 and "Timeline of UZB" in out


def test_bad_inputs_are_reported_and_change_nothing_stored(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    good = tmp_path / "good.txt"
    good.write_text(GOOD_TEXT, encoding="utf-8")
    assert run("ingest", str(good), "--db", db)[0] == 0
    before = _export(Path(db))
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_text("")
    (bad / "latin1.txt").write_bytes("Türkiye und Zypern".encode("latin-1"))
    (bad / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    with (bad / "huge.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    (bad / "broken.html").write_text(
        "<html><head><title>t</title></head><body><div><script>x()</script><p><b><i></div>"
    )
    (bad / "turkish.txt").write_text(
        "Özbekistan Cumhurbaşkanı, Azerbaycan ile müttefiklik ilişkilerine dair yasayı imzaladı. "
        "Belge, Taşkent'in Şuşa Beyannamesi'ne katılımını da resmileştiriyor.",
        encoding="utf-8",
    )
    code, out, err = run("ingest", str(bad), str(tmp_path / "missing.txt"), "--db", db)
    assert code == 1  # nothing at all could be ingested
    rejected = [line for line in err.splitlines() if line.startswith("rejected")]
    assert len(rejected) == 7, err
    for name in (
        "empty.txt",
        "latin1.txt",
        "binary.txt",
        "huge.txt",
        "broken.html",
        "turkish.txt",
        "missing.txt",
    ):
        assert any(name in line for line in rejected), name
    assert _export(Path(db)) == before


def test_a_mixed_run_succeeds_and_stdin_works(tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    code, out, err = run("ingest", str(tmp_path), "--db", db)
    assert code == 0 and "1 documents added" in out and "empty.txt" in err
    code, out, _ = run(
        "ingest",
        "-",
        "--db",
        db,
        "--date",
        "2024-01-10",
        input=b"Turkey signed a trade accord with Azerbaijan yesterday.",
    )
    assert code == 0 and "1 documents added" in out
    rows = _export(Path(db))
    assert any(r["doc"] == "stdin" and r["date"] == "2024-01-09" for r in rows)


def test_bad_arguments_get_a_clear_message(tmp_path: Path) -> None:
    code, _, err = run("events", "--db", str(tmp_path / "x.db"), "--since", "last spring")
    assert code == 2 and "since" in err.lower()
    code, _, err = run("why", "nonexistent", "--db", str(tmp_path / "x.db"))
    assert code == 1 and "nonexistent" in err
    code, _, err = run("relations", "--db", str(tmp_path / "x.db"), "--on", "2020-13-45")
    assert code == 2 and "--on takes YYYY-MM-DD, not '2020-13-45'" in err


def _export(db: Path) -> list[dict[str, object]]:
    code, out, _ = run("export", "events", "--db", str(db), "--format", "jsonl")
    assert code == 0
    return [json.loads(line) for line in out.splitlines() if line.strip()]


@pytest.mark.parametrize("fmt", ["csv", "gdelt", "icews", "plover"])
def test_export_event_formats_write_one_row_per_event(
    seeds_db: Path, tmp_path: Path, fmt: str
) -> None:
    asserted = [r for r in _export(seeds_db) if r["mode"] == "asserted"]
    out = tmp_path / f"events.{fmt}"
    code, _, err = run("export", "events", "--db", str(seeds_db), "--format", fmt, "-o", str(out))
    assert code == 0, err
    lines = [line for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
    header = 1 if fmt in ("csv", "icews") else 0
    # GDELT and ICEWS have no mode column, so they carry asserted events only.
    expected = len(_export(seeds_db)) if fmt in ("csv", "plover") else len(asserted)
    assert len(lines) - header == expected


def test_export_parquet_and_graph(seeds_db: Path, tmp_path: Path) -> None:
    import networkx as nx
    import pandas as pd

    parquet = tmp_path / "events.parquet"
    assert (
        run("export", "events", "--db", str(seeds_db), "--format", "parquet", "-o", str(parquet))[0]
        == 0
    )
    assert len(pd.read_parquet(parquet)) == len(_export(seeds_db))
    graphml = tmp_path / "graph.graphml"
    assert (
        run("export", "graph", "--db", str(seeds_db), "--format", "graphml", "-o", str(graphml))[0]
        == 0
    )
    graph = nx.read_graphml(graphml)
    pairs = {(r["source"], r["target"]) for r in _export(seeds_db) if r["target"]}
    assert graph.number_of_edges() == len(pairs)


def test_seed_relations_score_above_the_floor(seeds_db: Path, tmp_path: Path) -> None:
    shared = Path(__file__).resolve().parents[1].parent / "shared"
    relations = tmp_path / "relations.jsonl"
    code, _, _ = run("export", "relations", "--db", str(seeds_db), "-o", str(relations))
    assert code == 0
    precision, recall, report = _score(
        shared, "score_relations.py", "seeds_relations.jsonl", relations
    )
    assert recall >= 0.8, report
    assert precision >= 0.8, report


def test_relation_commands_show_the_seed_relations(seeds_db: Path) -> None:
    code, out, _ = run("relations", "--db", str(seeds_db), "--actor", "KGZ", "--kind", "embassy")
    assert code == 0 and out.startswith("2 relations")  # its embassy in Ankara, Turkey's in Bishkek
    code, out, _ = run("dyad", "KGZ", "TUR", "--db", str(seeds_db), "--on", "1993-01-01")
    assert code == 0 and "holding on 1993-01-01" in out
    assert "not yet begun" in out  # the 1994 consulate and the 1997 treaty
    assert re.search(r"\d+ events between KGZ and TUR", out)
    code, out, _ = run("conflicts", "--db", str(seeds_db))
    assert code == 0
    code, out, _ = run("export", "relations", "--db", str(seeds_db), "--format", "csv")
    assert code == 0 and out.splitlines()[0].startswith("id,a,b,relation,object,since")


def test_relations_reject_a_malformed_day(seeds_db: Path) -> None:
    code, _, err = run("relations", "--db", str(seeds_db), "--on", "May 2020")
    assert code == 2 and "YYYY-MM-DD" in err
