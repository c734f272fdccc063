"""Actors as the API shows them: names, kinds and roles from the knowledge base,
event counts and partners from the store.

A code the knowledge base does not know (a user's own actor, an unresolved
name kept by the coder) is still an actor: its name comes from the events.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from datetime import date

from comity.errors import NotFound
from comity.kb import KnowledgeBase
from comity.kb.folding import fold
from comity.kb.records import OrganisationRecord, PersonRecord
from comity.models import Entity, EntityKind
from comity.store import Store
from comity.store import aggregates as agg
from comity.store.tallies import DyadTally, dyads_of, partners_of, plover_counts
from comity.web.regions import Regions
from comity.web.schemas import (
    ActorDetail,
    ActorSummary,
    MemberOut,
    MembershipOut,
    OfficialOut,
    PartnerOut,
)

MAX_PARTNERS = 25


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


class ActorDirectory:
    """Looks actors up in the knowledge base first, then in the store."""

    def __init__(self, kb: KnowledgeBase, store: Store, regions: Regions) -> None:
        self._kb = kb
        self._store = store
        self._regions = regions
        self._officials = _officials_by_state(kb)
        self._memberships = _memberships_by_member(kb)
        self._folded = _folded_names(kb)

    def bound_to(self, store: Store) -> ActorDirectory:
        """This directory reading `store` (a read view), sharing everything else."""
        bound = copy.copy(self)
        bound._store = store
        return bound

    def name(self, code: str) -> str:
        entity = self._kb.get(code)
        if entity is not None:
            return entity.name
        stored = agg.stored_actor(self._store, code)
        return stored.name if stored is not None and stored.name else code

    def names(self, codes: Iterable[str]) -> dict[str, str]:
        """Names of many codes with one store query for those the KB lacks."""
        wanted = list(dict.fromkeys(codes))
        names = {code: entity.name for code in wanted if (entity := self._kb.get(code))}
        missing = [code for code in wanted if code not in names]
        stored = agg.entity_names(self._store, missing) if missing else {}
        return {code: names.get(code) or stored.get(code) or code for code in wanted}

    def kind(self, code: str) -> str | None:
        entity = self._kb.get(code)
        return entity.kind.value if entity is not None else None

    def known_code(self, value: str) -> str:
        """The code as stored or in the knowledge base (person codes are lower case)."""
        if value in self._kb or agg.stored_actor(self._store, value) is not None:
            return value
        return value.upper()

    def search(self, text: str, kind: EntityKind | None, limit: int) -> list[ActorSummary]:
        """Actors whose code or name contains `text`, most events first."""
        found: dict[str, Entity | None] = {e.code: e for e in self._kb_search(text, kind)}
        if kind is None:
            for stored in agg.stored_actors(self._store, text, limit=limit):
                found.setdefault(stored.code, None)
        counts = agg.actor_event_counts(self._store, codes=list(found)) if found else {}
        names = self.names(found)
        ranked = sorted(found, key=lambda code: (-counts.get(code, 0), names[code], code))
        return [self.summary(code, counts.get(code, 0), names[code]) for code in ranked[:limit]]

    def _kb_search(self, text: str, kind: EntityKind | None) -> list[Entity]:
        """`KnowledgeBase.search` over names folded once, not on every call."""
        needle = fold(text.strip())
        codes = dict.fromkeys(code for name, code in self._folded if needle in name)
        entities = (self._kb.get(code) for code in codes)
        return [e for e in entities if e is not None and (kind is None or e.kind is kind)]

    def top(self, limit: int) -> list[ActorSummary]:
        counts = agg.actor_event_counts(self._store)
        ranked = sorted(counts, key=lambda code: (-counts[code], code))[:limit]
        names = self.names(ranked)
        return [self.summary(code, counts[code], names[code]) for code in ranked]

    def summary(self, code: str, events: int, name: str | None = None) -> ActorSummary:
        return ActorSummary(
            code=code,
            name=name or self.name(code),
            kind=self.kind(code),
            events=events,
            in_kb=code in self._kb,
        )

    def detail(self, code: str) -> ActorDetail:
        """Everything known about one actor; NotFound when neither KB nor store has it."""
        entity = self._kb.get(code)
        tallies = agg.type_tallies(self._store, actor=code)
        events = sum(tally.events for tally in tallies)
        if entity is None and events == 0 and agg.stored_actor(self._store, code) is None:
            raise NotFound(f"no actor {code!r} in the knowledge base or the store")
        firsts = [tally.first_day for tally in tallies if tally.first_day is not None]
        lasts = [tally.last_day for tally in tallies if tally.last_day is not None]
        return ActorDetail(
            code=code,
            name=self.name(code),
            kind=self.kind(code),
            state=entity.state if entity is not None else None,
            sector=entity.sector if entity is not None else None,
            region=self._regions.region_of(code),
            in_kb=entity is not None,
            events=events,
            first_day=min(firsts) if firsts else None,
            last_day=max(lasts) if lasts else None,
            roles=list(entity.roles) if entity is not None else [],
            officials=self._officials.get(code, []),
            memberships=self._memberships.get(code, []),
            members=self._members(code),
            partners=self.partners(code, dyads_of(tallies))[:MAX_PARTNERS],
            plover=plover_counts(tallies),
        )

    def partners(self, code: str, dyads: Iterable[DyadTally]) -> list[PartnerOut]:
        """The actors `code` has dyads with, both directions summed, most events first."""
        partners = partners_of(code, dyads)
        names = self.names(partner.partner for partner in partners)
        return [
            PartnerOut(
                code=partner.partner,
                name=names[partner.partner],
                events=partner.events,
                goldstein_mean=partner.goldstein_mean,
                plover=partner.plover,
            )
            for partner in partners
        ]

    def _members(self, code: str) -> list[MemberOut]:
        record = self._kb.record(code) if code in self._kb else None
        if not isinstance(record, OrganisationRecord):
            return []
        return [
            MemberOut(
                code=member.code,
                name=self.name(member.code),
                status=member.status,
                start=_iso(member.start),
                end=_iso(member.end),
            )
            for member in record.members
        ]


def _folded_names(kb: KnowledgeBase) -> list[tuple[str, str]]:
    """(folded name, entity code) for every code, name and alias of the knowledge base."""
    names = [(fold(entity.code), entity.code) for entity in kb.entities()]
    names += [(fold(entity.name), entity.code) for entity in kb.entities()]
    names += [(fold(alias.text), alias.entity or alias.code) for alias in kb.aliases()]
    return names


def _officials_by_state(kb: KnowledgeBase) -> dict[str, list[OfficialOut]]:
    officials: dict[str, list[OfficialOut]] = {}
    for entity in kb.entities(EntityKind.PERSON):
        record = kb.record(entity.code)
        if not isinstance(record, PersonRecord):
            continue
        for role in record.roles:
            officials.setdefault(role.state, []).append(
                OfficialOut(
                    code=record.code,
                    name=record.name,
                    office=role.office,
                    sector=role.sector,
                    start=_iso(role.start),
                    end=_iso(role.end),
                )
            )
    for people in officials.values():
        people.sort(key=lambda official: official.start or "", reverse=True)
    return officials


def _memberships_by_member(kb: KnowledgeBase) -> dict[str, list[MembershipOut]]:
    memberships: dict[str, list[MembershipOut]] = {}
    for entity in kb.entities(EntityKind.ORGANISATION):
        record = kb.record(entity.code)
        if not isinstance(record, OrganisationRecord):
            continue
        for member in record.members:
            memberships.setdefault(member.code, []).append(
                MembershipOut(
                    organisation=record.code,
                    name=record.name,
                    status=member.status,
                    start=_iso(member.start),
                    end=_iso(member.end),
                )
            )
    return memberships
