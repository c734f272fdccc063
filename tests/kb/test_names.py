from __future__ import annotations

from comity.kb.names import full_names, initials_names, initials_variants, name_initials
from comity.kb.records import PersonRecord


def make_person(**fields: object) -> PersonRecord:
    return PersonRecord.model_validate({"code": "x", "name": "X", "surname": "X", **fields})


def test_digraph_names_have_russian_style_and_plain_initials() -> None:
    assert name_initials("Sharipovich") == ["Sh.", "S."]
    assert name_initials("Zhanibek") == ["Zh.", "Z."]
    assert name_initials("Sooronbay") == ["S."]


def test_hyphenated_given_name_keeps_both_initials() -> None:
    assert name_initials("Kassym-Jomart") == ["K.-J."]


def test_patronymic_gives_two_letter_initials() -> None:
    person = make_person(
        name="Sooronbay Jeenbekov",
        given_names=["Sooronbay"],
        patronymic="Sharipovich",
        surname="Jeenbekov",
        surname_variants=["Zheenbekov"],
    )
    forms = initials_names(person)
    assert "S.Sh. Jeenbekov" in forms
    assert "S. Sh. Zheenbekov" in forms
    assert "Jeenbekov S.Sh." in forms
    assert "S.Sh.Jeenbekov" in forms
    assert "S. Jeenbekov" in forms


def test_two_given_names_give_joined_initials() -> None:
    person = make_person(
        name="Recep Tayyip Erdoğan", given_names=["Recep", "Tayyip"], surname="Erdoğan"
    )
    assert {"R.", "R.T.", "R. T."} <= set(initials_variants(person))
    assert "R.T. Erdoğan" in initials_names(person)


def test_explicit_initials_are_kept() -> None:
    person = make_person(given_names=["Kassym-Jomart"], surname="Tokayev", initials=["K.K."])
    assert "K.K. Tokayev" in initials_names(person)
    assert "K. K. Tokayev" in initials_names(person)


def test_full_names_pair_given_names_with_each_surname() -> None:
    person = make_person(
        name="Dastan Dzhumabekov",
        given_names=["Dastan"],
        surname="Dzhumabekov",
        surname_variants=["Jumabekov"],
        aliases=["Dastan Bekeshevich Dzhumabekov"],
    )
    forms = full_names(person)
    assert forms[0] == "Dastan Dzhumabekov"
    assert "Dastan Jumabekov" in forms
    assert "Dastan Bekeshevich Dzhumabekov" in forms
    assert len(forms) == len(set(forms))


def test_person_without_given_names_has_no_initials() -> None:
    assert initials_names(make_person(name="Xi Jinping", surname="Xi")) == []
