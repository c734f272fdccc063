from __future__ import annotations

import io
import json
import os
import tracemalloc
from datetime import date
from pathlib import Path

import pytest

from comity.errors import ConfigError, IngestError
from comity.ingest import Rejected, document_id
from comity.models import Document, Precision

from .conftest import ReadAll

PNG_BYTES = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000")
STORY = (
    "The foreign ministers of Kyrgyzstan and Tajikistan met in Bishkek to prepare a visit "
    "of their presidents and discussed the reopening of border crossings."
)
DATELINED = "DUSHANBE, 9 July 2024 — " + STORY
ARTICLE_HTML = (
    "<html><head><title>Border talks | Daily Steppe</title>"
    '<meta property="article:published_time" content="2024-07-10"></head>'
    f"<body><article><h1>Border talks</h1><p>{STORY}</p>"
    "<p>The two sides agreed to meet again in Dushanbe before the end of the summer.</p>"
    "</article></body></html>"
)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def jsonl(*rows: object) -> str:
    return "".join((row if isinstance(row, str) else json.dumps(row)) + "\n" for row in rows)


def only(outcomes: list[Document | Rejected]) -> Document | Rejected:
    assert len(outcomes) == 1, outcomes
    return outcomes[0]


def document(outcomes: list[Document | Rejected]) -> Document:
    found = only(outcomes)
    assert isinstance(found, Document), found
    return found


def rejection(outcomes: list[Document | Rejected]) -> Rejected:
    found = only(outcomes)
    assert isinstance(found, Rejected), found
    return found


# --- text files ---------------------------------------------------------------


def test_a_text_file_becomes_a_document(tmp_path: Path, read_all: ReadAll) -> None:
    path = write(tmp_path / "story.txt", "\ufeff" + STORY + "\r\n")
    found = document(read_all(path))
    assert found.text == STORY
    assert found.id == document_id(STORY)
    assert found.source == str(path)
    assert found.language == "en"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"  \n\n\t \r\n", "empty (only whitespace)"),
        (PNG_BYTES, "binary file, not text"),
        (
            "Şuşa Bəyannaməsi".encode("cp1254", errors="replace"),
            "not valid UTF-8 (first bad byte at offset 0); convert it to UTF-8 first",
        ),
        (
            "Ankara café".encode("latin-1"),
            "not valid UTF-8 (first bad byte at offset 10); convert it to UTF-8 first",
        ),
    ],
)
def test_bad_text_files_are_rejected_with_the_reason(
    tmp_path: Path, read_all: ReadAll, content: bytes, reason: str
) -> None:
    path = write(tmp_path / "bad.txt", content)
    assert rejection(read_all(path)) == Rejected(str(path), reason)


