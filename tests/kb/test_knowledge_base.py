from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pycountry
import pytest

from comity.errors import ConfigError, NotFound
from comity.kb import Gazetteer, KnowledgeBase
from comity.kb.records import OrganisationRecord, PersonRecord, StateRecord
from comity.models import EntityKind

LISTED_ORGANISATIONS = [
    "UN",
    "UNSC",
    "UNGA",
    "EU",
    "NATO",
    "OTS",
    "TURKPA",
    "CIS",
    "SCO",
    "CSTO",
    "EAEU",
    "OSCE",
    "TURKSOY",
    "ECO",
    "OIC",
    "CICA",
    "ASEAN",
    "AU",
    "GCC",
    "LAS",
    "BRICS",
    "G7",
    "G20",
]
NON_ISO_STATES = ["TRNC", "XKX", "NKR", "ABK", "SOS", "PMR"]
SECTORS = {"GOV", "LEG", "DIP", "MIL", None}


def states(kb: KnowledgeBase) -> list[StateRecord]:
    return [
        r for e in kb.entities(EntityKind.STATE) if isinstance(r := kb.record(e.code), StateRecord)
    ]


def persons(kb: KnowledgeBase) -> list[PersonRecord]:
    return [
        r
        for e in kb.entities(EntityKind.PERSON)
        if isinstance(r := kb.record(e.code), PersonRecord)
    ]


def office_holders(kb: KnowledgeBase, state: str, office: str, day: date) -> list[str]:
    holders = []
    for entity in kb.entities(EntityKind.PERSON):
        role = entity.role_on(day)
        if role is not None and role.state == state and role.office == office:
            holders.append(entity.code)
    return holders


# Loading


def test_every_iso_state_is_present(kb: KnowledgeBase) -> None:
    for country in pycountry.countries:
        entity = kb.entity(country.alpha_3)
        assert entity.kind is EntityKind.STATE


@pytest.mark.parametrize("code", NON_ISO_STATES)
def test_partly_recognised_states_are_states_of_their_own(kb: KnowledgeBase, code: str) -> None:
    record = kb.record(code)
    assert isinstance(record, StateRecord)
    assert record.recognition in ("partial", "unrecognised")
    assert record.capital


def test_every_inhabited_state_has_capital_adjective_and_russian_name(kb: KnowledgeBase) -> None:
    for state in states(kb):
        if state.uninhabited:
            continue
        assert state.capital or state.capital_note, state.code
        assert state.adjectives, state.code
        if state.recognition == "iso":
            assert state.russian, state.code


def test_capitals(kb: KnowledgeBase) -> None:
    assert kb.capital_of("KAZ") == "Astana"
    assert kb.capital_of("TRNC") == "North Nicosia"
    assert "Nur-Sultan" in kb.record("KAZ").capital_aliases  # type: ignore[union-attr]
    assert kb.capital_of("ATA") is None


def test_capital_of_an_organisation_is_not_found(kb: KnowledgeBase) -> None:
    with pytest.raises(NotFound):
        kb.capital_of("OTS")


def test_entity_lookup(kb: KnowledgeBase) -> None:
    assert kb.entity("TUR").name == "Turkey"
    assert kb.get("NOPE") is None
    assert "KGZ" in kb
    with pytest.raises(NotFound):
        kb.entity("NOPE")


def test_version_is_a_date_with_an_optional_revision(kb: KnowledgeBase) -> None:
    day, _, revision = kb.version.partition("-")
    assert date.fromisoformat(day.replace(".", "-"))
    assert revision == "" or revision.isdigit()


@pytest.mark.parametrize("code", LISTED_ORGANISATIONS)
def test_listed_organisations_are_present(kb: KnowledgeBase, code: str) -> None:
    assert kb.entity(code).kind is EntityKind.ORGANISATION


def test_ots_former_names_are_dated(kb: KnowledgeBase) -> None:
    record = kb.record("OTS")
    assert isinstance(record, OrganisationRecord)
    former = {name.name: name for name in record.former_names}
    assert former["Cooperation Council of Turkic Speaking States"].end == date(2021, 11, 12)
    assert former["Turkic Council"].start == date(2009, 10, 3)


