"""Actors: search by code or name, and one actor's detail with its roles."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from comity.models import EntityKind
from comity.web.params import CODE_MAX, actor_code
from comity.web.routes.common import BAD_REQUEST, NOT_FOUND, Context, json_answer, reads
from comity.web.schemas import ActorDetail, ActorPage

router = APIRouter(tags=["actors"])


@router.get("/actors", response_model=ActorPage)
@reads
def search_actors(
    context: Context,
    q: Annotated[str, Query(max_length=100, description="text in the code or a name")] = "",
    kind: Annotated[EntityKind | None, Query(description="only this kind of entity")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Response:
    """Actors of the knowledge base and the store; with no `q`, the most active ones."""
    if not q.strip() and kind is None:
        items = context.actors.top(limit)
    else:
        items = context.actors.search(q, kind, limit)
    return json_answer(ActorPage(total=len(items), items=items))


@router.get("/actors/{code}", response_model=ActorDetail, responses={**NOT_FOUND, **BAD_REQUEST})
@reads
def actor_detail(
    context: Context, code: Annotated[str, Path(min_length=1, max_length=CODE_MAX)]
) -> Response:
    """One actor: name, kind, offices held (people), officials (states), memberships,
    members (organisations), partners and event types."""
    return json_answer(context.actors.detail(context.actors.known_code(actor_code(code))))
