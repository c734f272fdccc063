"""Hypothesis strategies for hostile input: bytes, JSONL, HTML, manifests and date phrases.

Each strategy mixes plain random data with the shapes that break readers:
broken UTF-8, byte-order marks, control characters, very long lines, deep
nesting, JSON values of the wrong type, and impossible dates.
"""

from __future__ import annotations

import codecs
import json
from typing import Any

from hypothesis import strategies as st

BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, b"")
FILE_SUFFIXES = (".txt", ".html", ".htm", ".jsonl", ".TXT", ".Jsonl", ".md", "", ".txt.gz")
MAX_BYTES = (64, 2_000, 5_000_000)

# Field values a careless or hostile producer might put in a JSONL line.
ODD_DATES = (
    "2025-02-30", "2025-13-01", "0000", "0001-01-01", "9999-12-31", "99999", "2025-4-1",
    "February 30", "yesterday", "2025-05-21T10:00:00Z", "", " ", "2025-00", "1999-12-31 24:61",
)  # fmt: skip
ODD_LANGUAGES = ("en", "EN", "english", "zz", "e", "en-GB", "tr", "", "x" * 300)

# Words that date phrases are made of, real and made-up.
DATE_WORDS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Jan", "Feb.", "Sept", "Smarch", "Febtober", "may",
    "Monday", "Tuesday", "Sunday", "the", "of", "on", "in", "last", "next", "this", "ago",
    "from", "to", "until", "between", "and", "since", "by", "early", "mid", "late",
    "yesterday", "today", "tomorrow", "day", "days", "week", "weeks", "month", "months",
    "year", "years", "decade", "a", "two", "ninety", "1st", "2nd", "3rd", "29th", "30th",
    "31st", "32nd", "99th", "0th", "–", "—", "-", "/", ",", ".", "(", ")", "BC", "AD",
)  # fmt: skip

HTML_TAGS = (
    "html", "head", "body", "title", "div", "p", "span", "b", "i", "a", "article", "main",
    "section", "table", "tr", "td", "ul", "li", "script", "style", "nav", "footer", "h1",
    "iframe", "svg", "math", "template", "noscript", "textarea", "pre", "meta", "br",
)  # fmt: skip


def broken_utf8() -> st.SearchStrategy[bytes]:
    """Valid UTF-8 text with a byte cut out of the middle of a character or bytes spliced in."""
    return st.builds(
        lambda text, cut, junk: (lambda raw: raw[:cut] + junk + raw[cut + 1 :])(
            text.encode("utf-8", "surrogatepass")
        ),
        st.text(alphabet=st.characters(min_codepoint=0x80), min_size=1, max_size=60),
        st.integers(0, 120),
        st.binary(max_size=4),
    )


def long_runs() -> st.SearchStrategy[bytes]:
    """One long line (up to 150 KB) of a repeated chunk: spaces, digits, brackets, tags, dates."""
    chunk = st.sampled_from(
        [b" ", b"a", b"\t ", b"1", b"[", b"{", b"<div>", b"3 May ", b"\xc3", b"Turkey met Baku. "]
    )
    return st.builds(lambda piece, size, end: piece * (size // len(piece)) + end, chunk,
                     st.integers(1_000, 150_000), st.sampled_from([b"", b"x", b"\n"]))  # fmt: skip


def control_soup() -> st.SearchStrategy[bytes]:
    return st.lists(st.sampled_from([b"\x00", b"\x1b", b"\x7f", b"\r", b"\r\n", b"\x0c",
                                     b"\xe2\x80\xa8", b"\xc2\x85", b"ok ", b" "]),
                    max_size=200).map(b"".join)  # fmt: skip


def hostile_bytes() -> st.SearchStrategy[bytes]:
    """Any bytes a file or standard input might hold, weighted towards the awkward ones."""
    plain = st.one_of(
        st.binary(max_size=3_000),
        st.text(max_size=400).map(lambda text: text.encode("utf-8", "surrogatepass")),
        broken_utf8(),
        control_soup(),
        long_runs(),
    )
    return st.builds(lambda bom, body: bom + body, st.sampled_from(BOMS), plain)


def json_scalars() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=40),
        st.sampled_from(ODD_DATES), st.sampled_from(ODD_LANGUAGES),
    )  # fmt: skip


def json_values() -> st.SearchStrategy[Any]:
    """Any JSON value, nested at most two deep (deeper nesting has its own strategy)."""
    scalars = json_scalars()
    containers = st.lists(scalars, max_size=3) | st.dictionaries(st.text(max_size=5), scalars)
    return scalars | containers | st.lists(containers, max_size=2)


