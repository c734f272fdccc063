"""The record for an input that could not become a document, with the reason why."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rejected:
    """An input comity skipped: where it was and what is wrong with it.

    `source` is the path as given (``path:line`` for a JSONL line, ``"stdin"``
    for standard input); `reason` is one line saying what is wrong and, where
    it helps, what to do about it.
    """

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"
