"""Regions for the network filter and the map's names for states."""

from __future__ import annotations

from datetime import date

import pytest

from comity.errors import NotFound
from comity.kb import KnowledgeBase
from comity.models import EntityKind
from comity.web.regions import Regions, atlas_names, numeric_codes, package_regions


def test_every_state_but_antarctica_is_in_exactly_one_region(kb: KnowledgeBase) -> None:
    placed = [code for region in package_regions() for code in region.members]
    states = {entity.code for entity in kb.entities(EntityKind.STATE)}
    assert len(placed) == len(set(placed))
    assert states - set(placed) == {"ATA"}
    assert set(placed) <= states


def test_a_region_by_name_or_code_and_an_organisation_as_a_region(kb: KnowledgeBase) -> None:
    regions = Regions(kb)
    assert regions.resolve("central asia") == regions.resolve("M49:143")
    turkic = regions.resolve("ots", on=date(2024, 1, 1))
    assert {"AZE", "KAZ", "KGZ", "TUR", "UZB"} <= turkic.members
    assert regions.contains(turkic, "OTS")
    with pytest.raises(NotFound, match="Atlantis"):
        regions.resolve("Atlantis")


def test_people_and_institutions_belong_to_their_states_region(kb: KnowledgeBase) -> None:
    regions = Regions(kb)
    person = kb.search("erdogan", EntityKind.PERSON)[0]
    assert regions.region_of(person.code) == "Western Asia"
    institution = next(e for e in kb.entities(EntityKind.INSTITUTION) if e.state == "KGZ")
    assert regions.region_of(institution.code) == "Central Asia"
    assert regions.contains(regions.resolve("Central Asia"), institution.code)
    assert regions.region_of("NOT-A-CODE") is None


def test_map_codes_cover_the_states_of_the_region(kb: KnowledgeBase) -> None:
    numeric = numeric_codes(kb)
    assert {numeric[n] for n in ("398", "417", "762", "795", "860")} == {
        "KAZ", "KGZ", "TJK", "TKM", "UZB"
    }  # fmt: skip
    assert atlas_names() == {"N. Cyprus": "TRNC", "Kosovo": "XKX"}
