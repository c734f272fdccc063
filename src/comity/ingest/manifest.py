"""Manifests: JSONL files that give each text file its date, URL, title and language.

A `manifest.jsonl` in a folder describes the files in that folder; a manifest
passed explicitly may describe files anywhere below its own folder. Entries
are matched by path relative to the manifest's folder, then by base name.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from comity.errors import IngestError
from comity.ingest.jsonl import iter_json_objects
from comity.ingest.metadata import SourceMeta, meta_from_fields, optional_string
from comity.ingest.rejected import Rejected

MANIFEST_NAME = "manifest.jsonl"


@dataclass(frozen=True)
class Manifest:
    """The metadata a manifest gives, keyed by the file's path relative to its folder."""

    path: Path
    entries: dict[str, SourceMeta] = field(default_factory=dict)

    @property
    def folder(self) -> Path:
        return self.path.parent

    def lookup(self, path: Path) -> SourceMeta | None:
        """The entry for the file at `path`: by relative (or absolute) path, else by base name."""
        for key in _keys_for(path, self.folder):
            if key in self.entries:
                return self.entries[key]
        return self.entries.get(path.name)


@dataclass(frozen=True)
class LoadedManifest:
    manifest: Manifest
    rejected: list[Rejected]


def load_manifest(path: Path, max_bytes: int) -> LoadedManifest:
    """Read the manifest at `path`; each bad line becomes a Rejected, the rest still apply.

    Raises OSError when the file cannot be opened or read.
    """
    entries: dict[str, SourceMeta] = {}
    listed_on: dict[str, int] = {}
    rejected: list[Rejected] = []
    with path.open("rb") as stream:
        for line in iter_json_objects(stream, max_bytes):
            where = f"{path}:{line.number}"
            try:
                if line.fields is None:
                    raise IngestError(line.problem or "unreadable line")
                key, meta = _entry(line.fields)
                if key in listed_on:
                    raise IngestError(f"{key!r} is already described on line {listed_on[key]}")
            except IngestError as error:
                rejected.append(Rejected(where, str(error)))
                continue
            entries[key] = meta
            listed_on[key] = line.number
    return LoadedManifest(Manifest(path, entries), rejected)


def _entry(fields: dict[str, object]) -> tuple[str, SourceMeta]:
    name = optional_string(fields, "file")
    if name is None:
        raise IngestError("'file' is missing: each manifest line names the file it describes")
    return _normalise_key(name), meta_from_fields(fields)


def _normalise_key(name: str) -> str:
    return posixpath.normpath(name.replace("\\", "/"))


def _keys_for(path: Path, folder: Path) -> list[str]:
    absolute = os.path.abspath(path)
    try:
        relative = os.path.relpath(absolute, os.path.abspath(folder))
    except ValueError:  # on another drive (Windows): only the absolute path can match
        return [_normalise_key(absolute)]
    return [_normalise_key(relative), _normalise_key(absolute)]
