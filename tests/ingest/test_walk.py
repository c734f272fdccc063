from __future__ import annotations

import os
from pathlib import Path

from comity.ingest import Rejected
from comity.ingest.walk import walk_folder


def make_tree(root: Path, *names: str) -> None:
    for name in names:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")


def relative(found: list[Path | Rejected], root: Path) -> list[str]:
    return [str(item.relative_to(root)) for item in found if isinstance(item, Path)]


def test_files_come_depth_first_sorted_by_name(tmp_path: Path) -> None:
    make_tree(tmp_path, "b.txt", "a/z.txt", "a/b/c.txt", "a.txt", "c/d.txt", "a/a.txt")
    assert relative(list(walk_folder(tmp_path)), tmp_path) == [
        "a/a.txt",
        "a/b/c.txt",
        "a/z.txt",
        "a.txt",
        "b.txt",
        "c/d.txt",
    ]


def test_hidden_entries_and_manifests_are_skipped(tmp_path: Path) -> None:
    make_tree(
        tmp_path, ".hidden.txt", ".git/x.txt", "manifest.jsonl", "sub/manifest.jsonl", "kept.txt"
    )
    assert relative(list(walk_folder(tmp_path)), tmp_path) == ["kept.txt"]


def test_paths_in_skip_are_left_out(tmp_path: Path) -> None:
    make_tree(tmp_path, "meta.jsonl", "doc.txt")
    found = walk_folder(tmp_path, skip=frozenset({os.path.abspath(tmp_path / "meta.jsonl")}))
    assert relative(list(found), tmp_path) == ["doc.txt"]


def test_a_symlink_back_up_the_tree_is_reported_not_followed(tmp_path: Path) -> None:
    make_tree(tmp_path, "corpus/a.txt")
    (tmp_path / "corpus" / "loop").symlink_to(tmp_path / "corpus", target_is_directory=True)
    found = list(walk_folder(tmp_path / "corpus"))
    assert relative(found, tmp_path) == ["corpus/a.txt"]
    assert found[1] == Rejected(
        str(tmp_path / "corpus" / "loop"),
        "directory symlink loop (it leads back to a folder above it)",
    )


def test_a_symlink_to_a_folder_elsewhere_is_followed(tmp_path: Path) -> None:
    make_tree(tmp_path, "shared/s.txt", "corpus/a.txt")
    (tmp_path / "corpus" / "shared").symlink_to(tmp_path / "shared", target_is_directory=True)
    assert relative(list(walk_folder(tmp_path / "corpus")), tmp_path) == [
        "corpus/a.txt",
        "corpus/shared/s.txt",
    ]
