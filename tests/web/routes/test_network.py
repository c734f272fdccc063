"""GET /api/network, /api/map/{code}, /api/geo and /api/regions."""

from __future__ import annotations

from fastapi.testclient import TestClient


def edges(body: dict) -> dict[tuple[str, str], int]:  # type: ignore[type-arg]
    return {(edge["source"], edge["target"]): edge["events"] for edge in body["edges"]}


def test_the_network_has_a_directed_edge_per_dyad(client: TestClient) -> None:
    body = client.get("/api/network").json()
    assert edges(body) == {
        ("TUR", "AZE"): 2, ("AZE", "TUR"): 1, ("KGZ", "TUR"): 1,
        ("KAZ", "UZB"): 1, ("UZB", "EU"): 1,
    }  # fmt: skip
    nodes = {node["code"]: node for node in body["nodes"]}
    assert nodes["TUR"]["events"] == 4
    assert nodes["KAZ"]["region"] == "Central Asia"
    assert body["events"] == 6
    assert body["truncated"] is False


def test_undirected_edges_sum_both_directions(client: TestClient) -> None:
    body = client.get("/api/network", params={"directed": "false"}).json()
    pair = next(e for e in body["edges"] if {e["source"], e["target"]} == {"TUR", "AZE"})
    assert pair["events"] == 3
    assert pair["plover"] == "AGREE"
    assert pair["goldstein_mean"] == round(19.4 / 3, 4)


def test_filter_by_date_type_and_size(client: TestClient) -> None:
    assert edges(client.get("/api/network", params={"since": "2024-05"}).json()) == {
        ("TUR", "AZE"): 1
    }
    assert set(edges(client.get("/api/network", params={"type": "CONSULT"}).json())) == {
        ("KGZ", "TUR")
    }
    assert set(edges(client.get("/api/network", params={"min_events": 2}).json())) == {
        ("TUR", "AZE")
    }
    capped = client.get("/api/network", params={"max_edges": 1}).json()
    assert len(capped["edges"]) == 1
    assert capped["truncated"] is True


def test_filter_by_region_touching_or_within(client: TestClient) -> None:
    touching = edges(client.get("/api/network", params={"region": "Central Asia"}).json())
    assert set(touching) == {("KGZ", "TUR"), ("KAZ", "UZB"), ("UZB", "EU")}
    within = edges(
        client.get("/api/network", params={"region": "central asia", "within": "true"}).json()
    )
    assert set(within) == {("KAZ", "UZB")}
    members = edges(client.get("/api/network", params={"region": "OTS", "within": "true"}).json())
    assert ("UZB", "EU") not in members
    assert ("TUR", "AZE") in members


def test_an_unknown_region_is_400(client: TestClient) -> None:
    response = client.get("/api/network", params={"region": "Atlantis"})
    assert response.status_code == 400
    assert "Atlantis" in response.json()["detail"]


def test_the_map_gives_a_states_partners(client: TestClient) -> None:
    body = client.get("/api/map/TUR").json()
    assert body["name"] == "Turkey"
    partners = {p["code"]: (p["events"], p["plover"]) for p in body["partners"]}
    assert partners == {"AZE": (3, "AGREE"), "KGZ": (1, "CONSULT")}
    assert client.get("/api/map/NOSUCH").status_code == 404


def test_geo_codes_match_the_atlas(client: TestClient) -> None:
    body = client.get("/api/geo").json()
    assert body["numeric"]["792"] == "TUR"
    assert body["numeric"]["031"] == "AZE"
    assert body["names"]["N. Cyprus"] == "TRNC"


def test_regions_are_m49_and_organisations(client: TestClient) -> None:
    regions = {region["code"]: region for region in client.get("/api/regions").json()}
    assert regions["M49:143"]["members"] == ["KAZ", "KGZ", "TJK", "TKM", "UZB"]
    assert regions["OTS"]["kind"] == "organisation"
    assert "TUR" in regions["OTS"]["members"]
