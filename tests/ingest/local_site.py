"""A small web site on 127.0.0.1 for the fetch, feed and watch tests (no real network).

Routes are added per test: fixed answers with optional ETag and delay, redirects,
and answers that stream a huge body. Every request is logged with its headers.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    etag: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    stream_bytes: int = 0  # send this many bytes in chunks, without Content-Length


@dataclass(frozen=True)
class Hit:
    path: str
    headers: dict[str, str]


class LocalSite:
    """An HTTP server on a free loopback port; `url(path)` gives its addresses."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: list[Hit] = []
        self._lock = threading.Lock()
        self.server = _QuietServer(("127.0.0.1", 0), _handler_for(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, body: str | bytes = b"", **options: object) -> str:
        """Serve `body` at `path`; returns the full URL."""
        data = body.encode() if isinstance(body, str) else body
        self.routes[path] = Route(body=data, **options)  # type: ignore[arg-type]
        return self.url(path)

    def redirect(self, path: str, target: str, status: int = 302) -> str:
        self.routes[path] = Route(status=status, headers={"Location": target})
        return self.url(path)

    def paths_hit(self) -> list[str]:
        with self._lock:
            return [hit.path for hit in self.hits]

    def record(self, hit: Hit) -> None:
        with self._lock:
            self.hits.append(hit)

    def start(self) -> LocalSite:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client hanging up mid-answer (the size-limit tests) is expected


def _handler_for(site: LocalSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else each answer waits 40 ms for a delayed ACK

        def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
            site.record(Hit(self.path, dict(self.headers.items())))
            route = site.routes.get(self.path)
            if route is None:
                self._answer(Route(status=404, body=b"not here"))
                return
            if route.delay:
                time.sleep(route.delay)
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self._answer(Route(status=304, etag=route.etag))
                return
            if route.stream_bytes:
                self._stream(route)
                return
            self._answer(route)

        def _answer(self, route: Route) -> None:
            self.send_response(route.status)
            if route.status != 304:
                self.send_header("Content-Type", route.content_type)
                self.send_header("Content-Length", str(len(route.body)))
            if route.etag:
                self.send_header("ETag", route.etag)
            for name, value in route.headers.items():
                self.send_header(name, value)
            self.end_headers()
            if route.status != 304:
                self.wfile.write(route.body)

        def _stream(self, route: Route) -> None:
            self.send_response(200)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Connection", "close")
            self.end_headers()
            chunk = b"<p>" + b"x" * 65_530 + b"</p>"
            sent = 0
            try:
                while sent < route.stream_bytes:
                    self.wfile.write(chunk)
                    sent += len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading, as it should
            self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep test output quiet

    return Handler


@contextmanager
def serving() -> Iterator[LocalSite]:
    """A started LocalSite, stopped on exit (each test module's `site` fixture)."""
    served = LocalSite().start()
    try:
        yield served
    finally:
        served.stop()


def article_html(title: str, paragraphs: list[str], *, published: str | None = None) -> str:
    """An HTML page trafilatura reads as an article."""
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title>{meta}</head>"
        f"<body><nav>Home | World | Region</nav><article><h1>{title}</h1>{body}</article>"
        "<footer>Contact the newsroom</footer></body></html>"
    )


def rss_feed(items: list[tuple[str, str, str]]) -> str:
    """An RSS 2.0 feed of (title, link, RFC 822 date) items."""
    entries = "".join(
        f"<item><title>{title}</title><link>{link}</link><pubDate>{date}</pubDate></item>"
        for title, link, date in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Region wire</title><link>http://example.invalid/</link>{entries}"
        "</channel></rss>"
    )
