"""The actor network, the map's view of one state, regions and map codes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query, Response

from comity.errors import NotFound
from comity.store import EventFilters
from comity.store import aggregates as agg
from comity.store.tallies import DyadTally, actor_counts, dyads_of, undirected
from comity.web.params import CODE_MAX, PloverParam, Since, Until, actor_code, check_period
from comity.web.regions import Region, atlas_names, numeric_codes
from comity.web.routes.common import BAD_REQUEST, NOT_FOUND, Context, json_answer, reads
from comity.web.schemas import GeoCodes, MapView, Network, NodeOut, RegionOut
from comity.web.views import edge_out

router = APIRouter(tags=["network"])

MAX_EDGES = 20_000


@router.get("/network", response_model=Network, responses=BAD_REQUEST)
@reads
def network(
    context: Context,
    since: Since = None,
    until: Until = None,
    plover: PloverParam = None,
    region: Annotated[
        str | None,
        Query(max_length=100, description="an M49 region name or an organisation code (OTS)"),
    ] = None,
    within: Annotated[
        bool, Query(description="with a region: only dyads with both actors in it")
    ] = False,
    actor: Annotated[
        str | None, Query(max_length=CODE_MAX, description="only this actor's dyads")
    ] = None,
    directed: Annotated[
        bool, Query(description="false: one edge per pair of actors, both directions summed")
    ] = True,
    min_events: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    max_edges: Annotated[int, Query(ge=1, le=MAX_EDGES)] = 5000,
) -> Response:
    """Actors as nodes, directed dyads as edges (events, mean Goldstein, main type)."""
    check_period(since, until)
    filters = EventFilters(
        since=since, until=until, plover=plover, actor=actor.strip().upper() if actor else None
    )
    types = agg.type_tallies(context.store, **filters)
    tallies = dyads_of(types)
    if not directed:
        tallies = undirected(tallies)
    tallies = [tally for tally in tallies if tally.events >= min_events]
    if region is not None:
        chosen = _region(context, region)
        tallies = [t for t in tallies if _in_region(context, chosen, t, within=within)]
    kept = tallies[:max_edges]
    codes = list(dict.fromkeys(code for t in kept for code in (t.source, t.target)))
    counts = actor_counts(types)
    names = context.actors.names(codes)
    nodes = [
        NodeOut(
            code=code,
            name=names[code],
            kind=context.actors.kind(code),
            region=context.regions.region_of(code),
            events=counts.get(code, 0),
        )
        for code in codes
    ]
    return json_answer(
        Network(
            nodes=nodes,
            edges=[edge_out(tally) for tally in kept],
            events=sum(tally.events for tally in kept),
            truncated=len(kept) < len(tallies),
        )
    )


def _region(context: Context, key: str) -> Region:
    try:
        return context.regions.resolve(key)
    except NotFound as error:
        raise HTTPException(status_code=400, detail=str(error)) from error


def _in_region(context: Context, region: Region, tally: DyadTally, *, within: bool) -> bool:
    inside = [context.regions.contains(region, code) for code in (tally.source, tally.target)]
    return all(inside) if within else any(inside)


@router.get("/map/{code}", response_model=MapView, responses={**NOT_FOUND, **BAD_REQUEST})
@reads
def map_view(
    context: Context,
    code: Annotated[str, Path(min_length=1, max_length=CODE_MAX)],
    since: Since = None,
    until: Until = None,
    plover: PloverParam = None,
) -> Response:
    """One actor's partners (both directions together), for colouring the world map."""
    check_period(since, until)
    chosen = context.actors.known_code(actor_code(code))
    filters = EventFilters(actor=chosen, since=since, until=until, plover=plover)
    partners = context.actors.partners(chosen, agg.dyad_tallies(context.store, **filters))
    if not partners and chosen not in context.kb:
        raise HTTPException(status_code=404, detail=f"no actor {chosen!r} with events")
    return json_answer(MapView(code=chosen, name=context.actors.name(chosen), partners=partners))


@router.get("/geo", response_model=GeoCodes)
@reads
def geo_codes(context: Context) -> GeoCodes:
    """How the bundled world map's features match comity's state codes."""
    return GeoCodes(numeric=numeric_codes(context.kb), names=atlas_names())


@router.get("/regions", response_model=list[RegionOut])
@reads
def regions(context: Context) -> list[RegionOut]:
    """Regions the network can be filtered by: M49 regions, then organisations."""
    named = [
        RegionOut(code=r.code, name=r.name, kind="m49", members=sorted(r.members))
        for r in context.regions.named()
    ]
    organisations = [
        RegionOut(
            code=entity.code,
            name=entity.name,
            kind="organisation",
            members=context.kb.members_of(entity.code),
        )
        for entity in context.regions.organisations()
    ]
    return named + organisations