def test_a_file_over_the_limit_is_rejected_without_being_read(
    tmp_path: Path, read_all: ReadAll
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as stream:
        stream.truncate(50_000_000)  # sparse: no 50 MB are written
    tracemalloc.start()
    try:
        found = rejection(read_all(path))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert found.reason == (
        "file is 50.0 MB, over the 5.0 MB per-document limit (raise it with --max-bytes)"
    )
    assert peak < 2_000_000


def test_the_limit_can_be_raised(tmp_path: Path, read_all: ReadAll) -> None:
    path = write(tmp_path / "story.txt", STORY)
    assert isinstance(only(read_all(path, max_bytes=50)), Rejected)
    assert isinstance(only(read_all(path, max_bytes=len(STORY))), Document)


def test_a_limit_below_one_byte_is_a_config_error(read_all: ReadAll) -> None:
    with pytest.raises(ConfigError):
        read_all("x.txt", max_bytes=0)


# --- unreadable paths ---------------------------------------------------------


def test_a_missing_path_is_rejected_with_the_os_reason(tmp_path: Path, read_all: ReadAll) -> None:
    path = tmp_path / "nowhere.txt"
    assert rejection(read_all(path)) == Rejected(
        str(path), "cannot read it: No such file or directory"
    )


def test_a_symlink_to_itself_is_rejected_with_the_os_reason(
    tmp_path: Path, read_all: ReadAll
) -> None:
    link = tmp_path / "self.txt"
    link.symlink_to(link)
    assert "Too many levels of symbolic links" in rejection(read_all(link)).reason
    assert "Too many levels of symbolic links" in rejection(read_all(tmp_path)).reason


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_a_file_without_read_permission_is_rejected(tmp_path: Path, read_all: ReadAll) -> None:
    path = write(tmp_path / "locked.txt", STORY)
    path.chmod(0)
    assert rejection(read_all(path)).reason == "cannot read it: Permission denied"


def test_a_named_pipe_is_rejected_without_waiting_for_a_writer(
    tmp_path: Path, read_all: ReadAll
) -> None:
    pipe = tmp_path / "feed.txt"
    os.mkfifo(pipe)
    assert rejection(read_all(tmp_path)).reason.startswith("not a regular file")


# --- folders ------------------------------------------------------------------


def test_a_folder_is_read_recursively_in_a_fixed_order(tmp_path: Path, read_all: ReadAll) -> None:
    write(tmp_path / "b.txt", "Second story about Baku and Ankara signing a protocol.")
    write(tmp_path / "a" / "z.txt", "First story about a summit in Astana held this week.")
    write(tmp_path / "a" / "notes.pdf", b"%PDF-1.4")
    write(tmp_path / ".draft.txt", "A hidden draft that must not be read.")
    outcomes = read_all(tmp_path)
    assert [o.source for o in outcomes] == [
        str(tmp_path / "a" / "notes.pdf"),
        str(tmp_path / "a" / "z.txt"),
        str(tmp_path / "b.txt"),
    ]
    assert outcomes[0] == Rejected(
        str(tmp_path / "a" / "notes.pdf"),
        "unsupported file type .pdf (comity reads .txt, .html, .htm, .jsonl)",
    )
    assert read_all(tmp_path) == outcomes


def test_a_file_without_extension_is_rejected(tmp_path: Path, read_all: ReadAll) -> None:
    path = write(tmp_path / "README", STORY)
    assert rejection(read_all(path)).reason == (
        "file without an extension (comity reads .txt, .html, .htm, .jsonl)"
    )


def test_a_manifest_passed_as_a_source_is_explained(tmp_path: Path, read_all: ReadAll) -> None:
    path = write(tmp_path / "manifest.jsonl", jsonl({"file": "a.txt"}))
    assert "a manifest holds metadata" in rejection(read_all(path)).reason


def test_a_single_path_string_is_one_source(tmp_path: Path) -> None:
    from comity.ingest import read_sources

    path = write(tmp_path / "story.txt", STORY)
    assert len(list(read_sources(str(path)))) == 1


# --- HTML ---------------------------------------------------------------------


def test_an_html_article_becomes_a_document(tmp_path: Path, read_all: ReadAll) -> None:
    path = write(tmp_path / "page.htm", ARTICLE_HTML)
    found = document(read_all(path))
    assert found.text == (
        "Border talks\n\n" + STORY + "\n\n"
        "The two sides agreed to meet again in Dushanbe before the end of the summer."
    )
    assert found.title == "Border talks"
    assert (found.published, found.published_precision) == (date(2024, 7, 10), Precision.DAY)


def test_an_html_page_without_article_is_rejected(tmp_path: Path, read_all: ReadAll) -> None:
    path = write(tmp_path / "scripts.html", "<html><script>let x = 1;</script></html>")
    assert rejection(read_all(path)) == Rejected(str(path), "no article text found in the HTML")


def test_an_empty_html_file_is_rejected_as_empty(tmp_path: Path, read_all: ReadAll) -> None:
    path = write(tmp_path / "blank.html", "  \n")
    assert rejection(read_all(path)).reason == "empty (only whitespace)"


def test_the_manifest_wins_over_the_page_metadata(tmp_path: Path, read_all: ReadAll) -> None:
    write(tmp_path / "page.html", ARTICLE_HTML)
    write(
        tmp_path / "manifest.jsonl",
        jsonl({"file": "page.html", "published": "2024-07", "title": "Given title"}),
    )
    found = document(read_all(tmp_path))
    assert found.title == "Given title"
    assert (found.published, found.published_precision) == (date(2024, 7, 1), Precision.MONTH)


# --- JSONL --------------------------------------------------------------------


def test_jsonl_good_lines_become_documents_and_bad_lines_are_rejected(
    tmp_path: Path, read_all: ReadAll
) -> None:
    path = write(
        tmp_path / "corpus.jsonl",
        jsonl(
            {"text": STORY, "published": "2024-07", "language": "ky"},
            {"text": STORY + " More.", "url": "https://news.example/2", "title": "Two"},
            {"title": "no text"},
            {"text": 42},
            "[1, 2, 3]",
            "{broken",
            {"text": STORY, "published": "July 2024"},
            {"text": "   "},
            {"text": STORY, "url": 7},
        ),
    )
    outcomes = read_all(path)
    first, second = outcomes[0], outcomes[1]
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.source == f"{path}:1"
    assert (first.published, first.published_precision, first.language) == (
        date(2024, 7, 1),
        Precision.MONTH,
        "ky",
    )
    assert (second.source, second.url, second.title) == (
        "https://news.example/2",
        "https://news.example/2",
        "Two",
    )
    rejected = [(o.source, o.reason) for o in outcomes[2:] if isinstance(o, Rejected)]
    assert rejected[:4] == [
        (f"{path}:3", "'text' is missing"),
        (f"{path}:4", "'text' must be a string, not a number"),
        (f"{path}:5", "not a JSON object but an array"),
        (f"{path}:6", rejected[3][1]),
    ]
    assert rejected[3][1].startswith("not valid JSON")
    assert rejected[4:] == [
        (f"{path}:7", "'published' must be YYYY, YYYY-MM or YYYY-MM-DD, not 'July 2024'"),
        (f"{path}:8", "empty (only whitespace)"),
        (f"{path}:9", "'url' must be a string, not a number"),
    ]
    assert len(outcomes) == 9


def test_a_jsonl_line_over_the_limit_is_rejected_and_the_rest_read(
    tmp_path: Path, read_all: ReadAll
) -> None:
    path = write(tmp_path / "c.jsonl", jsonl({"text": "x" * 2000}, {"text": STORY}))
    outcomes = read_all(path, max_bytes=1000)
    assert (
        isinstance(outcomes[0], Rejected)
        and "over the 1.0 KB per-document limit" in outcomes[0].reason
    )
    assert isinstance(outcomes[1], Document) and outcomes[1].source == f"{path}:2"


# --- stdin --------------------------------------------------------------------


def test_stdin_is_one_document(read_all: ReadAll) -> None:
    found = document(read_all("-", stdin=io.BytesIO(STORY.encode("utf-8"))))
    assert (found.source, found.text) == ("stdin", STORY)


def test_bad_stdin_is_rejected(read_all: ReadAll) -> None:
    assert rejection(read_all("-", stdin=io.BytesIO(b""))) == Rejected("stdin", "empty")
    too_long = rejection(read_all("-", stdin=io.BytesIO(b"x" * 200), max_bytes=100))
    assert too_long.reason == (
        "input is over the 100 bytes per-document limit (raise it with --max-bytes)"
    )


# --- manifests and dates ------------------------------------------------------


def test_a_manifest_beside_the_files_dates_and_titles_them(
    tmp_path: Path, read_all: ReadAll
) -> None:
    write(tmp_path / "a.txt", DATELINED)
    write(tmp_path / "b.txt", STORY)
    write(
        tmp_path / "manifest.jsonl",
        jsonl(
            {"file": "a.txt", "published": "2024-07-11", "title": "A", "url": "https://a.example"},
            {"file": "b.txt", "published": "2024", "language": "EN"},
        ),
    )
    a, b = read_all(tmp_path, default_published=date(2000, 1, 1))
    assert isinstance(a, Document) and isinstance(b, Document)
    assert (a.published, a.title, a.url) == (date(2024, 7, 11), "A", "https://a.example")
    assert (b.published, b.published_precision, b.language) == (
        date(2024, 1, 1),
        Precision.YEAR,
        "en",
    )


def test_the_dateline_wins_over_the_default_date(tmp_path: Path, read_all: ReadAll) -> None:
    pytest.importorskip("comity.extract.dates")
    path = write(tmp_path / "a.txt", DATELINED)
    found = document(read_all(path, default_published=date(2000, 1, 1)))
    assert (found.published, found.published_precision) == (date(2024, 7, 9), Precision.DAY)


def test_the_default_date_is_the_last_resort(tmp_path: Path, read_all: ReadAll) -> None:
    path = write(tmp_path / "a.txt", STORY)
    assert document(read_all(path, default_published=date(2024, 1, 5))).published == date(
        2024, 1, 5
    )
    assert document(read_all(path)).published is None


def test_a_file_given_by_path_uses_the_manifest_beside_it(
    tmp_path: Path, read_all: ReadAll
) -> None:
    path = write(tmp_path / "corpus" / "a.txt", STORY)
    write(tmp_path / "corpus" / "manifest.jsonl", jsonl({"file": "a.txt", "title": "Beside"}))
    assert document(read_all(path)).title == "Beside"


def test_a_manifest_only_covers_files_in_its_own_folder(tmp_path: Path, read_all: ReadAll) -> None:
    write(tmp_path / "sub" / "a.txt", STORY)
    write(tmp_path / "manifest.jsonl", jsonl({"file": "a.txt", "published": "2024-02-02"}))
    assert document(read_all(tmp_path)).published is None


def test_bad_manifest_lines_are_rejected_once_and_the_files_still_read(
    tmp_path: Path, read_all: ReadAll
) -> None:
    write(tmp_path / "a.txt", STORY)
    write(tmp_path / "b.txt", STORY + " Again.")
    write(tmp_path / "manifest.jsonl", jsonl({"file": "a.txt", "published": "soon"}))
    outcomes = read_all(tmp_path)
    assert outcomes[0] == Rejected(
        f"{tmp_path / 'manifest.jsonl'}:1",
        "'published' must be YYYY, YYYY-MM or YYYY-MM-DD, not 'soon'",
    )
    assert [type(o) for o in outcomes[1:]] == [Document, Document]


def test_an_explicit_manifest_matches_by_relative_path_and_base_name(
    tmp_path: Path, read_all: ReadAll
) -> None:
    write(tmp_path / "texts" / "2024" / "a.txt", STORY)
    write(tmp_path / "texts" / "b.txt", STORY + " Again.")
    manifest = write(
        tmp_path / "meta.jsonl",
        jsonl(
            {"file": "texts/2024/a.txt", "published": "2024-03-03"},
            {"file": "b.txt", "published": "2024-04-04"},
        ),
    )
    a, b = read_all(tmp_path / "texts", manifest=manifest)
    assert isinstance(a, Document) and isinstance(b, Document)
    assert (a.published, b.published) == (date(2024, 3, 3), date(2024, 4, 4))


def test_an_explicit_manifest_wins_over_the_one_beside_the_file(
    tmp_path: Path, read_all: ReadAll
) -> None:
    write(tmp_path / "corpus" / "a.txt", STORY)
    write(tmp_path / "corpus" / "manifest.jsonl", jsonl({"file": "a.txt", "published": "2001"}))
    manifest = write(tmp_path / "meta.jsonl", jsonl({"file": "a.txt", "published": "2002"}))
    assert document(read_all(tmp_path / "corpus", manifest=manifest)).published == date(2002, 1, 1)


def test_an_explicit_manifest_inside_the_folder_is_not_read_as_a_corpus(
    tmp_path: Path, read_all: ReadAll
) -> None:
    write(tmp_path / "a.txt", STORY)
    manifest = write(tmp_path / "meta.jsonl", jsonl({"file": "a.txt", "published": "2003"}))
    assert document(read_all(tmp_path, manifest=manifest)).published == date(2003, 1, 1)


def test_an_unreadable_explicit_manifest_is_an_error(tmp_path: Path, read_all: ReadAll) -> None:
    with pytest.raises(IngestError, match="cannot read the manifest"):
        read_all(tmp_path, manifest=tmp_path / "missing.jsonl")