def test_membership_codes_are_known(kb: KnowledgeBase) -> None:
    for entity in kb.entities(EntityKind.ORGANISATION):
        record = kb.record(entity.code)
        assert isinstance(record, OrganisationRecord)
        for member in record.members:
            assert member.code in kb, (entity.code, member.code)


# Memberships on dates


def test_ots_members_before_and_after_uzbekistan_joined(kb: KnowledgeBase) -> None:
    assert kb.members_of("OTS", date(2015, 1, 1)) == ["AZE", "KAZ", "KGZ", "TUR"]
    assert kb.members_of("OTS", date(2020, 1, 1)) == ["AZE", "KAZ", "KGZ", "TUR", "UZB"]


def test_ots_observers_only_when_asked(kb: KnowledgeBase) -> None:
    assert "HUN" not in kb.members_of("OTS")
    assert {"HUN", "TKM", "TRNC"} <= set(kb.members_of("OTS", include_observers=True))
    assert "TRNC" not in kb.members_of("OTS", date(2022, 1, 1), include_observers=True)


def test_nato_enlargement(kb: KnowledgeBase) -> None:
    before = kb.members_of("NATO", date(2023, 1, 1))
    after = kb.members_of("NATO", date(2024, 6, 1))
    assert "TUR" in before and "FIN" not in before and "SWE" not in before
    assert {"FIN", "SWE"} <= set(after)
    assert len(after) == 32


def test_eu_membership_ends_with_brexit(kb: KnowledgeBase) -> None:
    assert "GBR" in kb.members_of("EU", date(2020, 1, 31))
    assert "GBR" not in kb.members_of("EU", date(2020, 2, 1))
    assert "CYP" not in kb.members_of("EU", date(2004, 4, 30))
    assert len(kb.members_of("EU")) == 27


def test_csto_membership_with_two_periods(kb: KnowledgeBase) -> None:
    assert "UZB" in kb.members_of("CSTO", date(2010, 1, 1))
    assert "UZB" not in kb.members_of("CSTO", date(2015, 1, 1))
    assert "UZB" not in kb.members_of("CSTO", date(2003, 1, 1))


def test_un_has_193_members_and_the_central_asians_joined_in_1992(kb: KnowledgeBase) -> None:
    assert len(kb.members_of("UN")) == 193
    assert kb.members_of("UNGA") == kb.members_of("UN")
    assert "KAZ" not in kb.members_of("UN", date(1992, 3, 1))
    assert {"KAZ", "KGZ", "TJK", "TKM", "UZB", "AZE", "ARM"} <= set(
        kb.members_of("UN", date(1992, 3, 2))
    )
    assert "SSD" in kb.members_of("UN", date(2011, 7, 14))
    assert {"VAT", "PSE"}.isdisjoint(kb.members_of("UN"))
    assert {"VAT", "PSE"} <= set(kb.members_of("UN", include_observers=True))


@pytest.mark.parametrize("year", range(2000, 2027))
def test_security_council_has_fifteen_members_every_year(kb: KnowledgeBase, year: int) -> None:
    members = kb.members_of("UNSC", date(year, 6, 1))
    assert len(members) == 15
    assert {"CHN", "FRA", "GBR", "RUS", "USA"} <= set(members)


def test_security_council_elected_terms(kb: KnowledgeBase) -> None:
    assert "AZE" in kb.members_of("UNSC", date(2012, 1, 1))
    assert "AZE" in kb.members_of("UNSC", date(2013, 12, 31))
    assert "AZE" not in kb.members_of("UNSC", date(2014, 1, 1))
    assert "KAZ" in kb.members_of("UNSC", date(2018, 3, 1))
    assert "ITA" in kb.members_of("UNSC", date(2017, 3, 1))
    assert "ITA" not in kb.members_of("UNSC", date(2018, 3, 1))


def test_wto_accessions_are_dated(kb: KnowledgeBase) -> None:
    assert "RUS" not in kb.members_of("WTO", date(2012, 8, 21))
    assert "RUS" in kb.members_of("WTO", date(2012, 8, 22))
    assert "KAZ" in kb.members_of("WTO", date(2015, 11, 30))
    assert {"UZB", "TKM", "AZE"}.isdisjoint(kb.members_of("WTO"))
    assert "EU" in kb.members_of("WTO")


