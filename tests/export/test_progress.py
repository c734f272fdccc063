from __future__ import annotations

import io

from rich.console import Console

from comity.export.progress import LONG_EXPORT, ExportProgress


def test_no_bar_off_a_terminal_even_for_a_long_export() -> None:
    stream = io.StringIO()
    with ExportProgress(Console(file=stream), LONG_EXPORT * 2) as progress:
        for _ in range(1200):
            progress.advance()
    assert not progress.shown
    assert progress.done == 1200
    assert stream.getvalue() == ""


def test_a_bar_only_on_a_terminal_and_only_for_long_exports() -> None:
    terminal = Console(file=io.StringIO(), force_terminal=True)
    assert ExportProgress(terminal, LONG_EXPORT).shown
    assert not ExportProgress(terminal, LONG_EXPORT - 1).shown
