"""The watch loop against a local site, with a stand-in extractor (no spaCy model)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from ingest.local_site import LocalSite, article_html, rss_feed, serving

from comity.errors import ConfigError
from comity.extract.extractor import Extraction
from comity.ingest.fetch import FetchOptions, StopFlag
from comity.models import Document
from comity.store import Store, open_store
from comity.watch import Poll, parse_interval, stop_on_signals, watch


@pytest.fixture
def site() -> Iterator[LocalSite]:
    with serving() as served:
        yield served


STORIES = {
    "/border": [
        "Customs chiefs of two Central Asian neighbours agreed to keep a mountain crossing "
        "open at night during the apricot harvest.",
        "Truck drivers had waited for days at the pass last summer, local traders said.",
    ],
    "/grid": [
        "Power companies of two Caspian states signed a plan to link their grids with a new "
        "line under the sea by the end of the decade.",
        "Engineers will first survey the seabed along the planned route.",
    ],
    "/forum": [
        "A business forum of Turkic-speaking states opened in a Hungarian city with "
        "delegates from nine countries.",
        "Organisers said more than forty agreements between companies would be signed.",
    ],
}
DATES = [
    "Mon, 02 Jun 2025 08:00:00 GMT",
    "Tue, 03 Jun 2025 08:00:00 GMT",
    "Wed, 04 Jun 2025 08:00:00 GMT",
]
FAST = FetchOptions(timeout=3.0, backoff=0.01, host_interval=0.0, retries=0)


class StandInExtractor:
    """Passes documents through with no events, as the pipeline expects of an extractor."""

    def extract_many(self, documents: Iterable[Document]) -> Iterator[Extraction]:
        for document in documents:
            yield Extraction(document, [], [], 0, 0, [])


def serve_stories(site: LocalSite, paths: list[str]) -> str:
    for path in STORIES:
        site.add(path, article_html(path.strip("/").title(), STORIES[path]))
    items = [(path.strip("/"), path, DATES[n]) for n, path in enumerate(paths)]
    return site.add(
        "/feed", rss_feed(items), content_type="application/rss+xml", etag=f'"{len(paths)}"'
    )


def stored_sources(store: Store) -> set[str]:
    from comity.store.stories import store_transaction

    with store_transaction(store, "test") as connection:
        return {row[0] for row in connection.exec_driver_sql("SELECT source FROM documents")}


def test_a_second_poll_ingests_only_what_is_new(site: LocalSite, tmp_path: Path) -> None:
    feed = serve_stories(site, ["/border"])
    polls: list[Poll] = []

    def after_poll(poll: Poll) -> None:
        polls.append(poll)
        serve_stories(site, ["/border", "/grid"])  # the feed grows before the next poll

    with open_store(tmp_path / "watch.db") as store:
        done = watch(
            [feed],
            store,
            StandInExtractor(),  # type: ignore[arg-type]
            every=0.05,
            stop=StopFlag(),
            options=FAST,
            polls=2,
            on_poll=after_poll,
        )
        assert stored_sources(store) == {site.url("/border"), site.url("/grid")}
    assert done == 2
    assert [(poll.report.added, poll.report.skipped) for poll in polls] == [(1, 0), (1, 1)]
    assert site.paths_hit().count("/border") == 1  # known pages are not fetched again


def test_an_unchanged_feed_costs_one_request(site: LocalSite, tmp_path: Path) -> None:
    feed = serve_stories(site, ["/border", "/grid"])
    polls: list[Poll] = []
    with open_store(tmp_path / "watch.db") as store:
        watch(
            [feed],
            store,
            StandInExtractor(),  # type: ignore[arg-type]
            every=0.01,
            stop=StopFlag(),
            options=FAST,
            polls=3,
            on_poll=polls.append,
        )
    assert [poll.report.added for poll in polls] == [2, 0, 0]
    after_first = site.paths_hit()[4:]  # robots.txt, feed, two pages
    assert after_first == ["/feed", "/feed"]
    assert site.hits[-1].headers.get("If-None-Match") == '"2"'


def test_a_dead_feed_is_logged_and_the_others_are_read(
    site: LocalSite, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    good = serve_stories(site, ["/forum"])
    dead = site.add("/dead-feed", "down", status=500)
    with open_store(tmp_path / "watch.db") as store:
        watch(
            [dead, good],
            store,
            StandInExtractor(),  # type: ignore[arg-type]
            every=0.01,
            stop=StopFlag(),
            options=FAST,
            polls=1,
        )
        assert stored_sources(store) == {site.url("/forum")}
    assert any(
        "dead-feed" in record.getMessage() and "500" in record.getMessage()
        for record in caplog.records
        if record.levelname == "WARNING"
    )


def test_a_stop_before_the_first_poll_runs_none(tmp_path: Path) -> None:
    stop = StopFlag()
    stop.set()
    with open_store(tmp_path / "watch.db") as store:
        assert (
            watch(["http://127.0.0.1:9/feed"], store, StandInExtractor(), every=1, stop=stop) == 0
        )  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "seconds"), [("90", 90), ("90s", 90), ("15m", 900), ("1.5h", 5400), ("1d", 86400)]
)
def test_parse_interval(text: str, seconds: float) -> None:
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "0m", "soon", "15 minutes", "-5s"])
def test_parse_interval_refuses_other_forms(text: str) -> None:
    with pytest.raises(ConfigError, match="interval"):
        parse_interval(text)


def test_signals_set_the_stop_flag_then_handlers_are_restored() -> None:
    before = signal.getsignal(signal.SIGTERM)
    stop = StopFlag()
    with stop_on_signals(stop):
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.05)
        assert stop.is_set
        with pytest.raises(KeyboardInterrupt):  # a second signal: stop now
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.05)
    assert signal.getsignal(signal.SIGTERM) is before


WATCHER = textwrap.dedent(
    """
    import sys
    from comity.extract.extractor import Extraction
    from comity.ingest.fetch import FetchOptions, StopFlag
    from comity.store import open_store
    from comity.watch import stop_on_signals, watch

    class StandIn:
        def extract_many(self, documents):
            for document in documents:
                yield Extraction(document, [], [], 0, 0, [])

    stop = StopFlag()
    options = FetchOptions(timeout=10, backoff=0.01, host_interval=0)
    with open_store(sys.argv[2]) as store, stop_on_signals(stop):
        watch([sys.argv[1]], store, StandIn(), every=600, stop=stop, options=options)
    print("stopped cleanly")
    """
)


@pytest.mark.slow
def test_sigterm_finishes_the_page_in_hand_commits_and_exits_0(
    site: LocalSite, tmp_path: Path
) -> None:
    feed = serve_stories(site, ["/border", "/grid", "/forum"])
    site.routes["/grid"].delay = 1.5  # SIGTERM arrives while this page is being fetched
    db = tmp_path / "watch.db"
    script = tmp_path / "watcher.py"
    script.write_text(WATCHER, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, str(script), feed, str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while "/grid" not in site.paths_hit():
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the watcher never fetched /grid"
            time.sleep(0.05)
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert "stopped cleanly" in out and "SIGTERM: stopping after the current document" in err
    assert "/forum" not in site.paths_hit()
    with open_store(db) as store:
        assert stored_sources(store) == {site.url("/border"), site.url("/grid")}
