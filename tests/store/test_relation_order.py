"""Claims streamed one relation after another (issue 10), on SQLite and PostgreSQL.

Merging the stream group by group must give exactly the records, in exactly
the order, that merging every claim in memory gives.
"""

from __future__ import annotations

import random
from itertools import groupby

import pytest
from builders import make_claim, make_document

from comity.models import RelationKind
from comity.relations import merge_claim_groups, merge_claims
from comity.relations.context import SYMMETRIC
from comity.relations.merge import OBJECT_KEYED
from comity.store import Store
from comity.store.relation_order import GroupedClaim

TREATY, TIES = RelationKind.TREATY, RelationKind.DIPLOMATIC_RELATIONS
STANCE, EMBASSY = RelationKind.SUPPORTS_POSITION, RelationKind.EMBASSY
# Codes whose byte order differs from a locale's ("TUR_GOV" < "TURKPA" ignoring "_").
CODES = ["AZE", "KAZ", "TUR", "TUR_GOV", "TURKPA", "UZB", "OTS", "Z9"]


def by_relation(store: Store, actor: str | None = None) -> list[GroupedClaim]:
    return list(
        store.claims_by_relation(
            symmetric=[kind.value for kind in SYMMETRIC],
            object_keyed=[kind.value for kind in OBJECT_KEYED],
            actor=actor,
        )
    )


def save(store: Store, *texts: tuple[str, list[dict[str, object]]]) -> None:
    """One document per text, with one claim per field set."""
    for number, (text, claims) in enumerate(texts):
        doc = make_document(text, source=f"news/{number}.txt")
        made = [make_claim(doc, f"{doc.id[:8]}-{n}", **fields) for n, fields in enumerate(claims)]
        store.save_document(doc, [], [], claims=made)


def hand_written_claims(store: Store) -> None:
    """Ties named both ways round, a denial, treaty parties named alone, two treaties of
    one pair, stances and embassies."""
    shusha = {"kind": TREATY, "object": "Shusha Declaration", "object_key": "shusha"}
    save(
        store,
        ("Uzbekistan and Kazakhstan have ties.", [{"a": "UZB", "b": "KAZ", "since": "1992"}]),
        ("Kazakhstan has no ties with Uzbekistan.", [{"a": "KAZ", "b": "UZB", "negated": True}]),
        ("Türkiye joined the Shusha Declaration.", [{**shusha, "a": "TUR", "b": None}]),
        (
            "Azerbaijan and Türkiye signed it in 2021; Azerbaijan signed a pact too.",
            [
                {**shusha, "a": "TUR", "b": "AZE", "since": "2021-06-15"},
                {"kind": TREATY, "a": "AZE", "b": "TUR", "object_key": "pact", "since": "2010"},
                {**shusha, "a": "AZE", "b": None},
                {**shusha, "a": "UZB", "b": None},
            ],
        ),
        (
            "Kazakhstan supports Türkiye's position and opened an embassy in Ankara.",
            [
                {"kind": STANCE, "a": "KAZ", "b": "TUR", "object_key": "cyprus"},
                {"kind": STANCE, "a": "KAZ", "b": "TUR", "object_key": "karabakh"},
                {"kind": EMBASSY, "a": "KAZ", "b": "TUR", "object_key": "embassy:KAZ:TUR"},
                {"kind": EMBASSY, "a": "TUR", "b": "KAZ", "object_key": "embassy:TUR:KAZ"},
            ],
        ),
    )


def random_claims(store: Store, seed: int, documents: int = 60) -> None:
    """Claims as extraction makes them: one-party claims only for treaties."""
    rng = random.Random(seed)
    texts = []
    for number in range(documents):
        claims: list[dict[str, object]] = []
        for _ in range(rng.randint(0, 4)):
            kind = rng.choice(list(RelationKind))
            alone = kind is TREATY and rng.random() < 0.4
            claims.append(
                {
                    "kind": kind,
                    "a": rng.choice(CODES),
                    "b": None if alone else rng.choice(CODES),
                    "object_key": rng.choice([None, "shusha", "pact"]),
                    "since": rng.choice([None, "1991", "1991-12", "2021-06-15", "2024"]),
                    "negated": rng.random() < 0.2,
                    "span_start": rng.randint(0, 3),
                    "confidence": rng.choice([0.3, 0.6, 0.9]),
                }
            )
        texts.append((f"Random report {seed}-{number}.", claims))
    save(store, *texts)


def test_merging_the_stream_gives_the_records_of_merging_in_memory(store: Store) -> None:
    hand_written_claims(store)
    streamed = list(merge_claim_groups(by_relation(store)))
    assert streamed == merge_claims(store.claims())
    shusha = [r for r in streamed if r.object_key == "shusha"]
    assert [(r.a, r.b) for r in shusha] == [("TUR", "AZE"), ("UZB", None)]
    assert len(shusha[0].sources) == 3  # AZE, then TUR named alone, joined the pair
    ties = next(r for r in streamed if r.kind is TIES)
    assert ((ties.a, ties.b), len(ties.contradicting)) == (("UZB", "KAZ"), 1)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_claims_merge_the_same_streamed_or_in_memory(store: Store, seed: int) -> None:
    random_claims(store, seed)
    assert list(merge_claim_groups(by_relation(store))) == merge_claims(store.claims())
    for actor in ("TUR", "tur_gov", "OTS"):
        streamed = list(merge_claim_groups(by_relation(store, actor)))
        assert streamed == merge_claims(store.claims(actor=actor))


def test_each_relations_claims_come_together(store: Store) -> None:
    hand_written_claims(store)
    random_claims(store, 4)
    rows = by_relation(store)
    keys = [
        (claim.kind, group, claim.kind in OBJECT_KEYED and claim.object_key)
        for claim, _, group in rows
    ]
    runs = [key for key, _ in groupby(keys)]
    assert len(runs) == len(set(runs))
    assert len(rows) == store.count_claims()


def test_an_actor_filter_and_an_empty_store(store: Store) -> None:
    assert by_relation(store) == [] and store.count_claims() == 0
    hand_written_claims(store)
    rows = by_relation(store, "kaz")
    assert rows and all("KAZ" in (claim.a, claim.b) for claim, _, _ in rows)
    assert len(rows) == store.count_claims(actor="kaz")
