from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from comity import __version__
from comity.errors import ConfigError, IngestError
from comity.ingest.fetch import (
    Fetcher,
    FetchOptions,
    MemoryPages,
    StopFlag,
    Validators,
    is_web_url,
    user_agent,
)
from ingest.local_site import LocalSite, article_html, serving


@pytest.fixture
def site() -> Iterator[LocalSite]:
    with serving() as served:
        yield served


PAGE = article_html(
    "Steppe rail talks",
    ["Officials from two neighbouring states met to plan a freight line across the steppe."],
)


def quick(**changes: object) -> FetchOptions:
    """Options for tests: short timeouts and back-off, no rate limit."""
    values: dict[str, object] = {"timeout": 2.0, "backoff": 0.01, "host_interval": 0.0}
    values.update(changes)
    return FetchOptions(**values)  # type: ignore[arg-type]


def test_a_page_is_fetched_with_comity_user_agent(site: LocalSite) -> None:
    url = site.add("/news/1", PAGE)
    with Fetcher(quick()) as fetcher:
        fetched = fetcher.get(url)
    assert fetched.status == 200 and fetched.content == PAGE.encode()
    assert fetched.media_type == "text/html"
    page_hit = next(hit for hit in site.hits if hit.path == "/news/1")
    assert page_hit.headers["User-Agent"] == user_agent() == f"comity/{__version__}"


def test_the_user_agent_carries_the_contact_of_whoever_runs_comity() -> None:
    assert user_agent("https://example.org/our-crawler") == (
        f"comity/{__version__} (+https://example.org/our-crawler)"
    )
    assert user_agent("   ") == f"comity/{__version__}"


def test_an_ingest_of_a_url_sends_the_contact_setting(site: LocalSite) -> None:
    from comity.ingest import read_sources

    url = site.add("/news/2", PAGE)
    list(read_sources([url], user_agent=user_agent("ops@example.org")))
    hit = next(hit for hit in site.hits if hit.path == "/news/2")
    assert hit.headers["User-Agent"].endswith("(+ops@example.org)")


def test_robots_txt_is_read_once_per_host(site: LocalSite) -> None:
    first = site.add("/a", PAGE)
    second = site.add("/b", PAGE)
    with Fetcher(quick()) as fetcher:
        fetcher.get(first)
        fetcher.get(second)
    assert site.paths_hit() == ["/robots.txt", "/a", "/b"]


def test_robots_txt_disallow_is_obeyed(site: LocalSite) -> None:
    site.add("/robots.txt", "User-agent: comity\nDisallow: /private/\n", content_type="text/plain")
    url = site.add("/private/memo", PAGE)
    allowed = site.add("/public/story", PAGE)
    with Fetcher(quick()) as fetcher:
        with pytest.raises(IngestError, match="robots.txt .* does not allow"):
            fetcher.get(url)
        assert fetcher.get(allowed).status == 200
    assert "/private/memo" not in site.paths_hit()


def test_robots_txt_can_be_ignored_on_purpose(site: LocalSite) -> None:
    site.add("/robots.txt", "User-agent: *\nDisallow: /\n", content_type="text/plain")
    url = site.add("/story", PAGE)
    with Fetcher(quick(obey_robots=False)) as fetcher:
        assert fetcher.get(url).status == 200
    assert site.paths_hit() == ["/story"]


def test_an_unreadable_robots_txt_means_nothing_is_fetched(site: LocalSite) -> None:
    site.add("/robots.txt", "", status=503, content_type="text/plain")
    url = site.add("/story", PAGE)
    with Fetcher(quick(retries=0)) as fetcher:
        with pytest.raises(IngestError, match=r"cannot read .*/robots.txt \(server error 503"):
            fetcher.get(url)
        site.add("/robots.txt", "User-agent: *\nAllow: /\n", content_type="text/plain")
        assert fetcher.get(url).status == 200  # asked again, not blocked for good
    assert site.paths_hit() == ["/robots.txt", "/robots.txt", "/story"]


def test_a_slow_server_times_out_after_the_retries(site: LocalSite) -> None:
    url = site.add("/slow", PAGE, delay=1.0)
    started = time.monotonic()
    with (
        Fetcher(quick(timeout=0.2, retries=1)) as fetcher,
        pytest.raises(IngestError, match=r"timed out .*after 2 attempts"),
    ):
        fetcher.get(url)
    assert time.monotonic() - started < 3
    assert site.paths_hit().count("/slow") == 2


def test_404_is_not_retried(site: LocalSite) -> None:
    with (
        Fetcher(quick(retries=3)) as fetcher,
        pytest.raises(IngestError, match="HTTP 404 Not Found"),
    ):
        fetcher.get(site.url("/gone"))
    assert site.paths_hit().count("/gone") == 1


def test_500_is_retried_with_back_off_then_reported(site: LocalSite) -> None:
    url = site.add("/broken", "oops", status=500)
    with (
        Fetcher(quick(retries=2)) as fetcher,
        pytest.raises(
            IngestError, match=r"server error 500 Internal Server Error \(after 3 attempts\)"
        ),
    ):
        fetcher.get(url)
    assert site.paths_hit().count("/broken") == 3


def test_retry_after_is_waited_for(site: LocalSite) -> None:
    url = site.add("/busy", "later", status=429, headers={"Retry-After": "1"})
    started = time.monotonic()
    with Fetcher(quick(retries=1)) as fetcher, pytest.raises(IngestError, match="429"):
        fetcher.get(url)
    assert time.monotonic() - started >= 0.9


