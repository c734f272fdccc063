"""Property tests of the whole API against its own OpenAPI schema (schemathesis).

Every operation is called with generated parameters (bounded: 25 examples each,
over the small hand-built database): no answer may be a 5xx, and each must match
the schema it is documented with (status code, content type, body). A request the
schema allows may still be refused with 400 and a reason (a 13th month, `since`
after `until`), so schemathesis' "valid data is accepted" check is left out.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from comity.kb import KnowledgeBase
from comity.store import open_store
from comity.web import WebSettings, create_app
from web.records import fill_with_claims

pytestmark = pytest.mark.slow

OPERATIONS = [
    ("GET", "/api/events"),
    ("GET", "/api/events/{event_id}"),
    ("GET", "/api/timeline"),
    ("GET", "/api/actors"),
    ("GET", "/api/actors/{code}"),
    ("GET", "/api/documents"),
    ("GET", "/api/documents/{doc_id}"),
    ("GET", "/api/dyads/{a}/{b}"),
    ("GET", "/api/network"),
    ("GET", "/api/map/{code}"),
    ("GET", "/api/geo"),
    ("GET", "/api/regions"),
    ("GET", "/api/stats"),
    ("GET", "/api/health"),
    ("GET", "/api/relations"),
    ("GET", "/api/relations/conflicts"),
]


@pytest.fixture(scope="module")
def api_schema(kb: KnowledgeBase) -> Iterator[schemathesis.BaseSchema]:
    with open_store(":memory:") as store:
        fill_with_claims(store)
        app = create_app(store, WebSettings(cache_entries=0), kb=kb)
        yield schemathesis.openapi.from_asgi("/openapi.json", app)


def test_every_operation_of_the_schema_is_tested(api_schema: schemathesis.BaseSchema) -> None:
    found = {
        (result.ok().method.upper(), result.ok().path) for result in api_schema.get_all_operations()
    }
    assert found == set(OPERATIONS)


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_operation_keeps_to_its_schema(
    api_schema: schemathesis.BaseSchema, method: str, path: str
) -> None:
    operation = api_schema[path][method]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=25,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def call(case: schemathesis.Case) -> None:
        case.call_and_validate(excluded_checks=[positive_data_acceptance])

    call()