def jsonl_records() -> st.SearchStrategy[dict[str, Any]]:
    """Objects with comity's field names holding values of any type, right or wrong."""
    fields = ("text", "url", "title", "published", "published_precision", "language")
    text = st.one_of(
        st.text(max_size=200), json_values(), st.sampled_from(["", "   ", "\ud800 half a pair"])
    )
    return st.fixed_dictionaries(
        {},
        optional={
            **{name: json_values() for name in fields},
            "text": text,
            "published_precision": st.sampled_from(["day", "month", "YEAR", "week", ""]),
            "extra": json_values(),
        },
    )


def jsonl_lines() -> st.SearchStrategy[bytes]:
    """One line (without its newline) of a JSONL corpus, well formed or not."""
    dumped = st.builds(lambda record, ascii: json.dumps(record, ensure_ascii=ascii),
                       jsonl_records(), st.booleans())  # fmt: skip
    raw = st.one_of(
        dumped.map(lambda line: line.encode("utf-8", "surrogatepass")),
        json_values().map(lambda value: json.dumps(value).encode()),
        st.integers(1, 3_000).map(lambda depth: b"[" * depth + b"]" * depth),
        st.integers(1, 3_000).map(lambda depth: b'{"text":' * depth + b'"x"' + b"}" * depth),
        st.sampled_from([b'{"text": NaN}', b'{"text": "a", "published": Infinity}', b"{",
                         b'{"text": "\\ud800"}', b'{"text": "ok",}', b"\xef\xbb\xbf{}", b"  "]),
        st.binary(max_size=200),
    )  # fmt: skip
    return raw.map(lambda line: line.replace(b"\n", b" "))


def html_pages() -> st.SearchStrategy[bytes]:
    """Tag soup: nested, unclosed, mis-closed, with scripts, comments and junk bytes."""
    words = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
    leaf = words | st.sampled_from(
        ["Turkey met Azerbaijan in Baku on 3 May 2025.", "<!--", "-->", "<![CDATA[", "&amp;",
         "&#0;", "&#xD800;", "&bogus;", "<", ">", "</", "<script>alert(1)</script>"]
    )  # fmt: skip

    def element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.builds(
            lambda tag, attrs, inner, close: (
                f"<{tag}{attrs}>{''.join(inner)}" + (f"</{close}>" if close else "")
            ),
            st.sampled_from(HTML_TAGS),
            st.sampled_from(["", ' class="x"', " lang=tr", ' charset="koi8-r"', " a=\"'<>"]),
            st.lists(children, max_size=4),
            st.sampled_from(["", *HTML_TAGS[:6]]),
        )

    page = st.recursive(leaf, element, max_leaves=25)
    encoded = st.builds(lambda text, encoding: text.encode(encoding, "replace"), page,
                        st.sampled_from(["utf-8", "latin-1", "utf-16"]))  # fmt: skip
    deep = st.builds(
        lambda tag, depth, text: f"<{tag}>".encode() * depth + text.encode(),
        st.sampled_from(["div", "b", "table", "p", "span"]),
        st.integers(100, 5_000),
        st.sampled_from(["", "Turkey met Azerbaijan in Baku on Tuesday, officials said."]),
    )
    return st.one_of(encoded, deep, hostile_bytes())


def manifest_lines() -> st.SearchStrategy[bytes]:
    """Manifest lines naming the file beside them (or not), with any metadata values."""
    entry = st.fixed_dictionaries(
        {"file": st.sampled_from(["a.txt", "./a.txt", "sub/../a.txt", "A.TXT", "b.txt", ""])
         | json_values()},
        optional={name: json_values() for name in ("published", "url", "title", "language")},
    )  # fmt: skip
    return st.one_of(entry.map(lambda value: json.dumps(value).encode()), jsonl_lines())


def date_phrases() -> st.SearchStrategy[str]:
    """Sequences of date words and numbers: "the 99th of Smarch", "February 30, 2025" ..."""
    token = st.one_of(
        st.sampled_from(DATE_WORDS),
        st.integers(0, 100_000).map(str),
        st.integers(1, 40).map(lambda day: f"{day:02d}"),
        st.sampled_from(["2025-02-30", "2024-02-29", "2023-02-29", "30.02.2025", "1991-93",
                         "'98", "2025/13/01", "12:30", "3–4", "8-11", "1,2018", "IDEF-2025"]),
    )  # fmt: skip
    separator = st.sampled_from([" ", ", ", "-", "–", " ", "\n", ""])
    phrase = st.lists(st.tuples(token, separator), min_size=1, max_size=12).map(
        lambda parts: "".join(word + gap for word, gap in parts)
    )
    return st.one_of(phrase, st.text(max_size=120))