def test_african_union_takes_morocco_back_in_2017(kb: KnowledgeBase) -> None:
    assert "MAR" not in kb.members_of("AU", date(2016, 12, 31))
    assert "MAR" in kb.members_of("AU", date(2017, 1, 30))
    assert len(kb.members_of("AU")) == 55


def test_oic_and_cica_have_their_central_asian_members(kb: KnowledgeBase) -> None:
    assert len(kb.members_of("OIC")) == 57
    assert {"AZE", "KAZ", "KGZ", "TJK", "TKM", "UZB", "TUR"} <= set(kb.members_of("OIC"))
    assert "TRNC" in kb.members_of("OIC", include_observers=True)
    assert {"KAZ", "TUR", "AZE", "RUS", "CHN"} <= set(kb.members_of("CICA", date(2000, 1, 1)))


def test_icc_states_parties_with_the_withdrawals(kb: KnowledgeBase) -> None:
    assert len(kb.members_of("ICC", date(2025, 6, 1))) == 125
    assert "BDI" in kb.members_of("ICC", date(2017, 10, 26))
    assert "BDI" not in kb.members_of("ICC", date(2017, 10, 27))
    assert "PHL" not in kb.members_of("ICC", date(2019, 3, 17))
    assert "HUN" in kb.members_of("ICC", date(2026, 6, 1))
    assert "HUN" not in kb.members_of("ICC")
    assert "UKR" not in kb.members_of("ICC", date(2024, 12, 31))
    assert {"TJK", "CYP", "GEO", "ARM"} <= set(kb.members_of("ICC"))
    assert {"TUR", "AZE", "KAZ", "RUS", "USA", "CHN"}.isdisjoint(kb.members_of("ICC"))


def test_who_and_ilo_differ_from_the_un_as_recorded(kb: KnowledgeBase) -> None:
    un = set(kb.members_of("UN"))
    assert set(kb.members_of("WHO", date(2025, 1, 1))) == (un - {"LIE"}) | {"COK", "NIU"}
    assert "USA" not in kb.members_of("WHO", date(2026, 1, 22))
    assert "TKL" in kb.members_of("WHO", include_observers=True)
    assert len(kb.members_of("ILO")) == 187
    assert "USA" not in kb.members_of("ILO", date(1979, 1, 1))
    assert "PRK" not in kb.members_of("ILO")


def test_regional_banks_and_bodies_have_their_members(kb: KnowledgeBase) -> None:
    assert len(kb.members_of("ADB")) == 69
    assert "GEO" not in kb.members_of("ADB", date(2006, 1, 1))
    assert {"HKG", "TWN", "KAZ", "TUR"} <= set(kb.members_of("ADB"))
    assert kb.members_of("AES") == ["BFA", "MLI", "NER"]
    assert "SOM" in kb.members_of("EAC", date(2024, 3, 4))
    assert "RUS" not in kb.members_of("CBSS")
    assert "GEO" not in kb.members_of("CAREC", date(2010, 1, 1))
    assert len(kb.members_of("SADC")) == 16


def test_members_of_a_state_is_not_found(kb: KnowledgeBase) -> None:
    with pytest.raises(NotFound):
        kb.members_of("TUR")


# Persons and their roles


def test_every_person_has_well_formed_roles(kb: KnowledgeBase) -> None:
    for person in persons(kb):
        assert person.roles, person.code
        for role in person.roles:
            assert role.state in kb, (person.code, role.state)
            assert role.sector in SECTORS, (person.code, role.sector)
            if role.start and role.end:
                assert role.start <= role.end, (person.code, role.office)


@pytest.mark.parametrize(
    ("day", "office"),
    [
        (date(2003, 3, 13), None),
        (date(2003, 3, 14), "Prime Minister"),
        (date(2014, 8, 27), "Prime Minister"),
        (date(2014, 8, 28), "President"),
        (date(2024, 1, 1), "President"),
        (None, "President"),
    ],
)
def test_erdogan_role_around_the_2014_change(
    kb: KnowledgeBase, day: date | None, office: str | None
) -> None:
    role = kb.entity("erdogan-recep-tayyip").role_on(day)
    assert (role.office if role else None) == office
    if role:
        assert (role.state, role.sector) == ("TUR", "GOV")


