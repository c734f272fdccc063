"""GET /api/documents and /api/documents/{id}: text as stored, event spans in it."""

from __future__ import annotations

from fastapi.testclient import TestClient

from comity.models import Document, Event, Mention
from web.records import HOSTILE


def test_documents_list_with_their_event_counts(client: TestClient) -> None:
    body = client.get("/api/documents").json()
    assert body["total"] == 5
    counts = {item["source"]: item["events"] for item in body["items"]}
    assert counts["news/summit.txt"] == 2
    assert counts["news/hostile.html"] == 1


def test_a_document_marks_each_event_span_in_its_text(
    client: TestClient, documents: dict[Document, tuple[list[Mention], list[Event]]]
) -> None:
    body = client.get(f"/api/documents/{HOSTILE.id}").json()
    assert body["text"] == HOSTILE.text  # returned as data, never escaped or cleaned
    (span,) = body["events"]
    assert body["text"][span["trigger_start"] : span["trigger_end"]] == "praised"
    assert (span["span_start"], span["span_end"]) == (0, len(HOSTILE.text))


def test_an_unknown_document_is_404(client: TestClient) -> None:
    response = client.get("/api/documents/0000000000")
    assert response.status_code == 404
    assert response.json()["detail"]
