"""A response cache for the read-only API, dropped whenever the store changes.

The explorer asks the same questions again and again (a network, an actor's
page, a timeline), and each answer is a function of the stored documents. So
answers to GET /api/... with status 200 are kept, keyed by path and sorted
query, and all are dropped when the number of stored documents or events
changes (looked at every `recheck_seconds`, so an ingest running beside the
server shows within that time; an answer computed before a change is not
kept after it). A pure ASGI middleware: a hit
costs no routing, validation or SQL. Requests for an answer already being
computed wait for it instead of computing it again, so fifty readers opening
the same network at once cost one query, not fifty.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CACHED_PREFIX = "/api/"
UNCACHED = frozenset({"/api/health"})
HIT_HEADER = (b"x-comity-cache", b"hit")


@dataclass(frozen=True)
class Answer:
    headers: list[tuple[bytes, bytes]]
    body: bytes


class ResponseCache:
    """ASGI middleware keeping successful API answers until the store changes."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        version: Callable[[], object],
        max_entries: int = 2048,
        max_bytes: int = 64 * 1024 * 1024,
        recheck_seconds: float = 2.0,
    ) -> None:
        self.app = app
        self._version = version
        self._max_entries = max_entries
        self._max_bytes = max_bytes
        self._recheck = recheck_seconds
        self._entries: OrderedDict[tuple[str, str], Answer] = OrderedDict()
        self._bytes = 0
        self._seen: object = None
        self._checked = float("-inf")
        self._checking = asyncio.Lock()
        self._computing: dict[tuple[str, str], asyncio.Event] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._cacheable(scope):
            await self.app(scope, receive, send)
            return
        await self._drop_if_changed()
        key = (scope["path"], _normal_query(scope.get("query_string", b"")))
        while True:
            answer = self._entries.get(key)
            if answer is not None:
                self._entries.move_to_end(key)
                await _replay(answer, send)
                return
            computing = self._computing.get(key)
            if computing is None:
                break
            await computing.wait()  # then a hit, or (not kept) this request computes it
        done = self._computing[key] = asyncio.Event()
        try:
            await self.app(scope, receive, self._recording(key, send))
        finally:
            del self._computing[key]
            done.set()

    def _cacheable(self, scope: Scope) -> bool:
        return (
            scope["type"] == "http"
            and scope["method"] == "GET"
            and scope["path"].startswith(CACHED_PREFIX)
            and scope["path"] not in UNCACHED
        )

    async def _drop_if_changed(self) -> None:
        if time.monotonic() - self._checked < self._recheck:
            return
        if self._checking.locked() and self._checked != float("-inf"):
            return  # being checked; until the first check is done, everyone waits for it
        async with self._checking:
            if time.monotonic() - self._checked < self._recheck:
                return
            version = await run_in_threadpool(self._version)
            if version != self._seen:
                self._entries.clear()
                self._bytes = 0
                self._seen = version
            self._checked = time.monotonic()

    def _recording(self, key: tuple[str, str], send: Send) -> Send:
        start: Message = {}
        chunks: list[bytes] = []
        version = self._seen

        async def record(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False) and start.get("status") == 200:
                    self._keep(
                        key, Answer(list(start.get("headers", [])), b"".join(chunks)), version
                    )
            await send(message)

        return record

    def _keep(self, key: tuple[str, str], answer: Answer, version: object) -> None:
        if version != self._seen or len(answer.body) > self._max_bytes // 16:
            return  # computed before the store changed, or too big to be worth it
        self._entries[key] = answer
        self._bytes += len(answer.body)
        while len(self._entries) > self._max_entries or self._bytes > self._max_bytes:
            _, dropped = self._entries.popitem(last=False)
            self._bytes -= len(dropped.body)


def _normal_query(raw: bytes) -> str:
    pairs = parse_qsl(raw.decode("latin-1"), keep_blank_values=True)
    return urlencode(sorted(pairs))


async def _replay(answer: Answer, send: Send) -> None:
    await send(
        {"type": "http.response.start", "status": 200, "headers": [*answer.headers, HIT_HEADER]}
    )
    await send({"type": "http.response.body", "body": answer.body})
