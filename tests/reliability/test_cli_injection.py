"""SQL in every CLI argument that reaches the store (issue 11).

`test_injection.py` tries the `events` filters; here every other command that
passes a user's string to a query gets the same strings: as an actor code, an
event id, a pair, a PLOVER type, a period. Each must match nothing (or be
refused with a clear message), print no traceback, and leave the database
exactly as it was.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import make_claim, make_document, make_event
from cli_invoke import invoke

from comity.store import open_store
from reliability.snapshot import snapshot

SQL = [
    "TUR' OR 1=1 --",
    "x'; DROP TABLE events; --",
    "0' UNION SELECT id, text FROM documents --",
    '"); DELETE FROM relation_claims; --',
    "%",
]


@pytest.fixture
def database(tmp_path: Path) -> Path:
    """Two events and two relation claims between Türkiye and Azerbaijan."""
    path = tmp_path / "sql.db"
    doc = make_document("Turkey and Azerbaijan have had ties since 1992; the envoys met.")
    with open_store(path) as store:
        store.save_document(
            doc,
            [],
            [
                make_event(doc, "evtsqlcli0001", source="TUR", target="AZE", date="2024-05-01"),
                make_event(doc, "evtsqlcli0002", source="AZE", target="TUR", date="2024-05-02"),
            ],
            claims=[
                make_claim(doc, "clmsql1", a="TUR", b="AZE", since="1992"),
                make_claim(doc, "clmsql2", a="AZE", b="TUR", negated=True, confidence=0.3),
            ],
        )
    return path


def commands(value: str, db: Path) -> list[list[str]]:
    """Every command and option that hands `value` to a database query."""
    where = ["--db", str(db)]
    return [
        ["timeline", value, *where],
        ["why", value, *where],
        ["relations", "--actor", value, *where],
        ["dyad", value, "AZE", *where],
        ["dyad", "TUR", value, *where],
        ["export", "relations", "--actor", value, *where],
        ["export", "relations", "--actor", value, "--format", "csv", *where],
        ["export", "events", "--dyad", f"TUR,{value}", "--format", "csv", *where],
        ["events", "--type", value, *where],
    ]


@pytest.mark.parametrize("value", SQL)
def test_sql_in_any_argument_finds_nothing_and_changes_nothing(database: Path, value: str) -> None:
    before = snapshot(database)
    for command in commands(value, database):
        code, out, err = invoke(*command)
        assert code in (0, 1, 2), (command, err)
        assert "Traceback" not in out + err, command
        assert "evtsqlcli" not in out, command  # no event comes out
        assert "ties" not in out, command  # nor a relation's sentence
        if code != 0:
            assert err.startswith("error:") and len(err.strip().splitlines()) == 1, err
    assert snapshot(database) == before


def test_sql_in_the_graphs_type_filter_makes_an_empty_network(database: Path) -> None:
    before = snapshot(database)
    for value in SQL:
        command = ["export", "graph", "--type", value, "--format", "csv", "--db", str(database)]
        code, out, err = invoke(*command)
        assert (code, out.splitlines()) == (0, [out.splitlines()[0]]), err  # the header only
    assert snapshot(database) == before


@pytest.mark.parametrize(
    ("option", "value"),
    [("--since", "2024' OR '1'='1"), ("--until", "2024; DELETE FROM events")],
)
def test_sql_in_a_period_is_refused_by_every_command_that_takes_one(
    database: Path, option: str, value: str
) -> None:
    before = snapshot(database)
    for command in (["timeline", "TUR"], ["export", "graph"], ["export", "events"]):
        code, _out, err = invoke(*command, option, value, "--db", str(database))
        assert code == 2, (command, err)
        assert "YYYY" in err and "Traceback" not in err
    assert snapshot(database) == before


def test_the_same_commands_find_the_stored_rows(database: Path) -> None:
    assert "evtsqlcli0001" in invoke("why", "evtsqlcli0001", "--db", str(database))[1]
    code, out, _ = invoke("export", "relations", "--actor", "tur", "--db", str(database))
    assert code == 0 and '"a": "TUR"' in out and "ties" in out
    assert "2 events" in invoke("events", "--type", "consult", "--db", str(database))[1]
