"""Statistics of the store, and the server's health."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from comity.store import aggregates as agg
from comity.web.routes.common import Context, json_answer, reads
from comity.web.schemas import Health, Stats

router = APIRouter(tags=["statistics"])


@router.get("/stats", response_model=Stats)
@reads
def stats(
    context: Context, top: Annotated[int, Query(ge=0, le=100, description="top actors")] = 10
) -> Response:
    """Row counts, the dated span, events by PLOVER type, year and mode, the top actors."""
    counts = context.store.stats()
    first_day, last_day = agg.date_span(context.store)
    return json_answer(
        Stats(
            documents=counts["documents"],
            events=counts["events"],
            entities=counts["entities"],
            runs=counts["runs"],
            first_day=first_day,
            last_day=last_day,
            by_plover=agg.counts_by(context.store, "plover"),
            by_year=agg.counts_by(context.store, "year"),
            by_mode=agg.counts_by(context.store, "mode"),
            top_actors=context.actors.top(top),
        )
    )


@router.get("/health", response_model=Health)
@reads
def health(context: Context) -> Health:
    """Whether the server is up, which database it reads, what it offers."""
    return Health(
        status="ok",
        database=context.store.url,
        explorer_built=context.explorer_built,
        ingest=context.settings.allow_ingest,
        relations=context.relations is not None,
    )
