"""Listing the files of a folder tree in a fixed order, safely.

Depth-first, entries sorted by name, hidden entries and manifests skipped.
Symbolic links to folders are followed, but a link back to a folder being
walked is reported instead of followed for ever.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from comity.ingest.manifest import MANIFEST_NAME
from comity.ingest.rejected import Rejected


def os_reason(error: OSError) -> str:
    """The operating system's words for `error` ("No such file or directory")."""
    return error.strerror or str(error)


def walk_folder(folder: Path, *, skip: frozenset[str] = frozenset()) -> Iterator[Path | Rejected]:
    """Every file below `folder` except hidden ones, manifests and the absolute paths in `skip`."""
    yield from _walk(folder, skip, ancestors=frozenset())


def _walk(
    folder: Path, skip: frozenset[str], ancestors: frozenset[tuple[int, int]]
) -> Iterator[Path | Rejected]:
    try:
        status = os.stat(folder)
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        yield Rejected(str(folder), f"cannot read the folder: {os_reason(error)}")
        return
    identity = (status.st_dev, status.st_ino)
    if identity in ancestors:
        yield Rejected(str(folder), "directory symlink loop (it leads back to a folder above it)")
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name == MANIFEST_NAME:
            continue
        path = Path(entry.path)
        if os.path.abspath(path) in skip:
            continue
        if _is_folder(entry):
            yield from _walk(path, skip, ancestors | {identity})
        else:
            yield path


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False  # reading it as a file will report what is wrong
