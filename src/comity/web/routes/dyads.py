"""A dyad: the events between two actors, their trend, and the relation state."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from comity.store import EventFilters
from comity.store import aggregates as agg
from comity.store.tallies import dyads_of, plover_counts
from comity.web.evidence import relations_out
from comity.web.params import CODE_MAX, PloverParam, Since, Until, actor_code, check_period
from comity.web.routes.common import BAD_REQUEST, Context, json_answer, reads
from comity.web.schemas import Dyad
from comity.web.views import build_timeline, edge_out, month_out

router = APIRouter(tags=["dyads"])

Code = Annotated[str, Path(min_length=1, max_length=CODE_MAX)]


@router.get("/dyads/{a}/{b}", response_model=Dyad, responses=BAD_REQUEST)
@reads
def dyad(
    context: Context,
    a: Code,
    b: Code,
    since: Since = None,
    until: Until = None,
    plover: PloverParam = None,
    limit: Annotated[int, Query(ge=1, le=5000, description="timeline events at most")] = 500,
) -> Response:
    """Events between `a` and `b` either way: per direction, by type, per month
    (count and mean Goldstein), the timeline, and the relations between them."""
    check_period(since, until)
    first = context.actors.known_code(actor_code(a))
    second = context.actors.known_code(actor_code(b))
    filters = EventFilters(dyad=(first, second), since=since, until=until, plover=plover)
    tallies = agg.type_tallies(context.store, **filters)
    directions = dyads_of(tallies)
    total = sum(tally.events for tally in directions)
    goldstein = sum(t.goldstein_sum for t in directions) / total if total else None
    names = context.actors.names([first, second])
    return json_answer(
        Dyad(
            a=first,
            b=second,
            a_name=names[first],
            b_name=names[second],
            events=total,
            goldstein_mean=round(goldstein, 4) if goldstein is not None else None,
            directions=[edge_out(tally) for tally in directions],
            plover=plover_counts(tallies),
            trend=[month_out(month) for month in agg.monthly_trend(context.store, **filters)],
            timeline=build_timeline(context.store, filters, limit, total=total),
            relations_available=context.relations is not None,
            relations=relations_out(context.relations.index().dyad(first, second))
            if context.relations is not None
            else [],
        )
    )
