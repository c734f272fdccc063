"""Dependencies and response declarations the route modules share."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import Depends, Response
from pydantic import BaseModel

from comity.store import EventFilters
from comity.web.context import ExplorerContext, get_context, read_context
from comity.web.params import event_filters
from comity.web.schemas import ErrorOut

Context = Annotated[ExplorerContext, Depends(read_context)]  # reads in one session
WritingContext = Annotated[ExplorerContext, Depends(get_context)]
Filters = Annotated[EventFilters, Depends(event_filters)]

BAD_REQUEST: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "a parameter is malformed; `detail` says which"}
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "no such record"}
}


def json_answer(model: BaseModel) -> Response:
    """`model` as the JSON response, serialized once.

    Given a model, FastAPI validates it again against the route's `response_model`
    (field by field, from its attributes) in one more thread hop, which cost as much
    as building a long answer. The models are validated when built, so routes return
    them through here and keep `response_model` for the schema.
    """
    return Response(model.model_dump_json(), media_type="application/json")


def json_data(data: dict[str, Any]) -> Response:
    """`data` (already in the shape of the route's `response_model`) as the JSON response.

    For the long answers (event pages, timelines) built as plain dicts from rows:
    making models of thousands of rows only to dump them again cost more than the
    query. Their shape is checked against the models by the tests.
    """
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return Response(body.encode("utf-8"), media_type="application/json")
