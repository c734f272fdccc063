"""Streaming JSON Lines one object at a time, with a reason for every bad line.

A JSONL corpus can be far larger than memory, so lines are read one by one
and a line longer than the per-document limit is skipped without being held.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from comity.errors import IngestError
from comity.ingest.decode import UTF8_BOM, over_limit
from comity.jsonl import json_object

_DRAIN_CHUNK = 1 << 20


@dataclass(frozen=True)
class JsonLine:
    """One non-blank line: its 1-based number and either its object or what is wrong."""

    number: int
    fields: dict[str, Any] | None
    problem: str | None = None


def iter_json_objects(stream: BinaryIO, max_bytes: int) -> Iterator[JsonLine]:
    """Each non-blank line of `stream` parsed as a JSON object (blank lines are skipped)."""
    number = 0
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        number += 1
        # Checked before the BOM goes, or a line cut at the limit loses its tail.
        if _is_cut_short(line, max_bytes):
            size = len(line) + _drain_line(stream)
            yield JsonLine(number, None, str(over_limit("line", size, max_bytes)))
            continue
        if number == 1 and line.startswith(UTF8_BOM):
            line = line[len(UTF8_BOM) :]
        if not line.strip():
            continue
        try:
            yield JsonLine(number, parse_object(line))
        except IngestError as error:
            yield JsonLine(number, None, str(error))


def parse_object(line: bytes) -> dict[str, Any]:
    """One JSONL line as a JSON object, or IngestError saying why it is not one."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError as error:
        raise IngestError(
            f"not valid UTF-8 (first bad byte at column {error.start + 1})"
        ) from error
    try:
        return json_object(text)
    except ValueError as error:
        raise IngestError(str(error)) from error
    except RecursionError as error:  # json's decoder recurses once per [ or {
        raise IngestError(
            "JSON nested too deeply to read (arrays or objects in one another)"
        ) from error


def _is_cut_short(line: bytes, max_bytes: int) -> bool:
    """True when readline stopped at the limit, not at the end of the line."""
    content = line[:-1] if line.endswith(b"\n") else line
    return len(content) > max_bytes


def _drain_line(stream: BinaryIO) -> int:
    """Skip the rest of an over-long line; return how many bytes were skipped."""
    skipped = 0
    while True:
        chunk = stream.readline(_DRAIN_CHUNK)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped
