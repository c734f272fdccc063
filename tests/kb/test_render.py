"""What `comity actors` prints: user text and names are shown as written."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

from rich.console import Console

from comity.kb import KnowledgeBase
from comity.kb.explain import FileCheck, Unresolved, explain
from comity.kb.render import render_explanation, render_file_check


def _console() -> tuple[Console, io.StringIO]:
    out = io.StringIO()
    return Console(file=out, width=200, color_system=None), out


def test_names_in_the_explanation_are_shown_as_written(kb: KnowledgeBase) -> None:
    console, out = _console()
    found = explain("Turkey met Zorblax Veemer.", kb)
    # A name as a user file could spell it, and a phrase the knowledge base lacks.
    renamed = replace(found.resolutions[0], entity_name="[bold]Türkiye[/bold]")
    unknown = Unresolved("[red]Veemer", 11, 22)
    render_explanation(replace(found, resolutions=(renamed,), unresolved=(unknown,)), console)
    shown = out.getvalue()
    assert "[bold]Türkiye[/bold]" in shown
    assert "unresolved: [red]Veemer (11-22)" in shown


def test_markup_in_a_user_file_name_is_shown_as_written(tmp_path: Path) -> None:
    console, out = _console()
    check = FileCheck(tmp_path / "mine.jsonl", (("XX", "state", "[blink]Freedonia"),), ())
    render_file_check(check, console)
    assert "adds state XX: [blink]Freedonia" in out.getvalue()
