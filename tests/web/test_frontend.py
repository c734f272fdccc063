"""The explorer in a real browser: Debian's Chromium driven by Playwright.

Each test opens a view of the built explorer served by uvicorn on loopback,
works it as a person would (filter by an actor, click an edge, read the
sentence) and saves a screenshot under test-artifacts/web/. The hostile-text
test checks that an article's <script> and <img onerror> show as characters.
No browser is downloaded: Playwright launches /usr/bin/chromium.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from comity.kb import KnowledgeBase
from comity.store import open_store
from comity.web import WebSettings, create_app
from comity.web.context import STATIC_DIR
from web.records import HOSTILE, fill_with_claims

pytestmark = pytest.mark.slow

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"
BROWSER_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def missing(reason: str) -> None:
    """Fail in CI (scripts/test installs what is needed), skip elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def base_url(kb: KnowledgeBase, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    import uvicorn

    if not (STATIC_DIR / "index.html").is_file():
        missing("the explorer is not built: run scripts/install (needs node and npm)")
    db = tmp_path_factory.mktemp("explorer") / "explorer.db"
    with open_store(db) as store:
        fill_with_claims(store)
        app = create_app(store, WebSettings(), kb=kb)
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 30
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        port = server.servers[0].sockets[0].getsockname()[1]
        yield f"http://127.0.0.1:{port}"
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        missing(f"{CHROMIUM} is missing: scripts/test installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=BROWSER_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, base_url: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    opened = context.new_page()
    outside: list[str] = []
    errors: list[str] = []
    opened.on(
        "request", lambda r: outside.append(r.url) if not r.url.startswith(base_url) else None
    )
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.goto(base_url + "/")
    wait_for_view(opened)
    yield opened
    assert outside == [], "the explorer fetched something from outside the server"
    assert errors == [], "the page raised JavaScript errors"
    context.close()


def wait_for_view(page: Any) -> None:
    page.wait_for_selector("#view[data-ready=true]", timeout=15_000)


def screenshot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def filter_by(page: Any, actor: str) -> None:
    page.fill("#filter-actor", actor)
    page.click("#filter-apply")
    wait_for_view(page)


def click_edge(page: Any, a: str, b: str) -> None:
    """Click the middle of the drawn edge between two actors on the WebGL canvas."""
    middle = page.evaluate(
        "([a, b]) => window.comityExplorer.views.network.edgeMidpoint(a, b)", [a, b]
    )
    assert middle is not None, f"no edge {a}–{b} is drawn"
    box = page.locator("#network-canvas").bounding_box()
    page.mouse.click(box["x"] + middle["x"], box["y"] + middle["y"])
    page.wait_for_selector("#dyad-title", timeout=10_000)


def test_network_edge_click_shows_the_events_and_their_sentence(page: Any) -> None:
    assert "6 actors" in page.inner_text("#view h2")
    click_edge(page, "TUR", "AZE")
    assert page.inner_text("#dyad-title") == "Azerbaijan (AZE) – Turkey (TUR)"
    assert page.locator("#side .event-link").count() == 3
    page.locator("#side .event-link", has_text="2024-03-12").first.click()
    page.wait_for_selector("#event-sentence")
    sentence = page.locator("#event-sentence")
    assert (
        sentence.inner_text()
        == "Turkey and Azerbaijan signed a transit protocol in Baku on 12 March 2024."
    )
    assert sentence.locator("mark.hl-trigger").inner_text() == "signed"
    assert sentence.locator("mark.hl-source").first.inner_text() in ("Turkey", "Azerbaijan")
    assert page.inner_text("#event-document") == "news/summit.txt"
    screenshot(page, "network-edge-event")


def test_filtering_the_network_by_an_actor(page: Any) -> None:
    filter_by(page, "kgz")
    assert "2 actors, 1 dyads" in page.inner_text("#view h2")
    click_edge(page, "KGZ", "TUR")
    assert page.locator("#side .event-link").count() == 1
    screenshot(page, "network-filtered")


def test_timeline_draws_a_month_precise_event_as_the_month(page: Any) -> None:
    page.click("[data-view=timeline]")
    wait_for_view(page)
    assert page.locator("#timeline-empty").count() == 1
    filter_by(page, "TUR")
    assert page.inner_text("#timeline-title") == "Timeline of TUR"
    month = page.locator("rect[data-event-id=ev-visit-1]").bounding_box()
    day = page.locator("rect[data-event-id=ev-hostile-1]").bounding_box()
    assert month["width"] > 10 * day["width"]  # June 2023 spans 30 days, 4 May 2024 one
    page.locator("rect[data-event-id=ev-visit-1]").click()
    page.wait_for_selector("#event-sentence")
    assert "Kyrgyzstan hosted" in page.inner_text("#event-sentence")
    screenshot(page, "timeline")


def test_dyad_timeline_has_the_goldstein_trend(page: Any) -> None:
    click_edge(page, "TUR", "AZE")
    page.click("#dyad-timeline")
    wait_for_view(page)
    assert page.inner_text("#timeline-title") == "Timeline of AZE – TUR"
    assert page.locator("#trend-chart circle").count() == 2  # March and May 2024
    screenshot(page, "timeline-dyad")


def test_map_colours_a_states_partners_and_opens_a_dyad(page: Any) -> None:
    page.click("[data-view=map]")
    wait_for_view(page)
    filter_by(page, "TUR")
    assert "Relations of Turkey (TUR): 2 partners" in page.inner_text("#map-title")
    azerbaijan = page.locator("path[data-code=AZE]").first
    uncoloured = page.locator("path[data-code=FRA]").first
    assert azerbaijan.evaluate("p => p.style.fill") != ""
    assert uncoloured.evaluate("p => p.style.fill") == ""
    page.locator("ol.partners button", has_text="Azerbaijan").click()
    page.wait_for_selector("#dyad-title")
    screenshot(page, "map")


def test_event_detail_lists_corroborating_and_contradicting_sources(page: Any) -> None:
    page.evaluate("() => window.comityExplorer.side.showEvent('ev-summit-1')")
    page.wait_for_selector("#side .relations")
    supports = page.locator("#side .sources.supports li")
    contradicts = page.locator("#side .sources.contradicts li")
    assert supports.count() == 1 and contradicts.count() == 1
    assert "transit protocol" in supports.inner_text()
    assert "<script>" in contradicts.inner_text()
    screenshot(page, "event-sources")


def test_hostile_article_text_is_shown_as_characters_and_runs_nothing(page: Any) -> None:
    page.evaluate("() => window.comityExplorer.side.showEvent('ev-hostile-1')")
    page.wait_for_selector("#event-sentence")
    assert "<script>window.__pwned = 1</script>" in page.inner_text("#event-sentence")
    assert "<b>bold</b> title" in page.inner_text("#side")
    page.click("text=Show the whole document")
    page.wait_for_selector("#document-text")
    assert page.inner_text("#document-text") == HOSTILE.text
    page.wait_for_timeout(300)  # an injected <img onerror> would have fired by now
    assert page.evaluate("() => window.__pwned") is None
    assert page.locator("#side script, #side img, #side b").count() == 0
    screenshot(page, "hostile-text")


def test_hostile_event_opened_from_the_network_shows_its_markup_as_text(page: Any) -> None:
    """Issue 11: the event detail reached by clicks, as a reader would, runs nothing."""
    click_edge(page, "TUR", "AZE")
    page.locator("#side .event-link", has_text="2024-05-04").first.click()
    page.wait_for_selector("#event-sentence")
    shown = page.inner_text("#event-sentence")
    assert "<script>window.__pwned = 1</script>" in shown
    assert '<img src=x onerror="window.__pwned = 2">' in shown
    page.wait_for_timeout(300)  # an injected <img onerror> would have fired by now
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    assert page.locator("#event-sentence script, #event-sentence img").count() == 0
