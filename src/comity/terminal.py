"""Text from documents, made safe to show on a terminal (issue 11).

Titles, sources, names and sentences come from articles that anyone may have
written. Printed through rich they must not be read as markup ("[bold]" would
style the output, a stray "[/]" would crash it), and their control characters
must not reach the terminal, where an escape sequence can move the cursor,
clear the screen, recolour or retitle the window, and a carriage return can
hide what was printed before it. `literal` gives a rich `Text`, which rich
prints as written; each control character in it is replaced by one visible
character, so character offsets into the text stay right for highlighting.

Tabs and newlines are kept (rich lays them out); so are the directional marks
that right-to-left scripts need, but not the bidirectional overrides and
isolates, which can make a line read differently from what it holds.
"""

from __future__ import annotations

from functools import lru_cache

from rich.text import Text

REPLACEMENT = "\N{REPLACEMENT CHARACTER}"
_KEPT = frozenset("\t\n")
_BIDI_CONTROLS = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))


@lru_cache(maxsize=1)
def _unsafe_characters() -> dict[int, str]:
    """The `str.translate` table: C0 and C1 controls, DEL and bidi overrides."""
    controls = [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), *_BIDI_CONTROLS]
    return {code: REPLACEMENT for code in controls if chr(code) not in _KEPT}


def printable(text: str) -> str:
    """`text` with every character that could drive the terminal replaced, one for one."""
    return text.translate(_unsafe_characters())


def literal(text: str, style: str = "") -> Text:
    """`text` as rich should show it: as written (no markup) and printable."""
    return Text(printable(text), style=style)
