"""Turning raw bytes into text, or saying exactly why they cannot be.

Shared by every reader: the size limit (checked before anything is read),
the binary sniff, and UTF-8 decoding with byte-order marks.
"""

from __future__ import annotations

import codecs
import os
from typing import BinaryIO

from comity.errors import IngestError

UTF8_BOM = codecs.BOM_UTF8
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
SNIFF_BYTES = 8192
MAX_CONTROL_SHARE = 0.1
# Control characters that ordinary text does contain.
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x1b")


def human_size(size: int) -> str:
    """5_000_000 -> "5.0 MB"; sizes under a megabyte in KB or bytes."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{size / 1_000:.1f} KB"
    return f"{size} bytes"


def over_limit(what: str, size: int | None, max_bytes: int) -> IngestError:
    """The error for an input bigger than the per-document limit (`size` None: not measured)."""
    measured = f"{what} is {human_size(size)}, over" if size is not None else f"{what} is over"
    return IngestError(
        f"{measured} the {human_size(max_bytes)} per-document limit (raise it with --max-bytes)"
    )


def read_limited(stream: BinaryIO, max_bytes: int) -> bytes:
    """All bytes of an open file, refusing (before reading) one over `max_bytes`."""
    try:
        size: int | None = os.fstat(stream.fileno()).st_size
    except (OSError, ValueError, AttributeError):
        size = None  # not a real file (a pipe, BytesIO): the read below still bounds it
    if size is not None and size > max_bytes:
        raise over_limit("file", size, max_bytes)
    raw = stream.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise over_limit("input", None, max_bytes)
    return raw


def looks_binary(raw: bytes) -> bool:
    """True for bytes that are not text: a NUL byte or many control bytes near the start."""
    sample = raw[:SNIFF_BYTES]
    if b"\x00" in sample:
        return True
    controls = sum(
        1 for byte in sample if (byte < 0x20 or byte == 0x7F) and byte not in _TEXT_CONTROLS
    )
    return bool(sample) and controls / len(sample) > MAX_CONTROL_SHARE


def has_bom(raw: bytes) -> bool:
    return raw.startswith(UTF8_BOM) or raw.startswith(UTF16_BOMS)


def decode_text(raw: bytes) -> str:
    """Decode a text file: UTF-8 (a BOM is dropped) or UTF-16 with a BOM.

    Raises IngestError saying why when the bytes are binary or not valid UTF-8.
    """
    if raw.startswith(UTF16_BOMS):
        return _decode_utf16(raw)
    offset = len(UTF8_BOM) if raw.startswith(UTF8_BOM) else 0
    body = raw[offset:]
    if looks_binary(body):
        raise IngestError("binary file, not text")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise IngestError(
            f"not valid UTF-8 (first bad byte at offset {error.start + offset}); "
            "convert it to UTF-8 first"
        ) from error


def _decode_utf16(raw: bytes) -> str:
    try:
        text = raw.decode("utf-16")
    except UnicodeDecodeError as error:
        raise IngestError(
            f"not valid UTF-16 (bad data at byte offset {error.start}); convert it to UTF-8 first"
        ) from error
    if looks_binary(text[:SNIFF_BYTES].encode("utf-8", "surrogatepass")):
        raise IngestError("binary file, not text")
    return text
