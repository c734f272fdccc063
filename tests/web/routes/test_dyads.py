"""GET /api/dyads/{a}/{b}: directions, types, monthly Goldstein trend, timeline."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_a_dyad_sums_both_directions(client: TestClient) -> None:
    body = client.get("/api/dyads/tur/aze").json()
    assert (body["a"], body["b"], body["a_name"]) == ("TUR", "AZE", "Turkey")
    assert body["events"] == 3
    assert body["goldstein_mean"] == round((8.0 + 8.0 + 3.4) / 3, 4)
    directions = {(d["source"], d["target"]): d["events"] for d in body["directions"]}
    assert directions == {("TUR", "AZE"): 2, ("AZE", "TUR"): 1}
    assert body["plover"] == {"AGREE": 2, "SUPPORT": 1}


def test_the_trend_is_per_month_with_the_mean_score(client: TestClient) -> None:
    trend = client.get("/api/dyads/TUR/AZE").json()["trend"]
    assert trend == [
        {"month": "2024-03", "events": 2, "goldstein_mean": 8.0},
        {"month": "2024-05", "events": 1, "goldstein_mean": 3.4},
    ]


def test_the_timeline_lists_the_events_in_order(client: TestClient) -> None:
    timeline = client.get("/api/dyads/AZE/TUR", params={"limit": 2}).json()["timeline"]
    assert timeline["total"] == 3
    assert timeline["truncated"] is True
    assert [item["id"] for item in timeline["items"]] == ["ev-summit-1", "ev-summit-2"]


def test_filters_apply_to_the_dyad(client: TestClient) -> None:
    body = client.get("/api/dyads/TUR/AZE", params={"type": "SUPPORT"}).json()
    assert body["events"] == 1
    assert client.get("/api/dyads/TUR/AZE", params={"since": "2024-99"}).status_code == 400


def test_a_pair_without_events_is_empty_not_an_error(client: TestClient) -> None:
    body = client.get("/api/dyads/TUR/UZB").json()
    assert (body["events"], body["goldstein_mean"], body["directions"]) == (0, None, [])
    assert body["relations_available"] is False
