"""Fixtures for the knowledge-base tests: the shipped knowledge base and its gazetteer."""

from __future__ import annotations

import pytest

from comity.kb import Gazetteer, KnowledgeBase


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


@pytest.fixture(scope="session")
def gazetteer(kb: KnowledgeBase) -> Gazetteer:
    return Gazetteer(kb)
