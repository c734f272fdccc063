"""Keeping CSV cells from running as spreadsheet formulas (issue 11).

Excel, LibreOffice and Google Sheets run a cell that starts with `=`, `+`, `-`
or `@` as a formula, also after leading blanks, tabs or carriage returns; an
article sentence starting "=HYPERLINK(...)" would become a live link in the
sheet of whoever opens the export. comity's CSV exports are meant to be opened
in spreadsheets, so by default such a text cell is written with a leading `'`,
which spreadsheets take as "show as text". Numbers are never touched (-3.5
stays -3.5), and neither is text that reads as a plain number ("-2", "+90"):
both are harmless. JSON Lines, Parquet and the GDELT, ICEWS and PLOVER
layouts keep every value exactly: they follow other tools' schemas and are not
opened as sheets.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_STARTS = frozenset("=+-@")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def runs_as_formula(text: str) -> bool:
    """True when a spreadsheet could run `text` as a formula."""
    shown = text.lstrip()
    return shown[:1] in FORMULA_STARTS and not _PLAIN_NUMBER.fullmatch(shown)


def guarded_cell(value: Any) -> Any:
    """`value` as a CSV cell a spreadsheet shows as written: risky text gets a `'`."""
    if isinstance(value, str) and runs_as_formula(value):
        return "'" + value
    return value
