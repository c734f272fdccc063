"""`comity bench-fetch`: how fast comity fetches and reads web pages (issue 13).

A throw-away news site is served from 127.0.0.1 in a thread: `pages` HTML
articles of made-up words, an RSS feed listing them all, and a robots.txt.
Two timed runs, with the per-host rate limit off:

1. fetch: `Fetcher.get` on every page, one after the other (HTTP only);
2. read: `read_sources([feed])`, which fetches the feed and every page and
   turns each page into a Document (trafilatura, dateline, language id).

Nothing leaves the machine; the server stops when the bench ends.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from comity.errors import ConfigError
from comity.ingest import read_sources
from comity.ingest.fetch import Fetcher, FetchOptions
from comity.models import Document

DEFAULT_PAGES = 200
DEFAULT_WORDS = 400
_SYLLABLES = ("ka", "ra", "tu", "mi", "sel", "don", "bar", "ish", "ol", "ven", "ta", "gor")


@dataclass(frozen=True)
class FetchBench:
    pages: int
    page_bytes: int  # mean size of a page
    fetch_seconds: float
    read_seconds: float
    documents: int

    @property
    def fetched_per_second(self) -> float:
        return self.pages / self.fetch_seconds if self.fetch_seconds else 0.0

    @property
    def read_per_second(self) -> float:
        return self.documents / self.read_seconds if self.read_seconds else 0.0


def run_fetch_bench(pages: int = DEFAULT_PAGES, words: int = DEFAULT_WORDS) -> FetchBench:
    """Serve `pages` articles of about `words` words locally and time fetching and reading them."""
    if pages < 1 or words < 20:
        raise ConfigError("the fetch bench needs at least 1 page of at least 20 words")
    site = _make_site(pages, words)
    options = FetchOptions(host_interval=0.0, timeout=30.0)
    with _serving(site) as base:
        urls = [f"{base}/news/{number}" for number in range(pages)]
        with Fetcher(options) as fetcher:
            fetcher.get(f"{base}/robots.txt")  # robots.txt and the connection, before the clock
            started = time.perf_counter()
            for url in urls:
                fetcher.get(url)
            fetch_seconds = time.perf_counter() - started
        with Fetcher(options) as fetcher:
            started = time.perf_counter()
            outcomes = list(read_sources([f"{base}/feed.xml"], fetcher=fetcher))
            read_seconds = time.perf_counter() - started
    page_sizes = [len(body) for path, body in site.items() if path.startswith("/news/")]
    return FetchBench(
        pages=pages,
        page_bytes=sum(page_sizes) // len(page_sizes),
        fetch_seconds=fetch_seconds,
        read_seconds=read_seconds,
        documents=sum(isinstance(outcome, Document) for outcome in outcomes),
    )


def _make_site(pages: int, words: int) -> dict[str, bytes]:
    chooser = random.Random(13)
    site = {"/robots.txt": b"User-agent: *\nAllow: /\n"}
    items = []
    for number in range(pages):
        title = f"Report {number}: {_sentence(chooser, 6)}"
        paragraphs = [_sentence(chooser, 20) for _ in range(max(1, words // 20))]
        body = "".join(f"<p>{text}</p>" for text in paragraphs)
        site[f"/news/{number}"] = (
            f"<!DOCTYPE html><html><head><title>{title}</title></head><body>"
            f"<nav>Home | Region</nav><article><h1>{title}</h1>{body}</article></body></html>"
        ).encode()
        items.append(f"<item><title>{title}</title><link>/news/{number}</link></item>")
    site["/feed.xml"] = (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>Bench</title>{''.join(items)}"
        "</channel></rss>"
    ).encode()
    return site


def _sentence(chooser: random.Random, length: int) -> str:
    words = [
        "".join(chooser.choice(_SYLLABLES) for _ in range(chooser.randint(1, 3)))
        for _ in range(length)
    ]
    return " ".join(words).capitalize() + "."


@contextmanager
def _serving(site: dict[str, bytes]) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host!s}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _handler(site: dict[str, bytes]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else each answer waits 40 ms for a delayed ACK

        def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
            body = site.get(self.path)
            self.send_response(200 if body is not None else 404)
            kind = "application/rss+xml" if self.path.endswith(".xml") else "text/html"
            self.send_header("Content-Type", "text/plain" if "robots" in self.path else kind)
            self.send_header("Content-Length", str(len(body or b"")))
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, format: str, *args: object) -> None:
            pass  # the bench reports its own figures

    return Handler
