"""The app around the routes: the explorer page, its headers, errors, the schema."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from comity.store import Store
from comity.web import WebSettings

AppClient = Callable[..., TestClient]


def built_explorer(folder: Path) -> Path:
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_text("<!doctype html><title>explorer</title>", encoding="utf-8")
    (folder / "assets" / "explorer.js").write_text("export {};", encoding="utf-8")
    return folder


def test_a_missing_build_says_how_to_make_it(
    make_client: AppClient, memory_store: Store, tmp_path: Path
) -> None:
    client = make_client(memory_store, WebSettings(static_dir=tmp_path / "nothing"))
    page = client.get("/")
    assert page.status_code == 503
    assert "scripts/install" in page.text
    assert "npm run build" in page.text
    assert client.get("/api/health").json()["explorer_built"] is False
    assert client.get("/api/events").status_code == 200  # the API works without it


def test_the_built_explorer_is_served_with_a_strict_policy(
    make_client: AppClient, memory_store: Store, tmp_path: Path
) -> None:
    client = make_client(memory_store, WebSettings(static_dir=built_explorer(tmp_path / "s")))
    page = client.get("/")
    assert page.status_code == 200
    assert "<title>explorer</title>" in page.text
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert page.headers["x-content-type-options"] == "nosniff"
    assert client.get("/assets/explorer.js").text == "export {};"
    assert client.get("/assets/../index.html").status_code == 404
    assert client.get("/api/health").json()["explorer_built"] is True


def test_the_schema_is_at_the_usual_place_and_no_cdn_page_is_offered(
    client: TestClient,
) -> None:
    schema = client.get("/openapi.json").json()
    assert {"/api/events", "/api/actors/{code}", "/api/dyads/{a}/{b}"} <= set(schema["paths"])
    assert client.get("/docs").status_code == 404  # Swagger UI would load from a CDN
    assert client.get("/redoc").status_code == 404


def test_unknown_paths_are_404(client: TestClient) -> None:
    assert client.get("/api/nothing-here").status_code == 404
    assert client.get("/favicon.ico").status_code == 204


def test_the_app_computes_at_most_its_threads_requests_at_once(
    make_client: AppClient, memory_store: Store
) -> None:
    from anyio import to_thread

    client = make_client(memory_store, WebSettings(threads=3))
    with client:
        tokens = client.portal.call(lambda: to_thread.current_default_thread_limiter().total_tokens)
    assert tokens == 3


def test_threads_must_be_at_least_one() -> None:
    import pytest

    from comity.errors import ConfigError

    with pytest.raises(ConfigError, match="threads"):
        WebSettings(threads=0)
