"""The canonical form of a document's text and the id derived from it.

The normalised text is what comity stores and what every character offset
refers to, so normalisation only touches whitespace and Unicode composition:
punctuation, quotes and dashes are kept as written.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

ID_LENGTH = 24

_LINE_BREAKS = re.compile(r"\r\n|[\r\x85\u2028\u2029]")
_BLANK_RUN = re.compile(r"\n{3,}")


def normalise_text(text: str) -> str:
    """Return `text` in the form comity stores.

    Unicode NFC, every line break as ``\\n``, no trailing whitespace on a line,
    runs of blank lines collapsed to one blank line, no leading or trailing
    whitespace. Applying it twice changes nothing.
    """
    text = unicodedata.normalize("NFC", text)
    text = _LINE_BREAKS.sub("\n", text)
    # Line by line, not by a regex: a regex for trailing spaces backtracks over
    # every run of spaces inside a line, quadratic on a hostile text.
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    text = _BLANK_RUN.sub("\n\n", text)
    return text.strip()


def document_id(text: str) -> str:
    """The id of the document holding `text`: sha256 of the normalised text, 24 hex digits."""
    return id_of_normalised(normalise_text(text))


def id_of_normalised(text: str) -> str:
    """`document_id` for text that is already normalised (saves normalising twice)."""
    # surrogatepass: any str has an id, even one no reader would accept.
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:ID_LENGTH]
