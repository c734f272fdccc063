"""`add_entry` and `comity actors add`: the user's own file, validated and then resolved."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from comity.cli import app
from comity.errors import ConfigError
from comity.kb import Gazetteer, KnowledgeBase
from comity.kb.user_file import (
    DEFAULT_USER_FILE,
    Entry,
    Options,
    add_entry,
    entry_from_options,
    user_file_path,
    user_paths,
)
from comity.models import EntityKind


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _codes_found(kb: KnowledgeBase, text: str) -> list[str | None]:
    return [mention.code for mention in Gazetteer(kb).find(text)]


def test_a_new_person_with_an_office_resolves_to_that_office(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    path = tmp_path / "mine.jsonl"
    role = {"office": "Minister of Foreign Affairs", "state": "KGZ", "sector": "DIP"}
    entry = Entry("person", "doe-jane", "Jane Doe", role={**role, "start": "2030-03-02"})
    added = add_entry(path, entry, kb)
    assert not added.replaced_line and not added.overrides_shipped
    loaded = KnowledgeBase.load([path])
    person = loaded.entity("doe-jane")
    assert person.kind is EntityKind.PERSON
    office = person.role_on(date(2030, 4, 1))
    assert office is not None and (office.state, office.sector) == ("KGZ", "DIP")
    assert person.role_on(date(2030, 3, 1)) is None
    assert _codes_found(loaded, "Talks with J. Doe in Bishkek.")[0] == "doe-jane"


def test_an_alias_extends_the_shipped_entity_and_keeps_its_names(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    path = tmp_path / "mine.jsonl"
    added = add_entry(path, Entry("alias", "KGZ", "Land of the Celestial Mountains"), kb)
    assert added.overrides_shipped
    (line,) = _lines(path)
    assert line["type"] == "state" and "Kirghizia" in line["names"]  # type: ignore[operator]
    loaded = KnowledgeBase.load([path])
    text = "The Land of the Celestial Mountains and Kirghizia are one."
    assert _codes_found(loaded, text) == ["KGZ", "KGZ"]
    assert loaded.capital_of("KGZ") == "Bishkek"


def test_adding_the_same_code_again_replaces_only_its_line(
    kb: KnowledgeBase, tmp_path: Path
) -> None:
    path = tmp_path / "mine.jsonl"
    kept = '{"type": "place", "code": "tokmok-x", "name": "Tokmokville", "state": "KGZ"}'
    path.write_text(kept + "\n", encoding="utf-8")
    add_entry(path, Entry("organisation", "NEWORG", "New Org", abbreviations=("NWO",)), kb)
    member = {"code": "UZB", "start": "2031-01-01", "end": None}
    again = add_entry(path, Entry("organisation", "NEWORG", members=(member,)), kb)
    assert again.replaced_line
    text_lines = path.read_text(encoding="utf-8").splitlines()
    assert text_lines[0] == kept and len(text_lines) == 2
    loaded = KnowledgeBase.load([path])
    assert loaded.members_of("NEWORG", date(2031, 6, 1)) == ["UZB"]
    assert loaded.members_of("NEWORG", date(2030, 6, 1)) == []


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (Entry("person", "x-y", "X Y", role={"office": "President", "state": "ZZZ"}), "'ZZZ'"),
        (Entry("state", "KGZ", fields={"capital": 5}), "capital"),
        (Entry("alias", "no-such-code", "Nobody"), "no entity"),
        (Entry("person", "KGZ", "Mr Kyrgyzstan"), "is a state"),
        (Entry("institution", "kgz-x", "X Council", fields={"state": "KGZ"}), "sector"),
        (Entry("place", "new-place"), "needs a name"),
        (Entry("planet", "mars", "Mars"), "unknown kind"),
    ],
)
def test_bad_entries_are_refused_and_the_file_is_untouched(
    kb: KnowledgeBase, tmp_path: Path, entry: Entry, message: str
) -> None:
    path = tmp_path / "mine.jsonl"
    path.write_text("", encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        add_entry(path, entry, kb)
    assert path.read_text(encoding="utf-8") == ""


def test_a_broken_file_is_not_edited(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "mine.jsonl"
    path.write_text('{"type": "state", "code": "XYZ"}\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="mine.jsonl:1"):
        add_entry(path, Entry("alias", "KGZ", "Kyrgyzland"), kb)
    assert path.read_text(encoding="utf-8") == '{"type": "state", "code": "XYZ"}\n'


def test_options_make_roles_members_and_fields() -> None:
    options = Options(office="Speaker", state="KGZ", sector="LEG", start="2030-01-01")
    person = entry_from_options("person", "roe-r", "R. Roe", options)
    assert person.role is not None and person.role["office"] == "Speaker"
    assert person.role["state"] == "KGZ" and person.fields == {}
    place = entry_from_options("place", "p", "P", Options(state="KAZ", json_fields='{"note": "n"}'))
    assert place.fields == {"state": "KAZ", "note": "n"} and place.role is None
    organisation = entry_from_options(
        "organisation", "O", "O", Options(members=("KGZ", "GBR:1973-01-01:2020-01-31"))
    )
    assert organisation.members == (
        {"code": "KGZ", "start": None, "end": None},
        {"code": "GBR", "start": "1973-01-01", "end": "2020-01-31"},
    )


@pytest.mark.parametrize(
    ("kind", "options", "message"),
    [
        ("state", Options(office="President"), "kind 'person'"),
        ("person", Options(start="2020-01-01"), "--office"),
        ("state", Options(json_fields="[1, 2]"), "JSON object"),
        ("state", Options(json_fields="{capital"), "not valid JSON"),
        ("organisation", Options(members=("A:1:2:3",)), "CODE:START:END"),
    ],
)
def test_bad_options_get_a_clear_message(kind: str, options: Options, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        entry_from_options(kind, "c", "C", options)


def test_which_file_is_written_and_which_are_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    mine = tmp_path / "mine.jsonl"
    assert user_file_path(None, ()) == DEFAULT_USER_FILE
    assert user_file_path(None, (mine,)) == mine
    assert user_file_path(tmp_path / "other.jsonl", (mine,)) == tmp_path / "other.jsonl"
    assert user_paths((mine,)) == (mine,)
    DEFAULT_USER_FILE.write_text("", encoding="utf-8")
    assert user_paths((mine,)) == (mine, DEFAULT_USER_FILE)
    assert user_paths((DEFAULT_USER_FILE,)) == (DEFAULT_USER_FILE,)


def test_actors_add_then_show_resolves_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COMITY_KB_EXTRA", raising=False)
    runner = CliRunner()
    added = runner.invoke(
        app,
        ["actors", "add", "person", "doe-jane", "Jane Doe", "--office", "Prime Minister"]
        + ["--state", "UZB", "--sector", "GOV", "--start", "2031-05-01"],
    )
    assert added.exit_code == 0, added.output
    assert "added person doe-jane" in added.output
    assert (tmp_path / DEFAULT_USER_FILE).is_file()
    shown = runner.invoke(app, ["actors", "show", "Jane Doe arrived.", "--date", "2031-06-01"])
    assert shown.exit_code == 0 and "doe-jane" in shown.output and "UZB/GOV" in shown.output
    refused = runner.invoke(app, ["actors", "add", "person", "x-y", "X Y", "--office", "Emir"])
    assert refused.exit_code == 1
