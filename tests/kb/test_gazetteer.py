from __future__ import annotations

import pytest

from comity.kb import Gazetteer
from comity.models import EntityKind, NameKind

S, O, P, I, C = (  # noqa: E741
    EntityKind.STATE,
    EntityKind.ORGANISATION,
    EntityKind.PERSON,
    EntityKind.INSTITUTION,
    EntityKind.PLACE,
)
NAME, ABBR, ADJ, DEM, CAP, CITY, PER, INST = (
    NameKind.NAME,
    NameKind.ABBREVIATION,
    NameKind.ADJECTIVE,
    NameKind.DEMONYM,
    NameKind.CAPITAL,
    NameKind.CITY,
    NameKind.PERSON,
    NameKind.INSTITUTION,
)

Found = tuple[str, str | None, EntityKind | None, NameKind]

CASES: list[tuple[str, list[Found]]] = [
    # capitals act for their state; other cities are places
    (
        "Ankara and Baku signed an energy memorandum.",
        [("Ankara", "TUR", S, CAP), ("Baku", "AZE", S, CAP)],
    ),
    ("Talks resumed in Samarkand after a pause.", [("Samarkand", "UZB", C, CITY)]),
    (
        "Nur-Sultan became Astana again in 2022.",
        [("Nur-Sultan", "KAZ", S, CAP), ("Astana", "KAZ", S, CAP)],
    ),
    (
        "Frunze was the old name of Bishkek.",
        [("Frunze", "KGZ", S, CAP), ("Bishkek", "KGZ", S, CAP)],
    ),
    (
        "Guests flew from Cholpon-Ata to Osh.",
        [("Cholpon-Ata", "KGZ", C, CITY), ("Osh", "KGZ", C, CITY)],
    ),
    (
        "North Nicosia lies beside Nicosia.",
        [("North Nicosia", "TRNC", S, CAP), ("Nicosia", "CYP", S, CAP)],
    ),
    ("The ferry left Famagusta at dawn.", [("Famagusta", "CYP", C, CITY)]),
    # longest match wins
    (
        "Officials of the Turkish Republic of Northern Cyprus walked out.",
        [("Turkish Republic of Northern Cyprus", "TRNC", S, NAME)],
    ),
    ("The Republic of Cyprus objected at once.", [("Republic of Cyprus", "CYP", S, NAME)]),
    ("The Kyrgyz Republic voted in favour.", [("Kyrgyz Republic", "KGZ", S, NAME)]),
    (
        "Yachts sail to the Turks and Caicos Islands.",
        [("Turks and Caicos Islands", "TCA", S, NAME)],
    ),
    (
        "Korea and North Korea exchanged notes.",
        [("Korea", "KOR", S, NAME), ("North Korea", "PRK", S, NAME)],
    ),
    # northern Cyprus as geography is Cyprus; Northern Cyprus as a name is the TRNC
    (
        "Soldiers stay in northern Cyprus, Greek Cypriot papers said.",
        [("Cyprus", "CYP", S, NAME), ("Greek Cypriot", "CYP", S, ADJ)],
    ),
    ("Northern Cyprus issued stamps.", [("Northern Cyprus", "TRNC", S, NAME)]),
    ("Turkish Cypriot negotiators arrived late.", [("Turkish Cypriot", "TRNC", S, ADJ)]),
    (
        "Both KKTC and TRNC appear on the signs.",
        [("KKTC", "TRNC", S, ABBR), ("TRNC", "TRNC", S, ABBR)],
    ),
    # abbreviations are case-sensitive
    ("Let us hope the US answers soon.", [("US", "USA", S, ABBR)]),
    ("An un-named official briefed the UN envoy.", [("UN", "UN", O, ABBR)]),
    (
        "TR diplomats and the OTS delegation met.",
        [("TR", "TUR", S, ABBR), ("OTS", "OTS", O, ABBR)],
    ),
    ("Leaders of the CIS met; the cis isomer did not.", [("CIS", "CIS", O, ABBR)]),
    ("NATO, Nato and nato appear here.", [("NATO", "NATO", O, ABBR), ("Nato", "NATO", O, ABBR)]),
    (
        "TurkPA and TURKPA are one assembly.",
        [("TurkPA", "TURKPA", O, ABBR), ("TURKPA", "TURKPA", O, ABBR)],
    ),
    (
        "Visas for the U.S. and the U.K. were eased.",
        [("U.S.", "USA", S, ABBR), ("U.K.", "GBR", S, ABBR)],
    ),
    # case rules for names, adjectives and demonyms
    (
        "TURKEY AND AZERBAIJAN SIGN PACT",
        [("TURKEY", "TUR", S, NAME), ("AZERBAIJAN", "AZE", S, NAME)],
    ),
    ("We ate roast turkey and fed the guinea pig.", []),
    ("Polish envoys polish their speeches.", [("Polish", "POL", S, ADJ)]),
    ("Turks and Uzbeks share a history.", [("Turks", "TUR", S, DEM), ("Uzbeks", "UZB", S, DEM)]),
    # diacritics
    (
        "Türkiye and Turkiye are one country.",
        [("Türkiye", "TUR", S, NAME), ("Turkiye", "TUR", S, NAME)],
    ),
    ("İstanbul greeted the delegation.", [("İstanbul", "TUR", C, CITY)]),
    # possessives and hyphen compounds
    (
        "Tashkent’s note and Tashkent's reply arrived.",
        [("Tashkent", "UZB", S, CAP), ("Tashkent", "UZB", S, CAP)],
    ),
    ("Kyrgyz-Turkish ties grew.", [("Kyrgyz", "KGZ", S, ADJ), ("Turkish", "TUR", S, ADJ)]),
    ("Turkic–speaking nations of Central Asia met; Central Asian states agreed.", []),
    ("Uzbek–Tajik border talks ended.", [("Uzbek", "UZB", S, ADJ), ("Tajik", "TJK", S, ADJ)]),
    # ambiguous country names
    ("Michael Jordan once played in Chicago.", [("Chicago", "USA", C, CITY)]),
    ("Chad Smith met the Chad President.", [("Chad", "TCD", S, NAME)]),
    ("In Jordan, King Abdullah received him.", [("Jordan", "JOR", S, NAME)]),
    ("Atlanta, Georgia is far from Tbilisi.", [("Tbilisi", "GEO", S, CAP)]),
    ("Georgia's parliament met.", [("Georgia", "GEO", S, NAME)]),
    ("Ships crossed the Indian Ocean and the South China Sea.", []),
    ("Refugees fled the Congo basin to DR Congo.", [("DR Congo", "COD", S, NAME)]),
    # former and alternative state names
    ("Swaziland is now Eswatini.", [("Swaziland", "SWZ", S, NAME), ("Eswatini", "SWZ", S, NAME)]),
    (
        "Czechia, also the Czech Republic.",
        [("Czechia", "CZE", S, NAME), ("Czech Republic", "CZE", S, NAME)],
    ),
    (
        "Kirghizia and Turkmenia were Soviet republics.",
        [
            ("Kirghizia", "KGZ", S, NAME),
            ("Turkmenia", "TKM", S, NAME),
            ("Soviet", "SUN", S, ADJ),
        ],
    ),
    (
        "Kosovo, Abkhazia and Transnistria were discussed.",
        [
            ("Kosovo", "XKX", S, NAME),
            ("Abkhazia", "ABK", S, NAME),
            ("Transnistria", "PMR", S, NAME),
        ],
    ),
    (
        "Казахстан и Россия подписали договор.",
        [("Казахстан", "KAZ", S, NAME), ("Россия", "RUS", S, NAME)],
    ),
    # organisations
    (
        "The Turkic Council became the Organization of Turkic States.",
        [("Turkic Council", "OTS", O, NAME), ("Organization of Turkic States", "OTS", O, NAME)],
    ),
    (
        "The Cooperation Council of Turkic-Speaking States (CCTS) met.",
        [
            ("Cooperation Council of Turkic-Speaking States", "OTS", O, NAME),
            ("CCTS", "OTS", O, ABBR),
        ],
    ),
    ("An OTG declaration was translated.", [("OTG", "OTS", O, ABBR)]),
    (
        "The UN Security Council, the Security Council and the UNSC are one body.",
        [
            ("UN Security Council", "UNSC", O, NAME),
            ("Security Council", "UNSC", O, NAME),
            ("UNSC", "UNSC", O, ABBR),
        ],
    ),
    ("The North Atlantic Alliance expanded.", [("North Atlantic Alliance", "NATO", O, NAME)]),
    # persons
    ("S.Sh. Jeenbekov arrived.", [("S.Sh. Jeenbekov", "jeenbekov-sooronbay", P, PER)]),
    (
        "R.T. Erdogan and R. T. Erdoğan are one man.",
        [
            ("R.T. Erdogan", "erdogan-recep-tayyip", P, PER),
            ("R. T. Erdoğan", "erdogan-recep-tayyip", P, PER),
        ],
    ),
    ("Sh. Mirziyoyev signed the decree.", [("Sh. Mirziyoyev", "mirziyoyev-shavkat", P, PER)]),
    (
        "Mirziyoyev called Zheenbekov.",
        [
            ("Mirziyoyev", "mirziyoyev-shavkat", P, PER),
            ("Zheenbekov", "jeenbekov-sooronbay", P, PER),
        ],
    ),
    ("Akhmetov phoned Ankara.", [("Ankara", "TUR", S, CAP)]),
    ("Aliyev phoned Ankara.", [("Aliyev", "aliyev-ilham", P, PER), ("Ankara", "TUR", S, CAP)]),
    (
        "Ilham Aliyev phoned Ankara.",
        [("Ilham Aliyev", "aliyev-ilham", P, PER), ("Ankara", "TUR", S, CAP)],
    ),
    (
        "President of Uzbekistan Shavkat Mirziyoyev spoke.",
        [
            ("Uzbekistan", "UZB", S, NAME),
            ("Shavkat Mirziyoyev", "mirziyoyev-shavkat", P, PER),
        ],
    ),
    # institutions
    (
        "Dastan Jumabekov chaired the Jogorku Kenesh.",
        [("Dastan Jumabekov", "dzhumabekov-dastan", P, PER), ("Jogorku Kenesh", "KGZ", I, INST)],
    ),
    (
        "The Kremlin and the White House disagreed.",
        [("Kremlin", "RUS", I, INST), ("White House", "USA", I, INST)],
    ),
    ("The TBMM ratified it.", [("TBMM", "TUR", I, INST)]),
    (
        "The Russian Security Council differs from the Security Council.",
        [("Russian Security Council", "RUS", I, INST), ("Security Council", "UNSC", O, NAME)],
    ),
    ("Novels by Jack London describe London.", [("London", "GBR", S, CAP)]),
    ("Xi replied to Article XI.", [("Xi", "xi-jinping", P, PER)]),
]


