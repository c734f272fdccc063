"""Views: a page's total is known without counting when the page shows the end."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from comity.web.views import page_total
from web.records import EVENT_COUNT


def never_counted() -> int:
    raise AssertionError("counted although the page showed the total")


@pytest.mark.parametrize(
    ("shown", "limit", "offset", "total"),
    [(0, 50, 0, 0), (3, 50, 0, 3), (3, 50, 10, 13), (49, 50, 100, 149)],
)
def test_a_page_that_is_not_full_gives_the_total(
    shown: int, limit: int, offset: int, total: int
) -> None:
    assert page_total(shown, limit, offset, never_counted) == total


@pytest.mark.parametrize(("shown", "limit", "offset"), [(50, 50, 0), (0, 50, 10), (0, 0, 0)])
def test_a_full_or_empty_later_page_is_counted(shown: int, limit: int, offset: int) -> None:
    assert page_total(shown, limit, offset, lambda: 1234) == 1234


@pytest.mark.parametrize(("limit", "offset"), [(2, 0), (2, 2), (2, 4), (3, 5), (50, 0), (2, 50)])
def test_every_page_of_events_tells_the_same_total(
    client: TestClient, limit: int, offset: int
) -> None:
    body = client.get("/api/events", params={"limit": limit, "offset": offset}).json()
    assert body["total"] == EVENT_COUNT
    assert len(body["items"]) == max(0, min(limit, EVENT_COUNT - offset))
