"""The article in an HTML page: its main text, title, URL and date, through trafilatura."""

from __future__ import annotations

import contextlib
import logging
import warnings
from dataclasses import dataclass

import trafilatura

from comity.errors import IngestError
from comity.ingest.decode import decode_text, has_bom, looks_binary
from comity.ingest.metadata import SourceMeta, parse_published

# trafilatura and the libraries it drives log every page they cannot use;
# comity reports those pages itself, as Rejected, so their loggers stay quiet.
_NOISY_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext", "charset_normalizer")
_DATE_SEARCH = {"extensive_search": False, "original_date": True}


@dataclass(frozen=True)
class Article:
    text: str
    meta: SourceMeta


def extract_article(raw: bytes) -> Article:
    """The main text of the page in `raw`, paragraphs separated by a blank line.

    The page's own title, canonical URL and publication date (day precision)
    go into `meta`. Raises IngestError when the bytes are not HTML text or hold
    no article text; never lets a parser error escape.
    """
    if has_bom(raw):
        page: str | bytes = decode_text(raw)
    elif looks_binary(raw):
        raise IngestError("binary file, not text")
    else:
        page = raw  # bytes: trafilatura honours the page's declared charset
    result = _run_trafilatura(page)
    text = getattr(result, "text", None) if result is not None else None
    if not text or not text.strip():
        raise IngestError("no article text found in the HTML")
    return Article(_paragraphs(text), _page_meta(result))


def _run_trafilatura(page: str | bytes) -> object | None:
    for name in _NOISY_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return trafilatura.bare_extraction(
                page,
                with_metadata=True,
                favor_recall=True,
                include_comments=False,
                include_images=False,
                include_links=False,
                include_formatting=False,
                date_extraction_params=dict(_DATE_SEARCH),
            )
    # A third-party parser on arbitrary input can fail in any way; a bad page
    # must become a Rejected, not stop a run over thousands of files.
    except Exception as error:
        raise IngestError(f"could not parse the HTML ({type(error).__name__})") from error


def _paragraphs(text: str) -> str:
    return "\n\n".join(line.strip() for line in text.split("\n") if line.strip())


def _page_meta(result: object) -> SourceMeta:
    published, precision = None, None
    page_date = getattr(result, "date", None)
    if isinstance(page_date, str):
        # An unusable page date is no reason to drop the article.
        with contextlib.suppress(IngestError):
            published, precision = parse_published(page_date)
    return SourceMeta(
        url=_string_or_none(getattr(result, "url", None)),
        title=_string_or_none(getattr(result, "title", None)),
        author=_string_or_none(getattr(result, "author", None)),
        published=published,
        published_precision=precision,
    )


def _string_or_none(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return value.strip() or None