def found(gazetteer: Gazetteer, text: str) -> list[Found]:
    return [(m.text, m.code, m.kind, m.name_kind) for m in gazetteer.find(text)]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[text[:40] for text, _ in CASES])
def test_find(gazetteer: Gazetteer, text: str, expected: list[Found]) -> None:
    assert found(gazetteer, text) == expected


@pytest.mark.parametrize("text", [text for text, _ in CASES])
def test_offsets_point_into_the_original_text(gazetteer: Gazetteer, text: str) -> None:
    previous_end = 0
    for mention in gazetteer.find(text):
        assert text[mention.start : mention.end] == mention.text
        assert mention.start >= previous_end
        previous_end = mention.end


def test_offsets_after_dotted_capitals_are_exact(gazetteer: Gazetteer) -> None:
    text = "İİİ Başkan Recep Tayyip Erdoğan’ın ziyareti İzmir’de"
    mentions = gazetteer.find(text)
    person, city = mentions
    assert (person.start, person.end) == (text.index("Recep"), text.index("’ın"))
    assert (city.start, city.end, city.code) == (text.index("İzmir"), text.index("’de"), "TUR")


def test_institution_mentions_carry_sector(gazetteer: Gazetteer) -> None:
    (pentagon,) = gazetteer.find("The Pentagon declined to comment.")
    assert (pentagon.code, pentagon.sector) == ("USA", "MIL")


def test_words_inside_longer_words_are_not_names(gazetteer: Gazetteer) -> None:
    assert gazetteer.find("Oshkosh, Turkeys, Germanic UNESCOs and TRUST") == []


def test_shipped_data_has_no_unsettled_name_clashes(gazetteer: Gazetteer) -> None:
    assert gazetteer.ambiguous == ()


def test_matches_expose_the_alias_entity(gazetteer: Gazetteer) -> None:
    (match,) = gazetteer.matches("Parliament met in the Jogorku Kenesh building.")
    assert match.alias.entity == "kgz-jogorku-kenesh"


def test_empty_text(gazetteer: Gazetteer) -> None:
    assert gazetteer.find("") == []
