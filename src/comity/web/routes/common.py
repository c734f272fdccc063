"""Dependencies and response declarations the route modules share."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, ParamSpec, TypeVar

from fastapi import Depends, Response
from pydantic import BaseModel
from pydantic_core import to_json
from starlette.concurrency import run_in_threadpool

from comity.store import EventFilters
from comity.web.context import ExplorerContext, get_context
from comity.web.params import event_filters
from comity.web.schemas import ErrorOut

Context = Annotated[ExplorerContext, Depends(get_context)]  # `reads` gives it a read session
WritingContext = Annotated[ExplorerContext, Depends(get_context)]
Filters = Annotated[EventFilters, Depends(event_filters)]
P = ParamSpec("P")
R = TypeVar("R")

BAD_REQUEST: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "a parameter is malformed; `detail` says which"}
}
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorOut, "description": "no such record"}
}


def reads(handler: Callable[P, R]) -> Callable[P, Awaitable[R]]:
    """A read-only route `handler`, a plain function taking `context`, as the async
    endpoint FastAPI calls. All its reads share one read session (one connection,
    one snapshot), ended when it returns. It runs right on the event loop when the
    context reads inline (SQLite), else in a worker thread (see `web/context.py`).
    """

    @functools.wraps(handler)
    async def endpoint(*args: P.args, **kwargs: P.kwargs) -> R:
        context = kwargs["context"]
        if isinstance(context, ExplorerContext) and context.reads_inline:
            return _in_read_session(handler, args, kwargs)
        return await run_in_threadpool(_in_read_session, handler, args, kwargs)

    return endpoint


def _in_read_session(handler: Callable[..., R], args: Any, kwargs: dict[str, Any]) -> R:
    context: ExplorerContext = kwargs["context"]
    with context.read_session() as bound:
        return handler(*args, **{**kwargs, "context": bound})


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
    query. Their shape is checked against the models by the tests. Written by
    pydantic's serializer, as the models are (a third of the time `json.dumps` took).
    """
    return Response(to_json(data, inf_nan_mode="null"), media_type="application/json")
