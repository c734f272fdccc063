from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from comity.ingest.manifest import load_manifest
from comity.models import Precision


def write_manifest(path: Path, *entries: object) -> Path:
    path.write_text("\n".join(json.dumps(entry) for entry in entries) + "\n", encoding="utf-8")
    return path


def test_entries_are_found_by_relative_path_and_by_base_name(tmp_path: Path) -> None:
    manifest = write_manifest(
        tmp_path / "meta.jsonl",
        {"file": "2025/summit.txt", "published": "2025-04-04"},
        {"file": "treaty.txt", "published": "2025-03"},
    )
    loaded = load_manifest(manifest, 10_000)
    assert loaded.rejected == []
    summit = loaded.manifest.lookup(tmp_path / "2025" / "summit.txt")
    treaty = loaded.manifest.lookup(tmp_path / "deep" / "folder" / "treaty.txt")
    assert summit is not None and summit.published == date(2025, 4, 4)
    assert treaty is not None and treaty.published_precision is Precision.MONTH
    assert loaded.manifest.lookup(tmp_path / "other" / "summit.txt") is None


def test_windows_separators_and_dot_prefixes_are_understood(tmp_path: Path) -> None:
    manifest = write_manifest(tmp_path / "m.jsonl", {"file": ".\\a\\b.txt", "title": "B"})
    found = load_manifest(manifest, 10_000).manifest.lookup(tmp_path / "a" / "b.txt")
    assert found is not None and found.title == "B"


def test_bad_lines_are_rejected_and_the_good_ones_kept(tmp_path: Path) -> None:
    manifest = write_manifest(
        tmp_path / "manifest.jsonl",
        {"file": "a.txt", "published": "2025-01-02"},
        {"published": "2025-01-03"},
        {"file": "b.txt", "published": "next week"},
        {"file": "a.txt", "title": "again"},
    )
    loaded = load_manifest(manifest, 10_000)
    assert [(r.source, r.reason.split(":")[0]) for r in loaded.rejected] == [
        (f"{manifest}:2", "'file' is missing"),
        (f"{manifest}:3", "'published' must be YYYY, YYYY-MM or YYYY-MM-DD, not 'next week'"),
        (f"{manifest}:4", "'a.txt' is already described on line 1"),
    ]
    found = loaded.manifest.lookup(tmp_path / "a.txt")
    assert found is not None and found.title is None
