"""Reading sources — files, folders, JSONL corpora, stdin, the web — into Documents.

Every input becomes either a Document or a Rejected with the reason, in a
fixed order: the paths as given, each folder depth-first with its entries
sorted by name. Inputs are read one at a time, so a corpus is streamed.
An http(s):// argument and a file of URLs given as an argument are read by
`comity.ingest.web` (pages, feeds, sitemaps; see there for the rules).
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import BinaryIO

from comity.errors import ConfigError, IngestError
from comity.ingest.decode import decode_text, read_limited
from comity.ingest.document import build_document
from comity.ingest.fetch import Fetcher, FetchOptions, PageMemory, is_web_url, open_fetcher
from comity.ingest.html import extract_article
from comity.ingest.jsonl import JsonLine, iter_json_objects
from comity.ingest.manifest import MANIFEST_NAME, LoadedManifest, Manifest, load_manifest
from comity.ingest.metadata import SourceMeta, meta_from_fields
from comity.ingest.rejected import Rejected
from comity.ingest.walk import os_reason, walk_folder
from comity.ingest.web import WebReader, is_url_list
from comity.jsonl import json_type_name
from comity.models import Document

DEFAULT_MAX_BYTES = 5_000_000
STDIN_PATH = "-"
STDIN_SOURCE = "stdin"
TEXT_SUFFIXES = frozenset({".txt"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
JSONL_SUFFIXES = frozenset({".jsonl"})
SUPPORTED = ".txt, .html, .htm, .jsonl"

Outcome = Document | Rejected


def read_sources(
    paths: Sequence[str | os.PathLike[str]],
    *,
    default_published: date | None = None,
    manifest: Path | None = None,
    stdin: BinaryIO | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    fetcher: Fetcher | None = None,
    page_memory: PageMemory | None = None,
    user_agent: str | None = None,
) -> Iterator[Outcome]:
    """Read every source in `paths`, yielding a Document or a Rejected for each input.

    A path is a .txt, .html/.htm or .jsonl file, a folder (read recursively,
    skipping hidden entries and manifest files), "-" for one text document
    from `stdin` (default: the process's standard input), an http(s):// URL
    (a page, feed or sitemap) or a file of URLs (``*.urls``, ``urls.txt``).
    URLs are fetched with `fetcher`, or else a new one closed at the end that
    keeps the fetch history in `page_memory` (default: for this run only) and
    sends `user_agent` (default: `comity.ingest.fetch.user_agent()`).
    `manifest` gives
    metadata for files anywhere below its folder; a `manifest.jsonl` beside a
    file applies to it too. `default_published` dates the documents whose date
    is found nowhere else; `max_bytes` caps each document and JSONL line.

    Raises ConfigError for a non-positive `max_bytes` and IngestError when the
    `manifest` given cannot be read; a bad input never raises.
    """
    if max_bytes <= 0:
        raise ConfigError(f"max_bytes must be positive, not {max_bytes}")
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    reader = _SourceReader(
        default_published=default_published,
        explicit_manifest=_load_explicit_manifest(manifest, max_bytes) if manifest else None,
        stdin=stdin,
        max_bytes=max_bytes,
        fetcher=fetcher,
        page_memory=page_memory,
        user_agent=user_agent,
    )
    return reader.read_all([os.fspath(path) for path in paths])


def _load_explicit_manifest(path: Path, max_bytes: int) -> LoadedManifest:
    try:
        return load_manifest(Path(path), max_bytes)
    except OSError as error:
        raise IngestError(f"cannot read the manifest {path}: {os_reason(error)}") from error


def _check_regular_file(path: Path) -> None:
    """Refuse FIFOs, sockets and devices before opening: opening a FIFO waits for a writer."""
    if not stat.S_ISREG(os.stat(path).st_mode):
        raise IngestError("not a regular file (a pipe, socket or device); comity reads files")


class _SourceReader:
    """One read_sources call: its options and the folder manifests met so far."""

    def __init__(
        self,
        *,
        default_published: date | None,
        explicit_manifest: LoadedManifest | None,
        stdin: BinaryIO | None,
        max_bytes: int,
        fetcher: Fetcher | None,
        page_memory: PageMemory | None,
        user_agent: str | None = None,
    ) -> None:
        self.default_published = default_published
        self.fetcher = fetcher
        self.page_memory = page_memory
        self.user_agent = user_agent
        self.explicit_manifest = explicit_manifest
        self.stdin = stdin
        self.max_bytes = max_bytes
        self.folder_manifests: dict[Path, Manifest | None] = {}
        # An explicit manifest inside a folder being read is metadata, not a corpus.
        self.skip = frozenset(
            {os.path.abspath(explicit_manifest.manifest.path)} if explicit_manifest else ()
        )

    def read_all(self, paths: list[str]) -> Iterator[Outcome]:
        if self.explicit_manifest is not None:
            yield from self.explicit_manifest.rejected
        # The fetcher opens no connection until a URL is read.
        options = FetchOptions(max_bytes=self.max_bytes)
        if self.user_agent:
            options = replace(options, user_agent=self.user_agent)
        with open_fetcher(self.fetcher, options, self.page_memory) as fetcher:
            web = WebReader(fetcher, self._document)
            for path in paths:
                if path == STDIN_PATH:
                    yield self._read_stdin()
                elif is_web_url(path):
                    yield from web.read_url(path)
                elif is_url_list(Path(path)) and not os.path.isdir(path):
                    yield from web.read_url_list(Path(path), path, self.max_bytes)
                else:
                    yield from self._read_path(Path(path), path)

    def _read_stdin(self) -> Outcome:
        stream = self.stdin if self.stdin is not None else sys.stdin.buffer
        try:
            text = decode_text(read_limited(stream, self.max_bytes))
            return self._document(text, STDIN_SOURCE, SourceMeta())
        except IngestError as error:
            return Rejected(STDIN_SOURCE, str(error))
        except OSError as error:
            return Rejected(STDIN_SOURCE, f"cannot read it: {os_reason(error)}")

    def _read_path(self, path: Path, source: str) -> Iterator[Outcome]:
        try:
            is_folder = stat.S_ISDIR(os.stat(path).st_mode)
        except OSError as error:
            yield Rejected(source, f"cannot read it: {os_reason(error)}")
            return
        if not is_folder:
            yield from self._read_file(path, source)
            return
        for found in walk_folder(path, skip=self.skip):
            if isinstance(found, Rejected):
                yield found
            else:
                yield from self._read_file(found, str(found))

    def _read_file(self, path: Path, source: str) -> Iterator[Outcome]:
        suffix = path.suffix.lower()
        if path.name == MANIFEST_NAME:
            yield Rejected(
                source,
                "a manifest holds metadata for the files beside it, not documents; "
                "pass its folder or the files instead",
            )
        elif is_url_list(path):
            yield Rejected(
                source,
                "a list of URLs is read only when given as an argument "
                "(comity does not fetch from the web for a file met in a folder)",
            )
        elif suffix in JSONL_SUFFIXES:
            yield from self._read_jsonl(path, source)
        elif suffix in TEXT_SUFFIXES or suffix in HTML_SUFFIXES:
            meta, rejected = self._manifest_meta(path)
            yield from rejected
            yield self._read_one_document(path, source, meta, is_html=suffix in HTML_SUFFIXES)
        else:
            kind = f"unsupported file type {suffix}" if suffix else "file without an extension"
            yield Rejected(source, f"{kind} (comity reads {SUPPORTED})")

    def _read_one_document(
        self, path: Path, source: str, meta: SourceMeta, *, is_html: bool
    ) -> Outcome:
        try:
            _check_regular_file(path)
            with path.open("rb") as stream:
                raw = read_limited(stream, self.max_bytes)
            if is_html and raw.strip():
                article = extract_article(raw)
                return self._document(article.text, source, meta.over(article.meta))
            return self._document(decode_text(raw), source, meta)
        except IngestError as error:
            return Rejected(source, str(error))
        except OSError as error:
            return Rejected(source, f"cannot read it: {os_reason(error)}")

    def _read_jsonl(self, path: Path, source: str) -> Iterator[Outcome]:
        try:
            _check_regular_file(path)
            with path.open("rb") as stream:
                for line in iter_json_objects(stream, self.max_bytes):
                    yield self._jsonl_document(line, source)
        except IngestError as error:
            yield Rejected(source, str(error))
        except OSError as error:
            yield Rejected(source, f"cannot read it: {os_reason(error)}")

    def _jsonl_document(self, line: JsonLine, source: str) -> Outcome:
        where = f"{source}:{line.number}"
        try:
            if line.fields is None:
                raise IngestError(line.problem or "unreadable line")
            text = line.fields.get("text")
            if text is None:
                raise IngestError("'text' is missing")
            if not isinstance(text, str):
                raise IngestError(f"'text' must be a string, not {json_type_name(text)}")
            meta = meta_from_fields(line.fields)
            return self._document(text, meta.url or where, meta)
        except IngestError as error:
            return Rejected(where, str(error))

    def _document(self, text: str, source: str, meta: SourceMeta) -> Document:
        return build_document(
            text, source=source, meta=meta, default_published=self.default_published
        )

    def _manifest_meta(self, path: Path) -> tuple[SourceMeta, list[Rejected]]:
        """The metadata manifests give `path`, and the bad lines of a manifest read just now."""
        if self.explicit_manifest is not None:
            found = self.explicit_manifest.manifest.lookup(path)
            if found is not None:
                return found, []
        folder = path.parent
        rejected: list[Rejected] = []
        if folder not in self.folder_manifests:
            self.folder_manifests[folder], rejected = self._load_folder_manifest(folder)
        beside = self.folder_manifests[folder]
        found = beside.lookup(path) if beside is not None else None
        return found or SourceMeta(), rejected

    def _load_folder_manifest(self, folder: Path) -> tuple[Manifest | None, list[Rejected]]:
        path = folder / MANIFEST_NAME
        if not path.is_file() or os.path.abspath(path) in self.skip:
            return None, []
        try:
            loaded = load_manifest(path, self.max_bytes)
        except OSError as error:
            return None, [Rejected(str(path), f"cannot read the manifest: {os_reason(error)}")]
        return loaded.manifest, loaded.rejected
