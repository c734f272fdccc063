"""What the parser reads: a sentence simplified for the small model, mapped back exactly.

Titles and full names ("President Kassym-Jomart Tokayev of Kazakhstan hosted
President Recep Tayyip Erdoğan of Turkey, ...") lead the small English model to
wrong trees; the same sentence with surnames only parses right. So before parsing,
every known person's name is cut to its surname and initials ("S.Sh.") are masked,
and a `ParseView` maps each character of the parsed text back to the document, so
that spans, triggers and mentions keep their exact document offsets.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from comity.models import EntityKind, Mention

# Initials before a surname ("S.Sh.", "R.T.") read as sentence ends or verbs to the
# parser; they are masked by a name-like word of the same length.
_INITIALS = re.compile(r"\b(?:[A-ZА-ЯЁ][a-zа-яё]?\.){2,3}(?=\s*[A-ZА-ЯЁ][a-zа-яё])")


@dataclass(frozen=True)
class ParseView:
    """A sentence's text for parsing, and the map of its characters to the document."""

    text: str
    starts: tuple[int, ...]  # where each copied piece starts in `text`
    origins: tuple[int, ...]  # where the same piece starts in the document

    def to_document(self, index: int) -> int:
        """Document offset of the parsed text's character `index`."""
        piece = bisect_right(self.starts, index) - 1
        return self.origins[piece] + index - self.starts[piece]

    def to_parse(self, position: int) -> int:
        """Offset in the parsed text of document `position` (a cut character maps forward)."""
        piece = max(bisect_right(self.origins, position) - 1, 0)
        end = self.starts[piece + 1] if piece + 1 < len(self.starts) else len(self.text)
        return min(self.starts[piece] + max(position - self.origins[piece], 0), end)


def parse_view(document_text: str, start: int, end: int, mentions: Sequence[Mention]) -> ParseView:
    """The parse view of document_text[start:end], given the mentions inside it."""
    parts: list[str] = []
    starts: list[int] = []
    origins: list[int] = []
    cursor, length = start, 0
    for cut_from, cut_to in _name_cuts(mentions, start, end):
        if cut_from > cursor:
            starts.append(length)
            origins.append(cursor)
            parts.append(document_text[cursor:cut_from])
            length += cut_from - cursor
        cursor = cut_to
    starts.append(length)
    origins.append(cursor)
    parts.append(document_text[cursor:end])
    text = _INITIALS.sub(lambda m: m.group()[0] + "a" * (len(m.group()) - 1), "".join(parts))
    return ParseView(text, tuple(starts), tuple(origins))


def _name_cuts(mentions: Sequence[Mention], start: int, end: int) -> list[tuple[int, int]]:
    """Document spans to leave out: everything of a person's name before the surname."""
    cuts = []
    for mention in sorted(mentions, key=lambda m: m.start):
        if mention.kind is not EntityKind.PERSON or not (
            start <= mention.start and mention.end <= end
        ):
            continue
        surname_at = max(mention.text.rfind(" "), mention.text.rfind("\u00a0")) + 1
        if surname_at > 0:
            cuts.append((mention.start, mention.start + surname_at))
    return cuts
