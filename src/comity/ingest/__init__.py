"""comity's first stage: sources (files, folders, JSONL, HTML, stdin) in, Documents out.

read_sources(paths)   -> a Document for each usable input, a Rejected (with the
                         reason) for each unusable one
normalise_text(text)  -> the stored form of a text, which offsets refer to
document_id(text)     -> sha256 of the normalised text, 24 hex digits
detect_language(text) -> ISO 639-1 code, "en" when unsure
demo_corpus_path()    -> the folder of comity's bundled demo texts
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from comity.errors import IngestError
from comity.ingest.language import detect_language
from comity.ingest.rejected import Rejected
from comity.ingest.sources import read_sources
from comity.ingest.text import document_id, normalise_text

__all__ = [
    "Rejected",
    "demo_corpus_path",
    "detect_language",
    "document_id",
    "normalise_text",
    "read_sources",
]


def demo_corpus_path() -> Path:
    """The folder holding the demo corpus shipped with comity (texts and manifest.jsonl)."""
    folder = resources.files("comity") / "demo" / "corpus"
    if not isinstance(folder, Path):
        raise IngestError(
            "the demo corpus is inside a packed archive; install comity unpacked to read it"
        )
    return folder
