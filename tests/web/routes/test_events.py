"""GET /api/events, /api/events/{id} and /api/timeline over hand-built events."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from comity.web.schemas import EventPage, Timeline
from web.records import EVENT_COUNT, HOSTILE_TEXT


def ids(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [item["id"] for item in response.json()["items"]]


def test_events_page_counts_every_match_and_keeps_timeline_order(client: TestClient) -> None:
    response = client.get("/api/events", params={"limit": 2})
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == EVENT_COUNT
    assert ids(response) == ["ev-dispute-1", "ev-visit-1"]  # 2022, then June 2023


def test_offset_moves_through_the_pages(client: TestClient) -> None:
    everything = ids(client.get("/api/events", params={"limit": 50}))
    paged = [
        event_id
        for offset in range(0, EVENT_COUNT, 2)
        for event_id in ids(client.get("/api/events", params={"limit": 2, "offset": offset}))
    ]
    assert paged == everything
    assert everything[-1] == "ev-undated-1"  # undated events come last


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"actor": "tur"}, {"ev-summit-1", "ev-summit-2", "ev-visit-1", "ev-hostile-1"}),
        ({"dyad": "AZE,TUR"}, {"ev-summit-1", "ev-summit-2", "ev-hostile-1"}),
        ({"type": "accuse"}, {"ev-dispute-1"}),
        ({"cameo": "05"}, {"ev-summit-1", "ev-summit-2", "ev-hostile-1"}),
        ({"since": "2024-04"}, {"ev-hostile-1"}),
        ({"until": "2022-12-31"}, {"ev-dispute-1"}),
        ({"since": "2023", "until": "2023"}, {"ev-visit-1"}),
        ({"actor": "TUR", "since": "2024"}, {"ev-summit-1", "ev-summit-2", "ev-hostile-1"}),
    ],
)
def test_filters_are_those_of_the_cli(
    client: TestClient, params: dict[str, str], expected: set[str]
) -> None:
    response = client.get("/api/events", params=params)
    assert response.status_code == 200
    assert set(ids(response)) == expected
    assert response.json()["total"] == len(expected)


def test_a_month_overlapping_the_period_matches(client: TestClient) -> None:
    # The visit is dated "2023-06": a period ending mid-June still overlaps it.
    assert "ev-visit-1" in ids(client.get("/api/events", params={"until": "2023-06-10"}))


def test_sorting_by_goldstein_both_ways(client: TestClient) -> None:
    ascending = client.get("/api/events", params={"sort": "goldstein"}).json()["items"]
    descending = client.get("/api/events", params={"sort": "-goldstein"}).json()["items"]
    scores = [item["goldstein"] for item in ascending]
    assert scores == sorted(scores)
    assert [item["goldstein"] for item in descending] == sorted(scores, reverse=True)


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        ({"since": "2024-13"}, "since"),
        ({"until": "May 2024"}, "until"),
        ({"since": "2024", "until": "2023"}, "after"),
        ({"dyad": "TUR"}, "two actor codes"),
    ],
)
def test_bad_parameters_get_400_with_the_reason(
    client: TestClient, params: dict[str, str], reason: str
) -> None:
    response = client.get("/api/events", params=params)
    assert response.status_code == 400
    assert reason in response.json()["detail"]


@pytest.mark.parametrize(
    "params",
    [{"limit": "-1"}, {"limit": "100000"}, {"sort": "sentence"}, {"cameo": "x1"}, {"offset": "a"}],
)
def test_out_of_range_parameters_get_422(client: TestClient, params: dict[str, str]) -> None:
    response = client.get("/api/events", params=params)
    assert response.status_code == 422
    assert response.json()["detail"]


@pytest.mark.parametrize(
    "hostile",
    ["TUR' OR '1'='1", "TUR'; DROP TABLE events; --", '" OR 1=1 --', "%", "_", "\\"],
)
def test_sql_in_filters_is_only_ever_a_value(client: TestClient, hostile: str) -> None:
    for name in ("actor", "type", "doc_id"):
        response = client.get("/api/events", params={name: hostile})
        assert response.status_code == 200
        assert response.json()["total"] == 0
    assert client.get("/api/events").json()["total"] == EVENT_COUNT


def test_event_detail_highlights_source_trigger_and_target(client: TestClient) -> None:
    body = client.get("/api/events/ev-hostile-1").json()
    sentence = body["event"]["sentence"]
    assert sentence == HOSTILE_TEXT
    marked = {h["role"]: sentence[h["start"] : h["end"]] for h in body["highlights"]}
    assert marked == {"source": "Ankara", "trigger": "praised", "target": "Baku"}
    assert body["document"]["source"] == "news/hostile.html"
    assert body["relations_available"] is False


def test_event_by_unique_prefix_and_unknown_event(client: TestClient) -> None:
    assert client.get("/api/events/ev-hos").json()["event"]["id"] == "ev-hostile-1"
    missing = client.get("/api/events/no-such-event")
    assert missing.status_code == 404
    assert "no-such-event" in missing.json()["detail"]


def test_timeline_gives_month_precision_as_the_whole_month(client: TestClient) -> None:
    body = client.get("/api/timeline", params={"actor": "KGZ"}).json()
    (visit,) = body["items"]
    assert (visit["precision"], visit["first"], visit["last"]) == (
        "month",
        "2023-06-01",
        "2023-06-30",
    )
    year = client.get("/api/timeline", params={"actor": "KAZ"}).json()["items"][0]
    assert (year["first"], year["last"]) == ("2022-01-01", "2022-12-31")


def test_timeline_says_when_it_is_cut(client: TestClient) -> None:
    body = client.get("/api/timeline", params={"actor": "TUR", "limit": 1}).json()
    assert body["total"] == 4
    assert body["truncated"] is True
    assert len(body["items"]) == 1


@pytest.mark.parametrize(
    "params", [{"limit": 3}, {"sort": "-goldstein", "actor": "KGZ"}, {"limit": 0}]
)
def test_an_events_page_has_exactly_the_shape_of_its_model(
    client: TestClient, params: dict[str, object]
) -> None:
    body = client.get("/api/events", params=params).json()
    assert EventPage.model_validate(body).model_dump(mode="json") == body


def test_a_timeline_has_exactly_the_shape_of_its_model(client: TestClient) -> None:
    body = client.get("/api/timeline", params={"since": "2020"}).json()
    assert body["items"]
    assert Timeline.model_validate(body).model_dump(mode="json") == body
