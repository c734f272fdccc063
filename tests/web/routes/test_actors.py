"""GET /api/actors (search) and /api/actors/{code} (detail with knowledge-base roles)."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_search_finds_by_name_and_ranks_actors_with_events_first(client: TestClient) -> None:
    body = client.get("/api/actors", params={"q": "turk"}).json()
    assert body["items"][0]["code"] == "TUR"
    assert body["items"][0]["events"] == 4
    assert all("turk" in item["name"].lower() or item["in_kb"] for item in body["items"])


def test_search_by_kind_keeps_only_that_kind(client: TestClient) -> None:
    body = client.get("/api/actors", params={"q": "kyrgyz", "kind": "institution"}).json()
    assert body["items"]
    assert {item["kind"] for item in body["items"]} == {"institution"}


def test_without_a_query_the_most_active_actors_come_back(client: TestClient) -> None:
    items = client.get("/api/actors", params={"limit": 2}).json()["items"]
    assert [item["code"] for item in items] == ["TUR", "AZE"]


def test_a_state_lists_its_officials_memberships_and_partners(client: TestClient) -> None:
    body = client.get("/api/actors/kgz").json()
    assert body["code"] == "KGZ"
    assert body["kind"] == "state"
    assert body["region"] == "Central Asia"
    assert body["events"] == 1
    assert (body["first_day"], body["last_day"]) == ("2023-06-01", "2023-06-30")
    assert "OTS" in {m["organisation"] for m in body["memberships"]}
    assert body["officials"]  # presidents, ministers ... from the knowledge base
    assert body["partners"] == [
        {"code": "TUR", "name": "Turkey", "events": 1, "goldstein_mean": 2.8, "plover": "CONSULT"}
    ]
    assert body["plover"] == {"CONSULT": 1}


def test_an_organisation_lists_its_members(client: TestClient) -> None:
    body = client.get("/api/actors/OTS").json()
    assert {"AZE", "KAZ", "KGZ", "TUR", "UZB"} <= {m["code"] for m in body["members"]}
    assert body["events"] == 0


def test_a_person_lists_the_offices_held(client: TestClient) -> None:
    person = client.get("/api/actors", params={"q": "erdogan", "kind": "person"}).json()
    code = person["items"][0]["code"]
    body = client.get(f"/api/actors/{code}").json()
    assert body["kind"] == "person"
    assert any(role["state"] == "TUR" for role in body["roles"])


def test_an_unknown_actor_is_404_with_a_reason(client: TestClient) -> None:
    response = client.get("/api/actors/NOSUCHACTOR")
    assert response.status_code == 404
    assert "NOSUCHACTOR" in response.json()["detail"]
