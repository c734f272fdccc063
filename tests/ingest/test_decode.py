from __future__ import annotations

import io

import pytest

from comity.errors import IngestError
from comity.ingest.decode import decode_text, human_size, looks_binary, read_limited

PNG_START = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61")


def test_utf8_is_decoded() -> None:
    assert decode_text("Bakı, Şuşa".encode()) == "Bakı, Şuşa"


def test_a_utf8_bom_is_dropped() -> None:
    assert decode_text(b"\xef\xbb\xbfAnkara") == "Ankara"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_bom_is_decoded(encoding: str) -> None:
    bom = "\ufeff".encode(encoding)
    assert decode_text(bom + "Түркістан".encode(encoding)) == "Түркістан"


def test_latin1_bytes_are_refused_with_the_offset_of_the_first_bad_byte() -> None:
    with pytest.raises(IngestError) as caught:
        decode_text("Caf\u00e9 in Baku".encode("latin-1"))
    assert str(caught.value) == (
        "not valid UTF-8 (first bad byte at offset 3); convert it to UTF-8 first"
    )


def test_the_offset_counts_the_bom() -> None:
    with pytest.raises(IngestError, match="offset 5"):
        decode_text(b"\xef\xbb\xbfab\xffcd")


def test_png_bytes_are_binary() -> None:
    assert looks_binary(PNG_START)
    with pytest.raises(IngestError, match="^binary file, not text$"):
        decode_text(PNG_START)


def test_many_control_characters_make_a_file_binary() -> None:
    assert looks_binary(b"ab\x01\x02\x03\x04cd")


def test_tabs_newlines_and_form_feeds_are_text() -> None:
    assert not looks_binary(b"col\tcol\r\nnext page\fmore")


def test_utf16_that_decodes_to_control_characters_is_binary() -> None:
    with pytest.raises(IngestError, match="binary"):
        decode_text(b"\xff\xfe" + b"\x01\x00\x02\x00\x03\x00")


@pytest.mark.parametrize(
    ("size", "shown"),
    [(5_000_000, "5.0 MB"), (52_428_800, "52.4 MB"), (1_500, "1.5 KB"), (12, "12 bytes")],
)
def test_sizes_are_shown_for_people(size: int, shown: str) -> None:
    assert human_size(size) == shown


def test_a_stream_longer_than_the_limit_is_refused() -> None:
    with pytest.raises(IngestError, match="over the 10 bytes per-document limit"):
        read_limited(io.BytesIO(b"x" * 11), 10)


def test_a_stream_within_the_limit_is_read_whole() -> None:
    assert read_limited(io.BytesIO(b"x" * 10), 10) == b"x" * 10
