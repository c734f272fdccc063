"""`explain`, `check_user_file` and the `comity actors` commands."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from comity.cli import app
from comity.kb import KnowledgeBase
from comity.kb.explain import CAPITAL_NOTE, CITY_NOTE, check_user_file, explain


def test_explain_gives_role_on_the_day_and_notes(kb: KnowledgeBase) -> None:
    text = "In Osh, S.Sh. Jeenbekov and Ankara backed the Uzbek MFA; Zorblax Veemer objected."
    result = explain(text, kb, date(2019, 5, 1))
    by_text = {found.text: found for found in result.resolutions}
    person = by_text["S.Sh. Jeenbekov"]
    assert person.role is not None and person.role.office == "President"
    assert (person.actor, person.sector) == ("KGZ", "GOV")
    assert any(role.office == "Prime Minister" for role in person.other_roles)
    assert by_text["Ankara"].note == CAPITAL_NOTE
    assert by_text["Osh"].note == CITY_NOTE and by_text["Osh"].actor is None
    assert (by_text["Uzbek MFA"].actor, by_text["Uzbek MFA"].sector) == ("UZB", "DIP")
    assert [missing.text for missing in result.unresolved] == ["Zorblax Veemer"]


def test_explain_person_without_office_on_the_day(kb: KnowledgeBase) -> None:
    found = explain("Sadyr Japarov spoke.", kb, date(2015, 1, 1)).resolutions[0]
    assert found.role is None and found.actor is None


def test_check_user_file_reports_added_and_overridden(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "mine.jsonl"
    lines = [
        {
            "type": "institution",
            "code": "kgz-naryn-council",
            "state": "KGZ",
            "sector": "GOV",
            "name": "Naryn Council",
        },
        {"type": "organisation", "code": "OTS", "name": "Organization of Turkic States"},
    ]
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    check = check_user_file(path, kb)
    assert [row[0] for row in check.added] == ["kgz-naryn-council"]
    assert [row[0] for row in check.overridden] == ["OTS"]


def test_actors_show_command() -> None:
    result = CliRunner().invoke(
        app,
        [
            "actors",
            "show",
            "Sadyr Japarov met the Kazakh Defence Ministry.",
            "--date",
            "2020-12-01",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "2020-12-01" in result.output
    for word in ("person", "KAZ", "MIL"):
        assert word in result.output


def test_actors_list_and_check_commands(tmp_path: Path) -> None:
    runner = CliRunner()
    listed = runner.invoke(
        app, ["actors", "list", "--kind", "organisation", "--search", "visegrad"]
    )
    assert listed.exit_code == 0 and "V4" in listed.output and "NATO" not in listed.output
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "person", "code": "x"}\n', encoding="utf-8")
    checked = runner.invoke(app, ["actors", "check", str(bad)])
    assert checked.exit_code == 1
