"""What the exports need to know about an actor code beyond the event itself.

Formats such as GDELT and ICEWS want an actor's country and a place's country
name; comity's events carry codes only, so the writers take a lookup from code
to `Entity` (usually `KnowledgeBase.get`). Without one those cells stay empty.
"""

from __future__ import annotations

from collections.abc import Callable

import pycountry

from comity.models import Entity, EntityKind

EntityLookup = Callable[[str], Entity | None]


def no_lookup(code: str) -> Entity | None:
    """The lookup used when none is given: nothing is known about any code."""
    return None


def country_of(code: str | None, lookup: EntityLookup) -> str | None:
    """The ISO3 of the state an actor is or belongs to; None when not known."""
    if code is None:
        return None
    entity = lookup(code)
    if entity is None:
        return None
    if entity.kind is EntityKind.STATE:
        return entity.code
    return entity.state


def country_name(iso3: str | None, lookup: EntityLookup) -> str | None:
    """The English name of a country by ISO3: the knowledge base's, else ISO 3166's."""
    if iso3 is None:
        return None
    entity = lookup(iso3)
    if entity is not None:
        return entity.name
    country = pycountry.countries.get(alpha_3=iso3)
    return str(country.name) if country is not None else None
