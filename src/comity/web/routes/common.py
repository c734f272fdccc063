"""Dependencies and response declarations the route modules share."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Response
from pydantic import BaseModel

from comity.store import EventFilters
from comity.web.context import ExplorerContext, get_context
from comity.web.params import event_filters
from comity.web.schemas import ErrorOut

Context = Annotated[ExplorerContext, Depends(get_context)]
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
