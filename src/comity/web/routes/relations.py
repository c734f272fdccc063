"""Relations: the lasting state between actors, with the sources for and against it.

Mounted only when comity.relations is present (see `app._add_relation_routes`).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query

from comity.models import RelationKind
from comity.web.evidence import relations_out
from comity.web.params import CODE_MAX
from comity.web.routes.common import BAD_REQUEST, Context, reads
from comity.web.schemas import RelationOut

router = APIRouter(tags=["relations"])


def _index(context: Context) -> Any:
    if context.relations is None:
        raise HTTPException(status_code=404, detail="this server has no relation index")
    return context.relations.index()


@router.get("/relations", response_model=list[RelationOut], responses=BAD_REQUEST)
@reads
def relations(
    context: Context,
    actor: Annotated[
        str | None, Query(max_length=CODE_MAX, description="relations naming this actor")
    ] = None,
    on: Annotated[date | None, Query(description="only relations holding on this day")] = None,
    kind: Annotated[RelationKind | None, Query(description="only this kind")] = None,
) -> list[RelationOut]:
    """Relation records, each with every supporting and contradicting source."""
    found = _index(context).relations(
        actor=actor.strip().upper() if actor else None, on=on, kind=kind
    )
    return relations_out(found)


@router.get("/relations/conflicts", response_model=list[RelationOut])
@reads
def conflicts(context: Context) -> list[RelationOut]:
    """Relation records that at least one source contradicts."""
    return relations_out(_index(context).conflicts())
