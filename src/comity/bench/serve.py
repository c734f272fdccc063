"""`comity bench-serve`: how `comity serve` holds up under concurrent readers.

Builds (once) a database of synthetic events through the Store API, starts
`comity serve` on loopback in a child process, and lets N readers send a mix
of the explorer's requests over keep-alive connections for a fixed time.
Reports requests per second and latency percentiles, overall and per route.
Traffic goes only to 127.0.0.1, and every loop ends at the deadline.
"""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote, urlencode

import psutil
from rich.console import Console
from rich.table import Table

from comity.errors import ComityError, NotFound
from comity.models import Document, Event, Mode, Precision
from comity.store import open_store

EVENTS_PER_DOCUMENT = 10
REQUEST_TIMEOUT = 10.0
STARTUP_TIMEOUT = 90.0
SETTLE_STEP = 0.1  # seconds between looks at the server's CPU time while it starts
SETTLED_CPU = 0.05  # share of one core under which the server counts as idle
SETTLED_SECONDS = 0.5  # how long it must stay idle
# Actors of the synthetic record: the region comity is about, and its neighbours.
ACTORS = (
    "TUR", "AZE", "KAZ", "KGZ", "UZB", "TKM", "TJK", "RUS", "CHN", "IRN", "GEO", "ARM",
    "CYP", "GRC", "USA", "DEU", "FRA", "GBR", "UKR", "BLR", "MNG", "AFG", "PAK", "IND",
    "EU", "UN", "UNSC", "NATO", "OTS", "SCO", "CIS", "CSTO", "TURKPA", "OSCE",
)  # fmt: skip
# (PLOVER, CAMEO, Goldstein) triples the synthetic events are drawn from.
EVENT_TYPES = (
    ("CONSULT", "040", 1.0), ("CONSULT", "043", 2.8), ("AGREE", "057", 8.0),
    ("COOPERATE", "061", 6.4), ("AID", "070", 7.0), ("SUPPORT", "051", 3.4),
    ("REQUEST", "020", 3.0), ("ACCUSE", "111", -2.0), ("REJECT", "120", -4.0),
    ("THREATEN", "130", -4.4), ("PROTEST", "140", -6.5), ("SANCTION", "163", -8.0),
    ("MOBILIZE", "150", -7.2), ("ASSAULT", "190", -10.0),
)  # fmt: skip
FIRST_DAY = date(2012, 1, 1)
DAYS = 14 * 365


@dataclass
class RouteFigures:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0


@dataclass
class ServeBenchReport:
    db: str
    events: int
    readers: int
    workers: int
    seconds: float
    requests: int
    errors: int
    routes: dict[str, RouteFigures]
    latencies: list[float]
    load_before: tuple[float, float, float] = (0.0, 0.0, 0.0)
    load_after: tuple[float, float, float] = (0.0, 0.0, 0.0)
    server_cpu_seconds: float | None = None  # the server's processes, while read

    @property
    def requests_per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, share: float, values: list[float] | None = None) -> float:
        """Latency (ms) below which `share` of the requests finished (nearest rank)."""
        data = sorted(self.latencies if values is None else values)
        if not data:
            return 0.0
        rank = min(len(data) - 1, max(0, int(round(share * len(data))) - 1))
        return data[rank] * 1000


