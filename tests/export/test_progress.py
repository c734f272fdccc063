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


def test_advancing_by_many_counts_them_all() -> None:
    terminal = Console(file=io.StringIO(), force_terminal=True)
    with ExportProgress(terminal, LONG_EXPORT, what="relations") as progress:
        for _ in range(3):
            progress.advance(400)  # the claims of one merged relation
    assert progress.shown and progress.done == 1200
