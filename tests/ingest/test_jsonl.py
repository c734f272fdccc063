from __future__ import annotations

import io

from comity.ingest.jsonl import JsonLine, iter_json_objects


def lines(data: bytes, max_bytes: int = 1000) -> list[JsonLine]:
    return list(iter_json_objects(io.BytesIO(data), max_bytes))


def test_objects_are_numbered_by_physical_line_and_blank_lines_skipped() -> None:
    found = lines(b'{"a": 1}\n\n   \n{"b": 2}\n')
    assert [(line.number, line.fields) for line in found] == [(1, {"a": 1}), (4, {"b": 2})]


def test_a_bom_on_the_first_line_is_ignored() -> None:
    assert lines(b'\xef\xbb\xbf{"a": 1}')[0].fields == {"a": 1}


def test_a_last_line_without_newline_is_read() -> None:
    assert lines(b'{"a": 1}\n{"b": 2}')[1].fields == {"b": 2}


def test_bad_lines_carry_the_reason_and_the_next_lines_go_on() -> None:
    found = lines(b'{"a": \n[1, 2]\n"text"\n\xff{}\n{"ok": true}\n')
    problems = [line.problem for line in found]
    assert problems[0] is not None and problems[0].startswith("not valid JSON")
    assert problems[1] == "not a JSON object but an array"
    assert problems[2] == "not a JSON object but a string"
    assert problems[3] == "not valid UTF-8 (first bad byte at column 1)"
    assert found[4] == JsonLine(5, {"ok": True})


def test_a_line_over_the_limit_is_skipped_with_its_size() -> None:
    long_line = b'{"text": "' + b"x" * 5000 + b'"}\n'
    found = lines(long_line + b'{"b": 2}\n', max_bytes=100)
    assert found[0].fields is None
    assert found[0].problem is not None and "line is 5.0 KB, over the 100 bytes" in found[0].problem
    assert found[1] == JsonLine(2, {"b": 2})


def test_a_line_exactly_at_the_limit_is_accepted() -> None:
    line = b'{"t": "' + b"y" * 10 + b'"}'
    assert lines(line + b"\n", max_bytes=len(line))[0].fields == {"t": "y" * 10}