def test_redirects_are_followed_and_the_final_url_kept(site: LocalSite) -> None:
    final = site.add("/story/final", PAGE)
    start = site.redirect("/short", "/story/final", status=301)
    with Fetcher(quick()) as fetcher:
        fetched = fetcher.get(start)
    assert fetched.url == start and fetched.final_url == final


def test_a_redirect_loop_is_named(site: LocalSite) -> None:
    site.redirect("/loop-a", "/loop-b")
    site.redirect("/loop-b", "/loop-a")
    with Fetcher(quick()) as fetcher, pytest.raises(IngestError, match="redirect loop"):
        fetcher.get(site.url("/loop-a"))
    assert site.paths_hit().count("/loop-a") == 1


def test_a_redirect_chain_too_long_is_refused(site: LocalSite) -> None:
    for step in range(8):
        site.redirect(f"/hop{step}", f"/hop{step + 1}")
    with Fetcher(quick()) as fetcher, pytest.raises(IngestError, match="more than 5 redirects"):
        fetcher.get(site.url("/hop0"))


def test_a_huge_page_with_its_length_declared_is_refused_unread(site: LocalSite) -> None:
    url = site.add("/huge", b"x" * 300_000)
    with (
        Fetcher(quick(max_bytes=100_000)) as fetcher,
        pytest.raises(IngestError, match=r"page is 300.0 KB, over the 100.0 KB per-document limit"),
    ):
        fetcher.get(url)


def test_a_huge_streamed_page_is_cut_off_at_the_limit(site: LocalSite) -> None:
    url = site.add("/endless", stream_bytes=50_000_000)
    started = time.monotonic()
    with (
        Fetcher(quick(max_bytes=200_000)) as fetcher,
        pytest.raises(IngestError, match="over the 200.0 KB per-document limit"),
    ):
        fetcher.get(url)
    assert time.monotonic() - started < 5


def test_etag_makes_the_second_fetch_conditional(site: LocalSite) -> None:
    url = site.add(
        "/etagged", PAGE, etag='"v1"', headers={"Last-Modified": "Mon, 03 Mar 2025 10:00:00 GMT"}
    )
    with Fetcher(quick()) as fetcher:
        first = fetcher.get(url)
        second = fetcher.get(url, validators=first.validators)
    assert first.validators == Validators('"v1"', "Mon, 03 Mar 2025 10:00:00 GMT")
    assert second.not_modified and second.content == b""
    conditional = site.hits[-1].headers
    assert conditional["If-None-Match"] == '"v1"'
    assert conditional["If-Modified-Since"] == "Mon, 03 Mar 2025 10:00:00 GMT"


def test_requests_to_one_host_are_spaced(site: LocalSite) -> None:
    urls = [site.add(f"/p{n}", PAGE) for n in range(3)]
    started = time.monotonic()
    with Fetcher(quick(host_interval=0.3, obey_robots=False)) as fetcher:
        for url in urls:
            fetcher.get(url)
    assert time.monotonic() - started >= 0.6


def test_crawl_delay_in_robots_txt_spaces_requests(site: LocalSite) -> None:
    site.add("/robots.txt", "User-agent: *\nCrawl-delay: 1\n", content_type="text/plain")
    urls = [site.add(f"/p{n}", PAGE) for n in range(2)]
    started = time.monotonic()
    with Fetcher(quick()) as fetcher:
        for url in urls:
            fetcher.get(url)
    assert time.monotonic() - started >= 1.0  # the second page waits a second


@pytest.mark.parametrize("url", ["ftp://example.org/file", "file:///etc/passwd", "http://"])
def test_only_web_addresses_are_fetched(url: str) -> None:
    with Fetcher(quick()) as fetcher, pytest.raises(IngestError, match="not an http"):
        fetcher.get(url)


def test_a_refused_connection_is_reported(site: LocalSite) -> None:
    url = site.url("/story")
    site.stop()
    with (
        Fetcher(quick(retries=0)) as fetcher,
        pytest.raises(IngestError, match="connection failed"),
    ):
        fetcher.get(url)


def test_is_web_url() -> None:
    assert is_web_url("HTTPS://example.org/a") and is_web_url("http://x")
    assert not is_web_url("news/http-guide.txt") and not is_web_url("-")


@pytest.mark.parametrize("field", ["timeout", "max_bytes", "max_seconds"])
def test_options_must_be_positive(field: str) -> None:
    with pytest.raises(ConfigError, match=field):
        FetchOptions(**{field: 0})


def test_stop_flag_cuts_a_sleep_short() -> None:
    stop = StopFlag()
    assert stop.sleep(0.05) is True
    stop.set()
    started = time.monotonic()
    assert stop.sleep(5) is False
    assert time.monotonic() - started < 0.5


def test_memory_pages_remember_validators_and_documents() -> None:
    from builders import make_document

    memory = MemoryPages()
    assert memory.recall("http://a") is None
    memory.remember("http://a", Validators(etag='"x"'), None)
    recalled = memory.recall("http://a")
    assert recalled is not None and recalled.document is None and recalled.validators.etag == '"x"'
    doc = make_document("Some article text.")
    memory.remember("http://b", Validators(), doc)
    assert memory.recall("http://b") == type(recalled)(Validators(), doc)