@pytest.mark.parametrize(
    ("day", "holder"),
    [
        (date(2015, 6, 1), "atambayev-almazbek"),
        (date(2017, 11, 23), "atambayev-almazbek"),
        (date(2017, 11, 25), "jeenbekov-sooronbay"),
        (date(2020, 10, 15), "jeenbekov-sooronbay"),
        (date(2021, 1, 28), "japarov-sadyr"),
        (date(2024, 5, 1), "japarov-sadyr"),
    ],
)
def test_kyrgyz_presidents_by_date(kb: KnowledgeBase, day: date, holder: str) -> None:
    assert office_holders(kb, "KGZ", "President", day) == [holder]


def test_kyrgyz_acting_presidents_between_terms(kb: KnowledgeBase) -> None:
    assert office_holders(kb, "KGZ", "Acting President", date(2020, 10, 20)) == ["japarov-sadyr"]
    assert office_holders(kb, "KGZ", "Acting President", date(2020, 12, 1)) == ["mamytov-talant"]
    assert office_holders(kb, "KGZ", "President", date(2020, 12, 1)) == []


def test_acting_role_wins_over_an_older_overlapping_role(kb: KnowledgeBase) -> None:
    role = kb.entity("mirziyoyev-shavkat").role_on(date(2016, 10, 1))
    assert role is not None and role.office == "Acting President"


def test_speaker_and_secretaries_general(kb: KnowledgeBase) -> None:
    speaker = kb.entity("dzhumabekov-dastan").role_on(date(2018, 6, 1))
    assert speaker is not None and (speaker.state, speaker.sector) == ("KGZ", "LEG")
    assert office_holders(kb, "OTS", "Secretary General", date(2020, 1, 1)) == ["amreyev-baghdad"]
    assert office_holders(kb, "OTS", "Secretary General", date(2024, 1, 1)) == [
        "omuraliev-kubanychbek"
    ]


def test_person_entity_state_is_latest_role(kb: KnowledgeBase) -> None:
    assert kb.entity("tokayev-kassym-jomart").state == "KAZ"
    assert kb.entity("omuraliev-kubanychbek").state == "OTS"


# User files


def write_jsonl(path: Path, lines: list[dict[str, object]]) -> Path:
    path.write_text(
        "\n".join(json.dumps(line, ensure_ascii=False) for line in lines) + "\n", encoding="utf-8"
    )
    return path


def test_user_file_overrides_by_code_and_adds_entities(tmp_path: Path) -> None:
    user = write_jsonl(
        tmp_path / "mine.jsonl",
        [
            {"type": "state", "code": "TUR", "name": "Testistan", "capital": "Testgrad"},
            {
                "type": "person",
                "code": "doe-jane",
                "name": "Jane Doe",
                "given_names": ["Jane"],
                "surname": "Doe",
                "roles": [{"office": "Envoy", "state": "OTS", "start": "2025-01-01", "end": None}],
            },
            {"type": "place", "code": "testville", "name": "Testville", "state": "KGZ"},
        ],
    )
    kb = KnowledgeBase.load([user])
    assert kb.entity("TUR").name == "Testistan"
    assert kb.capital_of("TUR") == "Testgrad"
    assert kb.entity("doe-jane").role_on(date(2025, 6, 1)) is not None
    found = {
        (m.text, m.code) for m in Gazetteer(kb).find("J. Doe flew from Testgrad to Testville.")
    }
    assert found == {("J. Doe", "doe-jane"), ("Testgrad", "TUR"), ("Testville", "KGZ")}
    assert not Gazetteer(kb).find("Ankara is quiet.")


@pytest.mark.parametrize(
    "line",
    [
        '{"type": "country", "code": "X", "name": "X"}',
        '{"code": "X", "name": "X"}',
        '{"type": "state", "code": "X", "name": "X", "colour": "red"}',
        "{not json",
        "[1, 2]",
    ],
)
def test_bad_user_lines_are_config_errors(tmp_path: Path, line: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="bad.jsonl:1"):
        KnowledgeBase.load([path])


def test_missing_user_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        KnowledgeBase.load([tmp_path / "absent.jsonl"])
