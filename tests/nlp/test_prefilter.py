from __future__ import annotations

from comity.models import EntityKind, Mention, NameKind
from comity.nlp.prefilter import Prefilter

FORMS = frozenset({"visited", "visit", "signed", "talks"})
STATE = Mention(
    start=0, end=6, text="Turkey", code="TUR", kind=EntityKind.STATE, name_kind=NameKind.NAME
)
CITY = Mention(
    start=0, end=9, text="Samarkand", code="UZB", kind=EntityKind.PLACE, name_kind=NameKind.CITY
)


def test_keeps_sentences_with_a_trigger_and_an_actor() -> None:
    assert Prefilter(FORMS).keep("Turkey signed the accord.", [STATE])


def test_drops_sentences_without_a_trigger_form() -> None:
    assert not Prefilter(FORMS).keep("Turkey is a large country.", [STATE])


def test_drops_sentences_whose_only_name_is_a_place() -> None:
    assert not Prefilter(FORMS).keep("Samarkand signed nothing.", [CITY])


def test_keeps_sentences_that_refer_back_to_an_actor() -> None:
    assert Prefilter(FORMS).keep("He visited the capital.", [])


def test_disabled_prefilter_keeps_everything() -> None:
    assert Prefilter(FORMS, enabled=False).keep("Nothing here at all.", [])
