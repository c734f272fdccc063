"""Relations in the API: /api/relations, /api/relations/conflicts, and the relation
state in dyads and event details, with corroborating and contradicting sources."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from comity.kb import KnowledgeBase
from comity.store import open_store
from comity.web import WebSettings, create_app
from web.records import fill_with_claims


@pytest.fixture
def relations_client(kb: KnowledgeBase) -> Iterator[TestClient]:
    with open_store(":memory:") as store:
        fill_with_claims(store)
        app = create_app(store, WebSettings(cache_entries=0), kb=kb)
        with TestClient(app) as client:
            yield client


def stances(relation: dict) -> dict[str, str]:  # type: ignore[type-arg]
    return {source["source"]: source["stance"] for source in relation["sources"]}


def test_relations_list_every_source_with_its_stance(relations_client: TestClient) -> None:
    (relation,) = relations_client.get("/api/relations", params={"actor": "aze"}).json()
    assert (relation["a"], relation["b"], relation["kind"]) == ("TUR", "AZE", "alliance")
    assert relation["since"] == "2024-03-12"
    assert stances(relation) == {
        "news/summit.txt": "supports",
        "news/hostile.html": "contradicts",
    }


def test_relations_filter_by_kind_and_day(relations_client: TestClient) -> None:
    assert relations_client.get("/api/relations", params={"kind": "embassy"}).json() == []
    before = relations_client.get("/api/relations", params={"on": "2020-01-01"}).json()
    assert before == []
    assert relations_client.get("/api/relations", params={"kind": "treaty-ish"}).status_code == 422


def test_conflicts_are_the_contradicted_relations(relations_client: TestClient) -> None:
    (conflict,) = relations_client.get("/api/relations/conflicts").json()
    assert "contradicts" in stances(conflict).values()


def test_a_dyad_carries_its_relation_state(relations_client: TestClient) -> None:
    body = relations_client.get("/api/dyads/AZE/TUR").json()
    assert body["relations_available"] is True
    assert [relation["kind"] for relation in body["relations"]] == ["alliance"]


@pytest.mark.parametrize(
    ("event_id", "stance"), [("ev-summit-1", "supports"), ("ev-hostile-1", "contradicts")]
)
def test_an_event_shows_the_relations_its_sentence_bears_on(
    relations_client: TestClient, event_id: str, stance: str
) -> None:
    body = relations_client.get(f"/api/events/{event_id}").json()
    assert body["relations_available"] is True
    (evidence,) = body["evidence"]
    assert evidence["stance"] == stance
    assert len(evidence["relation"]["sources"]) == 2


def test_an_event_no_relation_cites_has_no_evidence(relations_client: TestClient) -> None:
    assert relations_client.get("/api/events/ev-visit-1").json()["evidence"] == []


def test_without_the_index_the_relation_routes_are_absent(client: TestClient) -> None:
    assert client.get("/api/relations").status_code == 404
    assert "/api/relations" not in client.get("/openapi.json").json()["paths"]
