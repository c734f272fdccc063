"""Fetching web pages politely: one HTTP GET with everything a good crawler does.

`Fetcher.get(url)` identifies itself (`comity/<version> (+project URL)`), asks
robots.txt first and obeys it (with its Crawl-delay), waits between two
requests to the same host, follows redirects itself (so robots.txt and the
rate limit apply to every hop, and a loop is named as one), retries timeouts,
dropped connections, 429 and 5xx answers with exponential back-off, caps the
body at `max_bytes` and the whole transfer at `max_seconds`, and sends
If-None-Match / If-Modified-Since when given the validators of an earlier
fetch. A page that cannot be had raises IngestError with the reason.

What it remembers between runs (validators, the document a URL gave) lives
behind `PageMemory`; `MemoryPages` keeps it for one process, the store keeps
it across runs (`comity.store.fetched`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Protocol
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from comity import __version__
from comity.errors import ConfigError, IngestError
from comity.ingest.decode import over_limit
from comity.models import Document

ROBOTS_AGENT = "comity"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 5
MAX_WAIT_SECONDS = 60.0  # longest Retry-After or Crawl-delay comity agrees to wait
ROBOTS_MAX_BYTES = 500_000
STOP_CHECK_SECONDS = 0.2

logger = logging.getLogger("comity.fetch")


def user_agent(contact: str | None = None) -> str:
    """The User-Agent comity sends: its name and version, and how to reach whoever runs it.

    `contact` (the `contact` setting: a URL or an e-mail address) lets a site's
    owner reach the person crawling it, as crawler etiquette asks.
    """
    base = f"comity/{__version__}"
    return f"{base} (+{contact.strip()})" if contact and contact.strip() else base


@dataclass(frozen=True)
class FetchOptions:
    """How politely and how patiently to fetch.

    timeout: seconds to connect and between two reads; max_seconds: the whole
    transfer; retries: further attempts after a transient failure, waiting
    backoff, 2×backoff, 4×backoff… seconds; host_interval: seconds between two
    requests to one host (0 turns the rate limit off; a robots.txt Crawl-delay
    still applies); max_bytes: the largest body accepted; revalidate_listings:
    ask for feeds and sitemaps only if changed since the last fetch (polling).
    """

    timeout: float = 15.0
    max_seconds: float = 60.0
    retries: int = 2
    backoff: float = 1.0
    host_interval: float = 1.0
    max_bytes: int = 5_000_000
    obey_robots: bool = True
    revalidate_listings: bool = False
    user_agent: str = field(default_factory=user_agent)

    def __post_init__(self) -> None:
        for name in ("timeout", "max_seconds", "max_bytes"):
            if getattr(self, name) <= 0:
                raise ConfigError(f"{name} must be positive, not {getattr(self, name)}")
        for name in ("retries", "backoff", "host_interval"):
            if getattr(self, name) < 0:
                raise ConfigError(f"{name} must be 0 or more, not {getattr(self, name)}")


@dataclass(frozen=True)
class Validators:
    """What a server said identifies the version it sent: ETag and Last-Modified."""

    etag: str | None = None
    last_modified: str | None = None

    def request_headers(self) -> dict[str, str]:
        """The conditional-request headers that ask "only if it changed"."""
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers


@dataclass(frozen=True)
class Fetched:
    """A successful answer: 200 with the body, or 304 (unchanged) without one."""

    url: str  # as asked for
    final_url: str  # after redirects
    status: int
    content: bytes
    media_type: str  # "text/html", lower case, without parameters; "" when not given
    validators: Validators

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True)
class Remembered:
    """What an earlier run learnt about a URL: its validators and the document it gave."""

    validators: Validators
    document: Document | None


class PageMemory(Protocol):
    """Where the fetch history of URLs is kept (in memory, or in the store)."""

    def recall(self, url: str) -> Remembered | None:
        """What is known about `url`; `document` only when that document is stored."""
        ...

    def remember(self, url: str, validators: Validators, document: Document | None) -> None:
        """Record a successful fetch of `url` and the document it became (None: a listing)."""
        ...


class MemoryPages:
    """A PageMemory for one process: forgotten when the program ends."""

    def __init__(self) -> None:
        self._validators: dict[str, Validators] = {}
        self._documents: dict[str, Document] = {}

    def recall(self, url: str) -> Remembered | None:
        if url not in self._validators:
            return None
        return Remembered(self._validators[url], self._documents.get(url))

    def remember(self, url: str, validators: Validators, document: Document | None) -> None:
        self._validators[url] = validators
        if document is not None:
            self._documents[url] = document


class StopFlag:
    """A request to stop, set from a signal handler and checked between documents."""

    def __init__(self) -> None:
        self._set = False

    def set(self) -> None:
        self._set = True  # only a plain assignment: safe inside a signal handler

    @property
    def is_set(self) -> bool:
        return self._set

    def sleep(self, seconds: float) -> bool:
        """Sleep up to `seconds`, waking early when stopped; True when slept to the end."""
        deadline = time.monotonic() + seconds
        while not self._set:
            left = deadline - time.monotonic()
            if left <= 0:
                return True
            time.sleep(min(left, STOP_CHECK_SECONDS))
        return False


class _Transient(Exception):
    """A failure worth another try (timeout, dropped connection, 429, 5xx)."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