def build_synthetic_db(path: Path, events: int, *, seed: int = 7) -> int:
    """Fill `path` with `events` synthetic events (10 per document); returns the count.

    A database that already holds at least that many events is used as it is.
    """
    with open_store(path) as store:
        stored = store.stats()["events"]
        if stored >= events:
            return stored
        chooser = random.Random(seed)
        for number in range(stored // EVENTS_PER_DOCUMENT, events // EVENTS_PER_DOCUMENT):
            document, made = _synthetic_document(number, chooser)
            store.save_document(document, [], made)
        return store.stats()["events"]


def _synthetic_document(number: int, chooser: random.Random) -> tuple[Document, list[Event]]:
    pairs = [tuple(chooser.sample(ACTORS, 2)) for _ in range(EVENTS_PER_DOCUMENT)]
    sentences = [
        f"Report {number}.{index}: {a} acted towards {b}." for index, (a, b) in enumerate(pairs)
    ]
    text = " ".join(sentences)
    doc_id = f"bench-{number:08d}"
    document = Document(id=doc_id, text=text, source=f"bench/{number}.txt", language="en")
    made, at = [], 0
    for index, ((source, target), sentence) in enumerate(zip(pairs, sentences, strict=True)):
        made.append(_synthetic_event(doc_id, index, source, target, sentence, at, chooser))
        at += len(sentence) + 1
    return document, made


def _synthetic_event(
    doc_id: str,
    index: int,
    source: str,
    target: str,
    sentence: str,
    at: int,
    chooser: random.Random,
) -> Event:
    plover, cameo, goldstein = chooser.choice(EVENT_TYPES)
    day = FIRST_DAY + timedelta(days=chooser.randrange(DAYS))
    precision = chooser.choices((Precision.DAY, Precision.MONTH, Precision.YEAR), (7, 2, 1))[0]
    when = {
        Precision.DAY: day.isoformat(),
        Precision.MONTH: day.isoformat()[:7],
        Precision.YEAR: day.isoformat()[:4],
    }[precision]
    trigger = sentence.index("acted")
    return Event(
        id=f"{doc_id}-{index}",
        doc_id=doc_id,
        source=source,
        target=target,
        plover=plover,
        cameo=cameo,
        goldstein=goldstein,
        quad_class=1 if goldstein > 0 else 3,
        mode=Mode.ASSERTED,
        date=when,
        date_precision=precision,
        sentence=sentence,
        span_start=at,
        span_end=at + len(sentence),
        trigger="acted",
        trigger_start=at + trigger,
        trigger_end=at + trigger + len("acted"),
        confidence=0.9,
        extractor="bench-serve",
    )


def request_mix(chooser: random.Random, *, documents: int = 1000) -> tuple[str, str]:
    """One request as the explorer or an API user sends it: (route name, path with query).

    The twelve kinds are equally likely. Nine are what the explorer's views ask,
    with its parameters (src/comity/web/frontend/src): the undirected network of
    a half year, a state's map from a year on, a dyad's side panel (its summary
    and its latest 200 events), an actor's three-year timeline and a dyad's whole
    timeline (up to 5000 events each), an event's detail, its document, and the
    actor search box. Three are API users' pages: events by actor, events by
    type, an actor's detail. `documents`: how many synthetic documents (ids
    bench-00000000 ...) the event and document ids are drawn from.
    """
    a, b = chooser.sample(ACTORS, 2)
    year = chooser.randrange(2012, 2026)
    since, until = str(year), str(min(2025, year + 2))
    doc_id = f"bench-{chooser.randrange(max(documents, 1)):08d}"
    event_id = f"{doc_id}-{chooser.randrange(EVENTS_PER_DOCUMENT)}"
    plover = chooser.choice(EVENT_TYPES)[0]
    options: list[tuple[str, str, dict[str, object]]] = [
        ("network", "/api/network", {"since": f"{year}-01", "until": f"{year}-06",
                                     "directed": "false"}),
        ("map/{code}", f"/api/map/{a}", {"since": since}),
        ("dyads/{a}/{b}", f"/api/dyads/{a}/{b}", {"since": since, "limit": 1}),
        ("events?dyad", "/api/events", {"dyad": f"{a},{b}", "since": since, "limit": 200,
                                        "sort": "-date"}),
        ("timeline", "/api/timeline", {"actor": a, "since": since, "until": until,
                                       "limit": 5000}),
        ("timeline?dyad", "/api/timeline", {"dyad": f"{a},{b}", "limit": 5000}),
        ("events/{id}", f"/api/events/{event_id}", {}),
        ("documents/{id}", f"/api/documents/{doc_id}", {}),
        ("actors?q", "/api/actors", {"q": a[:2].lower(), "limit": 15}),
        ("events?actor", "/api/events", {"actor": a, "limit": 50}),
        ("events?type", "/api/events", {"type": plover, "since": f"{year}-03", "limit": 20}),
        ("actors/{code}", f"/api/actors/{a}", {}),
    ]  # fmt: skip
    name, path, params = chooser.choice(options)
    query = urlencode(params, quote_via=quote)
    return name, f"{path}?{query}" if query else path


def run_serve_bench(
    db: Path | None,
    *,
    events: int = 50_000,
    readers: int = 50,
    seconds: float = 20.0,
    port: int = 8765,
    workers: int = 1,
    on_step: Callable[[str], None] = lambda _message: None,
) -> ServeBenchReport:
    """Serve `db` (or a synthetic database of `events`) and read it hard for `seconds`.

    Raises NotFound when `db` does not exist: opening it would make an empty
    database, and its figures would say nothing.
    """
    if db is not None and not db.exists():
        raise NotFound(
            f"no database at {db}: --db takes an existing comity database "
            "(leave it out to build a synthetic one)"
        )
    path = db if db is not None else Path(tempfile.gettempdir()) / f"comity-bench-{events}.db"
    if db is None:
        on_step(f"building {events} synthetic events in {path} (once) …")
        build_synthetic_db(path, events)
    with open_store(path) as store:
        stored = store.stats()["events"]
    on_step(f"starting comity serve on 127.0.0.1:{port} ({workers} worker(s)) …")
    server = _start_server(path, port, workers)
    try:
        _wait_until_up(port, server)
        on_step(f"{readers} readers for {seconds:g} s …")
        load_before, cpu_before = os.getloadavg(), _cpu_seconds(server.pid)
        documents = stored // EVENTS_PER_DOCUMENT
        # The readers share the cores with the server: uvloop keeps their own cost
        # low (a fifth of a core at 900 requests/s), as a load generator's should be.
        with asyncio.Runner(loop_factory=_fast_event_loop()) as runner:
            routes, latencies, elapsed = runner.run(_read_hard(port, readers, seconds, documents))
        load_after, cpu_after = os.getloadavg(), _cpu_seconds(server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return ServeBenchReport(
        db=str(path),
        events=stored,
        readers=readers,
        workers=workers,
        seconds=elapsed,
        requests=len(latencies),
        errors=sum(route.errors for route in routes.values()),
        routes=routes,
        latencies=latencies,
        load_before=load_before,
        load_after=load_after,
        server_cpu_seconds=cpu_after - cpu_before
        if cpu_before is not None and cpu_after is not None
        else None,
    )


def _fast_event_loop() -> Callable[[], asyncio.AbstractEventLoop] | None:
    """uvloop's loop where it is installed (not on Windows), else asyncio's."""
    try:
        import uvloop
    except ImportError:
        return None
    return uvloop.new_event_loop


def _cpu_seconds(pid: int) -> float | None:
    """CPU time used so far by the server and its worker processes (None if unknown)."""
    try:
        server = psutil.Process(pid)
        processes = [server, *server.children(recursive=True)]
        return float(sum(p.cpu_times().user + p.cpu_times().system for p in processes))
    except psutil.Error:
        return None


def _start_server(path: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "comity", "serve", "--db", str(path), "--port", str(port)]
    command += ["--workers", str(workers)]
    return subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait_until_up(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    url = f"http://127.0.0.1:{port}/api/health"
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise ComityError(f"comity serve exited with code {server.returncode} at start-up")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    _wait_until_settled(server.pid, deadline)
                    return
        except OSError:
            time.sleep(0.3)
    raise ComityError(f"comity serve did not answer on port {port} within {STARTUP_TIMEOUT:g} s")


def _wait_until_settled(pid: int, deadline: float) -> None:
    """Wait until the server's processes are idle: every worker has loaded.

    The first worker up answers the health check while the others may still be
    loading the knowledge base; readers connecting then would all land on the
    first one, and the run would time the server's start-up, not its serving.
    """
    idle_since: float | None = None
    before = _cpu_seconds(pid)
    while time.monotonic() < deadline and before is not None:
        time.sleep(SETTLE_STEP)
        now = _cpu_seconds(pid)
        if now is None:
            return
        busy = (now - before) / SETTLE_STEP
        before = now
        if busy > SETTLED_CPU:
            idle_since = None
        elif idle_since is None:
            idle_since = time.monotonic()
        elif time.monotonic() - idle_since >= SETTLED_SECONDS:
            return


async def _read_hard(
    port: int, readers: int, seconds: float, documents: int
) -> tuple[dict[str, RouteFigures], list[float], float]:
    routes: dict[str, RouteFigures] = {}
    latencies: list[float] = []
    started = time.monotonic()
    deadline = started + seconds
    await asyncio.gather(
        *(
            _reader(port, deadline, random.Random(n), routes, latencies, documents)
            for n in range(readers)
        )
    )
    return routes, latencies, time.monotonic() - started


async def _reader(
    port: int,
    deadline: float,
    chooser: random.Random,
    routes: dict[str, RouteFigures],
    latencies: list[float],
    documents: int,
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.monotonic() < deadline:
            name, path = request_mix(chooser, documents=documents)
            figures = routes.setdefault(name, RouteFigures())
            began = time.perf_counter()
            try:
                status = await asyncio.wait_for(_get(reader, writer, path), REQUEST_TIMEOUT)
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
                figures.errors += 1
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                continue
            took = time.perf_counter() - began
            figures.latencies.append(took)
            latencies.append(took)
            if status >= 500:
                figures.errors += 1
    finally:
        writer.close()


async def _get(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, path: str) -> int:
    """One keep-alive HTTP/1.1 GET; returns the status after reading the whole body."""
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode("ascii"))
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    headers = dict(line.lower().split(": ", 1) for line in lines[1:] if ": " in line)
    if "content-length" not in headers:
        raise ValueError("response without content-length")
    await reader.readexactly(int(headers["content-length"]))
    return status


def render_serve_bench(report: ServeBenchReport, console: Console) -> None:
    table = Table(
        title=f"comity serve ({report.workers} worker(s)) under {report.readers} readers, "
        f"{report.seconds:.1f} s"
    )
    for column in ("route", "requests", "errors", "p50 ms", "p99 ms"):
        table.add_column(column, justify="left" if column == "route" else "right")
    for name, figures in sorted(report.routes.items()):
        table.add_row(
            name,
            str(len(figures.latencies)),
            str(figures.errors),
            f"{report.percentile(0.50, figures.latencies):.1f}",
            f"{report.percentile(0.99, figures.latencies):.1f}",
        )
    console.print(table)
    console.print(
        f"database: {report.db} ({report.events} events)\n"
        f"requests: {report.requests}, errors: {report.errors}, "
        f"{report.requests_per_second:.0f} requests/s\n"
        f"latency: p50 {report.percentile(0.50):.1f} ms, p95 {report.percentile(0.95):.1f} ms, "
        f"p99 {report.percentile(0.99):.1f} ms, max {report.percentile(1.0):.1f} ms "
        f"(goal: p99 < 200 ms)\n"
        f"{_cpu_line(report)}"
        f"load average (1, 5, 15 min): {_load(report.load_before)} before, "
        f"{_load(report.load_after)} after, on {os.cpu_count()} CPUs shared with anything else"
    )


def _cpu_line(report: ServeBenchReport) -> str:
    if report.server_cpu_seconds is None or not report.requests:
        return ""
    per_request = 1000 * report.server_cpu_seconds / report.requests
    share = report.server_cpu_seconds / report.seconds if report.seconds else 0.0
    return f"server CPU: {per_request:.2f} ms per request, {share:.2f} CPUs busy on average\n"


def _load(values: tuple[float, float, float]) -> str:
    return " ".join(f"{value:.2f}" for value in values)
