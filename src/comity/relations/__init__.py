"""Relations: the lasting state between actors, derived from events and statements.

Extraction derives `Claim`s sentence by sentence (`comity.relations.derive`, which
needs the parser's modules and so is not imported here); the store keeps
them; `RelationIndex` merges them into `Relation` records with every supporting and
contradicting source.
"""

from __future__ import annotations

from comity.relations.dyad import DyadReport, TrendPoint, dyad_report, goldstein_trend
from comity.relations.index import RelationIndex, stream_relations
from comity.relations.merge import merge_claim_groups, merge_claims
from comity.relations.records import Relation, RelationSource, Stance
from comity.relations.rules import RelationRules

__all__ = [
    "DyadReport",
    "Relation",
    "RelationIndex",
    "RelationRules",
    "RelationSource",
    "Stance",
    "TrendPoint",
    "dyad_report",
    "goldstein_trend",
    "merge_claim_groups",
    "merge_claims",
    "stream_relations",
]
