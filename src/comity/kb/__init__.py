"""The actor knowledge base and the gazetteer that finds its names in text.

kb = KnowledgeBase.load()
gazetteer = Gazetteer(kb)
gazetteer.find("Ankara and Tashkent signed ...")  # -> [Mention(code="TUR", ...), ...]
"""

from __future__ import annotations

from comity.kb.aliases import Alias, MatchRule
from comity.kb.gazetteer import Gazetteer, Match
from comity.kb.knowledge_base import KnowledgeBase

__all__ = ["Alias", "Gazetteer", "KnowledgeBase", "Match", "MatchRule"]
