"""GET /api/stats and /api/health."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_stats_count_rows_and_group_events(client: TestClient) -> None:
    body = client.get("/api/stats").json()
    assert (body["documents"], body["events"]) == (5, 6)
    assert (body["first_day"], body["last_day"]) == ("2022-01-01", "2024-05-04")
    assert body["by_plover"] == {
        "ACCUSE": 1, "AGREE": 2, "CONSULT": 1, "REQUEST": 1, "SUPPORT": 1
    }  # fmt: skip
    assert body["by_year"] == {"undated": 1, "2022": 1, "2023": 1, "2024": 3}
    assert body["by_mode"] == {"asserted": 6}
    assert [actor["code"] for actor in body["top_actors"][:2]] == ["TUR", "AZE"]


def test_health_says_what_the_server_offers(client: TestClient) -> None:
    body = client.get("/api/health").json()
    assert body["status"] == "ok"
    assert body["ingest"] is False
    assert body["relations"] is False
    assert body["database"].startswith("sqlite")
