"""A response cache for the read-only API, dropped whenever the store changes.

The explorer asks the same questions again and again (a network, an actor's
page, a timeline), and each answer is a function of the stored documents. So
answers to GET /api/... are kept when they are a function of the store alone
(status 200, and 404: a record that is not there), keyed by path and sorted
query, and all are dropped when the store's version changes (looked at every
`recheck_seconds`, so an ingest running beside the server shows within that
time; an answer computed before a change is not kept after it). A pure ASGI
middleware: a hit costs no routing, validation or SQL.

Requests for an answer already being computed wait for it and are all given it
when it is done, so fifty readers opening the same network at once cost one
query, not fifty. They are given it even when it is not kept (a 400, or one too
big to keep); only a server error (5xx) is not passed on: then each of them
computes its own, all at once rather than one after another.
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
KEPT_STATUSES = frozenset({200, 404})
SHARED_BELOW = 500  # answers with a lower status go to every request waiting for them
HIT_HEADER = (b"x-comity-cache", b"hit")
NEVER = float("-inf")

Key = tuple[str, str]


@dataclass(frozen=True)
class Answer:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


class ResponseCache:
    """ASGI middleware keeping API answers until the store changes.

    `version()` tells the store's version. With `inline_version` it is called
    right on the event loop (it is a quick local read, as on SQLite), else in a
    worker thread.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        version: Callable[[], object],
        max_entries: int = 2048,
        max_bytes: int = 64 * 1024 * 1024,
        recheck_seconds: float = 2.0,
        inline_version: bool = False,
    ) -> None:
        self.app = app
        self._version = version
        self._inline_version = inline_version
        self._max_entries = max_entries
        self._max_bytes = max_bytes
        self._recheck = recheck_seconds
        self._entries: OrderedDict[Key, Answer] = OrderedDict()
        self._bytes = 0
        self._seen: object = None
        self._checked = NEVER
        self._checking: asyncio.Task[None] | None = None
        self._computing: dict[Key, asyncio.Future[Answer | None]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._cacheable(scope):
            await self.app(scope, receive, send)
            return
        await self._drop_if_changed()
        key = (scope["path"], _normal_query(scope.get("query_string", b"")))
        answer = self._entries.get(key)
        if answer is not None:
            self._entries.move_to_end(key)
            await _replay(answer, send)
            return
        computing = self._computing.get(key)
        if computing is not None:
            shared = await asyncio.shield(computing)
            if shared is not None:
                await _replay(shared, send)
                return
            await self.app(scope, receive, send)  # a server error: try again, alongside the others
            return
        await self._compute(key, scope, receive, send)

    def _cacheable(self, scope: Scope) -> bool:
        return (
            scope["type"] == "http"
            and scope["method"] == "GET"
            and scope["path"].startswith(CACHED_PREFIX)
            and scope["path"] not in UNCACHED
        )

    async def _compute(self, key: Key, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer the request, keeping the answer when it may be, and hand it to the
        requests that came for it meanwhile."""
        computing = self._computing[key] = asyncio.get_running_loop().create_future()
        version = self._seen
        answer: Answer | None = None
        try:
            answer = await self._recorded(scope, receive, send)
        finally:
            del self._computing[key]
            computing.set_result(answer if answer and answer.status < SHARED_BELOW else None)
        if answer is not None and answer.status in KEPT_STATUSES:
            self._keep(key, answer, version)

    async def _recorded(self, scope: Scope, receive: Receive, send: Send) -> Answer | None:
        """Run the app, passing its answer on as it comes; the whole answer, once sent."""
        start: Message = {}
        chunks: list[bytes] = []
        done: list[Answer] = []

        async def record(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    headers = list(start.get("headers", []))
                    done.append(Answer(int(start["status"]), headers, b"".join(chunks)))
            await send(message)

        await self.app(scope, receive, record)
        return done[0] if done else None

    async def _drop_if_changed(self) -> None:
        if time.monotonic() - self._checked < self._recheck:
            return
        if self._inline_version:
            self._note(self._version())
            return
        if self._checking is None:
            self._checking = asyncio.get_running_loop().create_task(self._check())
            await asyncio.shield(self._checking)  # the request that looks waits (and sees errors)
        elif self._checked == NEVER:
            await asyncio.shield(self._checking)  # nothing is answered before the first version

    async def _check(self) -> None:
        try:
            self._note(await run_in_threadpool(self._version))
        finally:
            self._checking = None

    def _note(self, version: object) -> None:
        if version != self._seen:
            self._entries.clear()
            self._bytes = 0
            self._seen = version
        self._checked = time.monotonic()

    def _keep(self, key: Key, answer: Answer, version: object) -> None:
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
        {
            "type": "http.response.start",
            "status": answer.status,
            "headers": [*answer.headers, HIT_HEADER],
        }
    )
    await send({"type": "http.response.body", "body": answer.body})
