"""Relation claims in the order relations are merged and listed (issue 10).

`comity.relations.merge` groups claims by relation — kind, the two parties (in
code order when the relation is symmetric) and, for treaties and stances, the
object — and lists the records by first party, second party and kind. This
query has the database do that ordering, so that claims can stream out one
relation after another and be merged group by group in constant memory:

- each row carries the parties of the group it belongs to (`group_a`,
  `group_b`). A claim naming one party to a treaty joins the first group (by
  parties) of the same kind and object that has it as a party, or its own;
- groups come in listing order: by the parties as the record will show them (a
  symmetric record keeps the orientation of its first claim), then kind;
- within a group, claims naming both parties come first, each part in document
  and text order.

Everything is SQLAlchemy Core with window functions, which SQLite (3.25+) and
PostgreSQL both run.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Select, and_, case, func, null, or_, select, union_all

from comity.models import Claim
from comity.store.schema import documents, relation_claims


class GroupedClaim(NamedTuple):
    """A claim, its document's source, and the parties of the relation it merges into."""

    claim: Claim
    source: str
    group: tuple[str, str | None]


def select_claims_by_relation(
    *, symmetric: Collection[str], object_keyed: Collection[str], actor: str | None = None
) -> Select[Any]:
    """Claims (naming `actor`, when given) grouped by relation, groups in listing order.

    `symmetric`: the kinds whose parties are unordered; `object_keyed`: the kinds
    whose object is part of the relation. Rows have the claim's columns,
    `doc_source`, `group_a` and `group_b`.
    """
    keyed = _keyed_claims(symmetric, object_keyed, actor).cte("keyed")
    grouped = _with_group(keyed).subquery("grouped")
    members = [_one_sided(grouped), grouped.c.doc_id, grouped.c.span_start, grouped.c.id]
    group = [grouped.c.kind, grouped.c.group_a, grouped.c.group_b, grouped.c.key_object]
    first_a = func.first_value(grouped.c.a).over(partition_by=group, order_by=members)
    first_b = func.first_value(grouped.c.b).over(partition_by=group, order_by=members)
    ordered = select(grouped, first_a.label("first_a"), first_b.label("first_b")).subquery(
        "oriented"
    )
    keeps_first = and_(ordered.c.kind.in_(symmetric), ordered.c.first_b.is_not(None))
    listed_a = case((keeps_first, ordered.c.first_a), else_=ordered.c.group_a)
    listed_b = case((keeps_first, ordered.c.first_b), else_=ordered.c.group_b)
    return select(ordered).order_by(
        listed_a,
        case((listed_b.is_(None), 0), else_=1),  # a missing party lists first, as ""
        listed_b,
        ordered.c.kind,
        ordered.c.group_a,
        ordered.c.group_b,
        ordered.c.key_object,
        _one_sided(ordered),
        ordered.c.doc_id,
        ordered.c.span_start,
        ordered.c.id,
    )


def _keyed_claims(
    symmetric: Collection[str], object_keyed: Collection[str], actor: str | None
) -> Select[Any]:
    """Each claim with its document's source and its own relation key."""
    claims = relation_claims.c
    swap = and_(claims.kind.in_(symmetric), claims.b < claims.a)
    statement = select(
        relation_claims,
        documents.c.source.label("doc_source"),
        case((swap, claims.b), else_=claims.a).label("key_a"),
        case((swap, claims.a), else_=claims.b).label("key_b"),
        case((claims.kind.in_(object_keyed), claims.object_key), else_=null()).label("key_object"),
    ).join(documents, documents.c.id == claims.doc_id)
    if actor is not None:
        code = actor.upper()
        statement = statement.where(or_(claims.a == code, claims.b == code))
    return statement


def _with_group(keyed: Any) -> Select[Any]:
    """`keyed` plus the parties of the group each claim joins."""
    first = _first_group_per_party(keyed)
    joins = and_(
        first.c.kind == keyed.c.kind,
        first.c.party == keyed.c.a,
        # The group's object is compared with the claim's own key, as `merge` does.
        first.c.key_object.is_not_distinct_from(keyed.c.object_key),
    )
    # Only one-party claims look for a group: joined on their own, then back by id.
    found = (
        select(keyed.c.id, first.c.key_a, first.c.key_b)
        .select_from(keyed.join(first, joins))
        .where(keyed.c.b.is_(None))
        .subquery("one_party_groups")
    )
    one_sided = keyed.c.b.is_(None)
    group_a = case((one_sided, func.coalesce(found.c.key_a, keyed.c.key_a)), else_=keyed.c.key_a)
    group_b = case((one_sided, found.c.key_b), else_=keyed.c.key_b)
    return select(keyed, group_a.label("group_a"), group_b.label("group_b")).select_from(
        keyed.outerjoin(found, found.c.id == keyed.c.id)
    )


def _first_group_per_party(keyed: Any) -> Any:
    """For each kind, object and party: the first two-party group (by parties) with it."""
    pairs = (
        select(keyed.c.kind, keyed.c.key_object, keyed.c.key_a, keyed.c.key_b)
        .where(keyed.c.b.is_not(None))
        .distinct()
        .cte("pair_groups")
    )
    parties = union_all(
        select(pairs, pairs.c.key_a.label("party")), select(pairs, pairs.c.key_b.label("party"))
    ).subquery("parties")
    rank = func.row_number().over(
        partition_by=[parties.c.kind, parties.c.key_object, parties.c.party],
        order_by=[parties.c.key_a, parties.c.key_b],
    )
    ranked = select(parties, rank.label("rank")).subquery("ranked")
    return select(ranked).where(ranked.c.rank == 1).subquery("first_groups")


def _one_sided(table: Any) -> ColumnElement[int]:
    return case((table.c.b.is_(None), 1), else_=0)
