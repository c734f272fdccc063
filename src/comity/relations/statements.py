"""Relation claims from stative sentences, which state a relation without an event.

"Turkey is a member of NATO", "the Embassy of the Kyrgyz Republic was opened in
Ankara", "the Treaty on Eternal Friendship and Cooperation between the Kyrgyz
Republic and the Republic of Turkey of October 24, 1997", "the allied status of
Uzbekistan and Azerbaijan", "while not yet establishing formal diplomatic
representation". The patterns work on the sentence's resolved names and the words
between them; the cue words are data (`rules.toml`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from comity.kb import KnowledgeBase
from comity.models import Claim, ClaimBasis, EntityKind, RelationKind, TimeExpr
from comity.relations.context import SentenceActor, SentenceContext, mission_key
from comity.relations.objects import Found, find_instruments, generic_instrument_nouns
from comity.relations.rules import RelationRules

STATEMENT_CONFIDENCE = 0.7
_INFERRED_CONFIDENCE = 0.5  # membership seen only through taking part in a meeting

_PAIR_JOINER = re.compile(r"^\s*(?:,|and|&)\s*(?:the\s+)?$", re.IGNORECASE)
_LIST_JOINER = re.compile(r"^\s*(?:,\s*(?:and\s+)?|and\s+)(?:the\s+)?$", re.IGNORECASE)
_HOST_LEAD = re.compile(r"(?:\bin|\bto|\bat)\s+(?:the\s+)?$", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r";|\s(?:and|while|but|whereas)\s(?=\s*(?:in|on|at|since|the|a)\b)")
_ACCESSION = re.compile(
    r"^\s*(?:['’]s?\s+)?(?:accession\s+to|joining|joined|accedes?\s+to|acceded\s+to|"
    r"signing\s+of|signed|ratif\w+)\s+(?:the\s+)?[\w\s-]{0,20}?$",
    re.IGNORECASE,
)


class StatementReader:
    """Finds the relations a sentence states outright."""

    def __init__(self, rules: RelationRules, kb: KnowledgeBase) -> None:
        self.rules = rules
        self.cues = rules.statements
        self.kb = kb

    def claims(self, context: SentenceContext) -> Iterator[Claim]:
        yield from self._memberships(context)
        yield from self._missions(context)
        yield from self._treaties(context)
        yield from self._alliances(context)
        yield from self._diplomatic_relations(context)

    # -- membership ------------------------------------------------------------

    def _memberships(self, context: SentenceContext) -> Iterator[Claim]:
        stated = False
        for organisation in self._organisations(context):
            for member, negated in self._stated_members(context, organisation):
                stated = True
                yield self._membership(context, member.code, organisation, negated)
        if not stated:
            yield from self._members_by_participation(context)

    def _stated_members(
        self, context: SentenceContext, organisation: SentenceActor
    ) -> Iterator[tuple[SentenceActor, bool]]:
        before = [actor for actor in context.actors if actor.end <= organisation.start]
        if not before:
            return
        last = before[-1]
        match = self.cues.membership.match(context.text[last.end : organisation.start])
        if match is None or self._is_organisation(last):
            return
        negated = bool(match.group("neg"))
        yield last, negated
        for actor in reversed(before[:-1]):  # "Kazakhstan, Uzbekistan and Turkey are members of"
            if not _LIST_JOINER.match(context.text[actor.end : last.start]):
                break
            yield actor, negated
            last = actor

    def _members_by_participation(self, context: SentenceContext) -> Iterator[Claim]:
        organisations = self._organisations(context)
        for cue in self.cues.participation.finditer(context.text):
            participant = self._subject_before(context, cue.start())
            if participant is None:
                continue
            for organisation in organisations:
                if participant.code in self.kb.members_of(organisation.code, context.day):
                    yield self._membership(
                        context, participant.code, organisation, False, _INFERRED_CONFIDENCE
                    )

    def _membership(
        self,
        context: SentenceContext,
        member: str,
        organisation: SentenceActor,
        negated: bool,
        confidence: float = STATEMENT_CONFIDENCE,
    ) -> Claim:
        entity = self.kb.get(organisation.code)
        return context.claim(
            RelationKind.MEMBERSHIP,
            member,
            organisation.code,
            basis=ClaimBasis.STATEMENT,
            confidence=confidence,
            object=entity.name if entity else organisation.code,
            object_key=organisation.code,
            negated=negated,
        )

    # -- embassies and consulates ---------------------------------------------

    def _missions(self, context: SentenceContext) -> Iterator[Claim]:
        for actor in context.actors:
            kind = _mission_kind(actor)
            if kind is None:
                continue
            clause_start, clause_end = _clause_around(context.text, actor.start)
            host = self._host(context, actor, clause_start, clause_end)
            if host is None or host.code == actor.code:
                continue
            clause = context.text[clause_start:clause_end]
            since = until = None
            if self.cues.ended.search(clause):
                until = self._date_in_clause(context, actor, clause_start, clause_end)
            elif self.cues.established.search(clause):
                since = self._date_in_clause(context, actor, clause_start, clause_end)
            yield context.claim(
                kind,
                actor.code,
                host.code,
                basis=ClaimBasis.STATEMENT,
                confidence=STATEMENT_CONFIDENCE,
                object=f"{_mission_name(kind)} of {self._name(actor.code)} in {host.mention.text}",
                object_key=mission_key(kind, actor.code, host.code),
                since=since,
                until=until,
            )

    def _host(
        self, context: SentenceContext, mission: SentenceActor, start: int, end: int
    ) -> SentenceActor | None:
        """The state a mission is in: the place or state named with "in" in its clause."""
        for candidate in sorted(
            (*context.places, *context.actors), key=lambda item: abs(item.start - mission.start)
        ):
            if candidate is mission or not start <= candidate.start < end:
                continue
            if _HOST_LEAD.search(context.text[max(start, candidate.start - 12) : candidate.start]):
                return candidate
        return None

    def _date_in_clause(
        self, context: SentenceContext, anchor: SentenceActor, start: int, end: int
    ) -> str | None:
        expr = context.date_near(
            anchor.start, anchor.end, before=anchor.start - start, after=end - anchor.end
        )
        return expr.value if expr else None

    # -- treaties --------------------------------------------------------------

    def _treaties(self, context: SentenceContext) -> Iterator[Claim]:
        instruments = find_instruments(context.text, self.rules)
        for instrument in instruments:
            pair = self._pair_after(context, instrument.end, limit=60)
            if pair is not None:
                date = context.date_near(instrument.end, before=0, after=120)
                yield self._treaty(context, pair[0].code, pair[1].code, instrument, date)
            elif (party := self._acceding_party(context, instrument)) is not None:
                yield self._treaty(context, party.code, None, instrument, None)
        if instruments:
            for start, end in generic_instrument_nouns(context.text):
                referent = [item for item in instruments if item.end <= start]
                pair = self._pair_after(context, end, limit=15)
                if referent and pair is not None:
                    yield self._treaty(context, pair[0].code, pair[1].code, referent[-1], None)

    def _treaty(
        self,
        context: SentenceContext,
        a: str,
        b: str | None,
        instrument: Found,
        date: TimeExpr | None,
    ) -> Claim:
        return context.claim(
            RelationKind.TREATY,
            a,
            b,
            basis=ClaimBasis.STATEMENT,
            confidence=STATEMENT_CONFIDENCE,
            object=instrument.name,
            object_key=instrument.key,
            since=date.value if date else None,
        )

    def _acceding_party(self, context: SentenceContext, instrument: Found) -> SentenceActor | None:
        before = [actor for actor in context.actors if actor.end <= instrument.start]
        if before and _ACCESSION.match(context.text[before[-1].end : instrument.start]):
            return before[-1]
        return None

    # -- alliances and diplomatic relations -----------------------------------

    def _alliances(self, context: SentenceContext) -> Iterator[Claim]:
        for cue in self.cues.alliance.finditer(context.text):
            pair = self._pair_after(context, cue.end(), limit=12)
            if pair is None:
                continue
            date = context.date_near(cue.start(), before=200, after=200) if context.events else None
            yield context.claim(
                RelationKind.ALLIANCE,
                pair[0].code,
                pair[1].code,
                basis=ClaimBasis.STATEMENT,
                confidence=STATEMENT_CONFIDENCE,
                object=cue.group(0),
                since=date.value if date else None,
            )

    def _diplomatic_relations(self, context: SentenceContext) -> Iterator[Claim]:
        for cue in self.cues.diplomatic.finditer(context.text):
            window = context.text[max(0, cue.start() - self.cues.negation_window) : cue.start()]
            negated = bool(self.cues.negations.search(window))
            pair = self._pair_after(context, cue.end(), limit=12)
            if pair is not None:
                a, b = pair[0].code, pair[1].code
            elif negated and (single := self._subject_before(context, cue.start())) is not None:
                a, b = single.code, None
            else:
                continue
            since = until = None
            date = context.date_near(cue.end(), before=120, after=120)
            if date is not None and self.cues.ended.search(context.text):
                until = date.value
            elif date is not None and self.cues.established.search(context.text):
                since = date.value
            yield context.claim(
                RelationKind.DIPLOMATIC_RELATIONS,
                a,
                b,
                basis=ClaimBasis.STATEMENT,
                confidence=STATEMENT_CONFIDENCE,
                object=cue.group(0),
                since=since,
                until=until,
                negated=negated,
            )

    def _subject_before(self, context: SentenceContext, position: int) -> SentenceActor | None:
        before = [actor for actor in context.actors if actor.end <= position]
        states = [actor for actor in before if not self._is_organisation(actor)]
        return states[-1] if states else None

    # -- shared ----------------------------------------------------------------

    def _pair_after(
        self, context: SentenceContext, position: int, *, limit: int
    ) -> tuple[SentenceActor, SentenceActor] | None:
        """The two parties of "between X and Y" / "of X and Y" starting near `position`."""
        after = [actor for actor in context.actors if actor.start >= position]
        if len(after) < 2:
            return None
        first, second = after[0], after[1]
        lead = context.text[position : first.start]
        words = lead.lower().split()
        if first.start - position > limit or not words or words[0] not in self.cues.pair_words:
            return None
        if not _PAIR_JOINER.match(context.text[first.end : second.start]):
            return None
        if first.code == second.code:
            return None
        return first, second

    def _organisations(self, context: SentenceContext) -> list[SentenceActor]:
        return [actor for actor in context.actors if self._is_organisation(actor)]

    def _is_organisation(self, actor: SentenceActor) -> bool:
        entity = self.kb.get(actor.code)
        return entity is not None and entity.kind is EntityKind.ORGANISATION

    def _name(self, code: str) -> str:
        entity = self.kb.get(code)
        return entity.name if entity else code


def _mission_kind(actor: SentenceActor) -> RelationKind | None:
    if actor.mention.kind is not EntityKind.INSTITUTION:
        return None
    text = actor.mention.text.lower()
    if "embass" in text:
        return RelationKind.EMBASSY
    if "consul" in text:
        return RelationKind.CONSULATE
    return None


def _mission_name(kind: RelationKind) -> str:
    return "Embassy" if kind is RelationKind.EMBASSY else "Consulate"


def _clause_around(text: str, position: int) -> tuple[int, int]:
    start, end = 0, len(text)
    for match in _CLAUSE_BREAK.finditer(text):
        if match.end() <= position:
            start = match.end()
        elif match.start() >= position:
            end = match.start()
            break
    return start, end
