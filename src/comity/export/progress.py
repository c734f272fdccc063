"""A progress bar for long exports, drawn on a terminal only.

Short exports and output that is not a terminal (pipes, files, tests) show
nothing: `advance` is then only a counter.
"""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

LONG_EXPORT = 10_000  # events or claims; below this an export is over before a bar helps
_REDRAW_EVERY = 500


class ExportProgress:
    """Counts exported events (or the claims merged into exported relations); shows a
    bar when `console` is a terminal and `total` is long."""

    def __init__(self, console: Console, total: int, *, what: str = "export") -> None:
        self.done = 0
        self._progress = Progress(
            TextColumn(f"[bold]{what}[/bold]"),
            BarColumn(bar_width=None),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not (console.is_terminal and total >= LONG_EXPORT),
        )
        self._task = self._progress.add_task(what, total=total)

    @property
    def shown(self) -> bool:
        return not self._progress.disable

    def __enter__(self) -> ExportProgress:
        self._progress.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._progress.update(self._task, completed=self.done)
        self._progress.stop()

    def advance(self, count: int = 1) -> None:
        before = self.done
        self.done += count
        if self.done // _REDRAW_EVERY > before // _REDRAW_EVERY:
            self._progress.update(self._task, completed=self.done)