@dataclass(frozen=True)
class _Answer:
    status: int
    headers: httpx.Headers
    content: bytes


class Fetcher:
    """An HTTP client that fetches the way `FetchOptions` says; close it when done."""

    def __init__(
        self,
        options: FetchOptions | None = None,
        *,
        memory: PageMemory | None = None,
        stop: StopFlag | None = None,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.options = options or FetchOptions()
        self.memory: PageMemory = memory if memory is not None else MemoryPages()
        self.stop = stop or StopFlag()
        self._transport = transport
        self._client: httpx.Client | None = None
        self._robots: dict[str, RobotFileParser] = {}
        self._last_request: dict[str, float] = {}

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    @property
    def stopped(self) -> bool:
        return self.stop.is_set

    def get(self, url: str, *, validators: Validators | None = None) -> Fetched:
        """GET `url` (conditionally when `validators` are given), following redirects.

        Returns a 200 with its body or a 304; raises IngestError saying why for
        anything else: robots.txt forbids it, a redirect loop, a 4xx, a 5xx or
        timeout that retries did not cure, a body over the size limit.
        """
        _check_web_url(url)
        headers = validators.request_headers() if validators is not None else {}
        seen = {url}
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            self._check_robots(current)
            answer = self._get_with_retries(current, headers)
            if answer.status not in REDIRECT_STATUSES:
                return self._fetched(url, current, answer)
            current = self._redirect_target(current, answer)
            if current in seen:
                raise IngestError(f"redirect loop (back to {current})")
            seen.add(current)
        raise IngestError(f"more than {MAX_REDIRECTS} redirects")

    # -- one hop -----------------------------------------------------------------

    def _fetched(self, url: str, final_url: str, answer: _Answer) -> Fetched:
        if answer.status == 304:
            return Fetched(url, final_url, 304, b"", "", Validators())
        if answer.status != 200:
            raise IngestError(_status_reason(answer.status))
        media_type = answer.headers.get("content-type", "").split(";")[0].strip().lower()
        return Fetched(
            url=url,
            final_url=final_url,
            status=200,
            content=answer.content,
            media_type=media_type,
            validators=Validators(
                etag=answer.headers.get("etag"), last_modified=answer.headers.get("last-modified")
            ),
        )

    @staticmethod
    def _redirect_target(current: str, answer: _Answer) -> str:
        location = answer.headers.get("location")
        if not location:
            raise IngestError(f"redirect ({answer.status}) without a Location header")
        target = urljoin(current, str(location))
        if urlsplit(target).scheme not in ("http", "https"):
            raise IngestError(f"redirect to a non-web address {target!r}")
        return target

    def _get_with_retries(
        self,
        url: str,
        headers: dict[str, str],
        *,
        follow_redirects: bool = False,
        max_bytes: int | None = None,
    ) -> _Answer:
        attempts = self.options.retries + 1
        for attempt in range(attempts):
            self._wait_for_host(url)
            try:
                return self._send(url, headers, follow_redirects, max_bytes)
            except _Transient as failure:
                if attempt + 1 == attempts:
                    tries = f" (after {attempts} attempts)" if attempts > 1 else ""
                    raise IngestError(f"{failure.reason}{tries}") from None
                wait = self.options.backoff * 2**attempt
                if failure.retry_after is not None:
                    wait = max(wait, min(failure.retry_after, MAX_WAIT_SECONDS))
                logger.info("%s: %s; trying again in %.1f s", url, failure.reason, wait)
                if not self.stop.sleep(wait):
                    raise IngestError(f"{failure.reason} (stopped before retrying)") from None
        raise AssertionError("unreachable")  # the loop returns or raises

    def _send(
        self, url: str, headers: dict[str, str], follow_redirects: bool, max_bytes: int | None
    ) -> _Answer:
        limit = max_bytes if max_bytes is not None else self.options.max_bytes
        try:
            with self._http().stream(
                "GET", url, headers=headers, follow_redirects=follow_redirects
            ) as response:
                if response.status_code in RETRY_STATUSES:
                    raise _Transient(
                        _status_reason(response.status_code), _retry_after(response.headers)
                    )
                if response.status_code != 200:
                    return _Answer(response.status_code, response.headers, b"")
                return _Answer(200, response.headers, self._read_body(response, limit))
        except httpx.TimeoutException:
            raise _Transient(f"timed out (no answer within {self.options.timeout:g} s)") from None
        except httpx.TooManyRedirects:
            raise IngestError(f"more than {MAX_REDIRECTS} redirects") from None
        except httpx.TransportError as error:
            raise _Transient(f"connection failed ({_transport_reason(error)})") from None

    def _read_body(self, response: httpx.Response, limit: int) -> bytes:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise over_limit("page", int(declared), limit)
        deadline = time.monotonic() + self.options.max_seconds
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise over_limit("page", None, limit)
            if time.monotonic() > deadline:
                raise _Transient(f"too slow (not finished in {self.options.max_seconds:g} s)")
            chunks.append(chunk)
        return b"".join(chunks)

    def _http(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                headers={"User-Agent": self.options.user_agent},
                timeout=httpx.Timeout(self.options.timeout),
                max_redirects=MAX_REDIRECTS,
                transport=self._transport,
            )
        return self._client

    # -- politeness --------------------------------------------------------------

    def _wait_for_host(self, url: str) -> None:
        host = _origin(url)
        interval = max(self.options.host_interval, self._crawl_delay(host))
        last = self._last_request.get(host)
        if last is not None and interval > 0:
            self.stop.sleep(last + interval - time.monotonic())
        self._last_request[host] = time.monotonic()

    def _crawl_delay(self, host: str) -> float:
        robots = self._robots.get(host)
        if robots is None:
            return 0.0
        delay = robots.crawl_delay(ROBOTS_AGENT)
        return min(float(delay), MAX_WAIT_SECONDS) if delay is not None else 0.0

    def _check_robots(self, url: str) -> None:
        if not self.options.obey_robots:
            return
        host = _origin(url)
        if host not in self._robots:
            # Only rules that were read are kept: an unreachable robots.txt is asked
            # for again next time rather than blocking the host for good.
            self._robots[host] = self._read_robots(host)
        if not self._robots[host].can_fetch(ROBOTS_AGENT, url):
            raise IngestError(f"robots.txt of {host} does not allow comity to fetch it")

    def _read_robots(self, host: str) -> RobotFileParser:
        """The host's rules; none (allow all) when it has no robots.txt (RFC 9309, 2.3.1).

        Raises IngestError when robots.txt cannot be had (a server error, no
        connection): RFC 9309 says to fetch nothing then.
        """
        parser = RobotFileParser(f"{host}/robots.txt")
        try:
            answer = self._get_with_retries(
                f"{host}/robots.txt", {}, follow_redirects=True, max_bytes=ROBOTS_MAX_BYTES
            )
        except IngestError as error:
            raise IngestError(
                f"cannot read {host}/robots.txt ({error}), so nothing is fetched from there"
            ) from error
        if answer.status == 200:
            parser.parse(answer.content.decode("utf-8", "replace").splitlines())
        else:
            parser.parse([])  # 4xx: no rules
        return parser


@contextmanager
def open_fetcher(
    fetcher: Fetcher | None, options: FetchOptions, memory: PageMemory | None = None
) -> Iterator[Fetcher]:
    """`fetcher` as it is (its owner closes it), or a new one closed on exit."""
    if fetcher is not None:
        yield fetcher
        return
    with Fetcher(options, memory=memory) as made:
        yield made


def is_web_url(text: str) -> bool:
    """True for an http:// or https:// address (any case)."""
    return text[:8].lower().startswith(("http://", "https://"))


def _check_web_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise IngestError(f"not an http(s) URL: {url!r}")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _status_reason(status: int) -> str:
    phrase = httpx.codes.get_reason_phrase(status)
    kind = "server error" if status >= 500 else "HTTP"
    return f"{kind} {status}{f' {phrase}' if phrase else ''}"


def _retry_after(headers: httpx.Headers) -> float | None:
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())


def _transport_reason(error: httpx.TransportError) -> str:
    return str(error) or type(error).__name__
