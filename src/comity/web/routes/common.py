"""Dependencies and response declarations the route modules share."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends

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
