"""Merging claims from several documents into relation records."""

from __future__ import annotations

from builders import make_claim, make_document

from comity.models import Claim, RelationKind
from comity.relations import merge_claims
from comity.relations.records import Stance


def _claims(*specs: tuple[str, dict[str, object]]) -> list[tuple[Claim, str]]:
    """One document per claim: (document text, claim fields)."""
    pairs = []
    for index, (text, fields) in enumerate(specs):
        doc = make_document(text)
        pairs.append((make_claim(doc, f"c{index}", **fields), doc.source))
    return pairs


def test_the_same_relation_from_two_documents_is_one_record_with_both() -> None:
    (record,) = merge_claims(
        _claims(
            ("KAZ and KGZ set up ties in 1992.", {"since": "1992"}),
            ("Ties between KGZ and KAZ date from 1992.", {"a": "KGZ", "b": "KAZ", "since": "1992"}),
        )
    )
    assert (record.a, record.b, record.since) == ("KAZ", "KGZ", "1992")
    assert len(record.docs) == 2 and not record.contradicting


def test_more_documents_mean_more_confidence() -> None:
    one = merge_claims(_claims(("First report.", {})))[0]
    two = merge_claims(_claims(("First report.", {}), ("Second report.", {})))[0]
    assert two.confidence > one.confidence


def test_a_denial_is_kept_as_a_contradiction_not_an_overwrite() -> None:
    (record,) = merge_claims(
        _claims(
            ("They have ties.", {}),
            ("They have had ties for years.", {}),
            ("They have no ties.", {"negated": True}),
        )
    )
    assert record.negated is False
    assert [s.stance for s in record.sources].count(Stance.CONTRADICTS) == 1
    assert record.contradicting[0].negated is True
    alone = merge_claims(_claims(("They have ties.", {}), ("They have ties too.", {})))[0]
    assert record.confidence < alone.confidence


def test_a_different_start_date_contradicts_and_the_majority_date_wins() -> None:
    (record,) = merge_claims(
        _claims(
            ("Set up on 24 December 1991.", {"since": "1991-12-24"}),
            ("Set up in December 1991.", {"since": "1991-12"}),
            ("Set up in 1993.", {"since": "1993"}),
        )
    )
    assert record.since == "1991-12-24"
    contradicting = record.contradicting
    assert [s.since for s in contradicting] == ["1993"]


def test_a_publication_date_never_contradicts_a_stated_one() -> None:
    (record,) = merge_claims(
        _claims(
            ("Set up in 1992.", {"since": "1992"}),
            ("They have ties.", {"since": "2025-04-05", "since_inferred": True}),
        )
    )
    assert record.since == "1992" and not record.contradicting


def test_a_denial_after_the_end_agrees_with_the_end() -> None:
    (record,) = merge_claims(
        _claims(
            ("Ties cut in 2008.", {"until": "2008-08"}),
            ("They have no ties now.", {"negated": True, "confidence": 0.5}),
        )
    )
    assert record.until == "2008-08" and not record.contradicting


def test_different_treaties_between_the_same_pair_stay_apart() -> None:
    treaty = {"kind": RelationKind.TREATY}
    records = merge_claims(
        _claims(
            ("Treaty one.", {**treaty, "object": "Treaty One", "object_key": "one"}),
            ("Treaty two.", {**treaty, "object": "Treaty Two", "object_key": "two"}),
        )
    )
    assert sorted(r.object or "" for r in records) == ["Treaty One", "Treaty Two"]


def test_a_party_named_alone_joins_its_treatys_record() -> None:
    treaty = {"kind": RelationKind.TREATY, "object": "Pact", "object_key": "pact"}
    records = merge_claims(
        _claims(
            ("KAZ and KGZ signed the Pact.", {**treaty, "since": "2001"}),
            ("KGZ's joining the Pact.", {**treaty, "a": "KGZ", "b": None}),
        )
    )
    assert len(records) == 1 and len(records[0].docs) == 2


def test_direction_matters_for_embassies() -> None:
    embassy = {"kind": RelationKind.EMBASSY}
    records = merge_claims(
        _claims(
            ("KAZ embassy in Bishkek.", {**embassy}),
            ("KGZ embassy in Astana.", {**embassy, "a": "KGZ", "b": "KAZ"}),
        )
    )
    assert {(r.a, r.b) for r in records} == {("KAZ", "KGZ"), ("KGZ", "KAZ")}


def test_a_treaty_gains_parties_over_time() -> None:
    from comity.relations import RelationIndex

    treaty = {"kind": RelationKind.TREATY, "object": "Pact", "object_key": "pact"}
    index = RelationIndex(
        merge_claims(
            _claims(
                (
                    "AZE and TUR signed the Pact in 2021.",
                    {**treaty, "a": "AZE", "b": "TUR", "since": "2021-06"},
                ),
                ("UZB joined the Pact.", {**treaty, "a": "UZB", "b": "AZE", "since": "2025-05-21"}),
            )
        )
    )
    assert index.parties("pact") == [("AZE", "2021-06"), ("TUR", "2021-06"), ("UZB", "2025-05-21")]


def test_wire_copies_of_one_story_are_one_voice_but_all_sources() -> None:
    original, copy, other = _claims(
        ("Wire: KAZ and KGZ keep full ties.", {}),
        ("Reprint: KAZ and KGZ keep full ties.", {}),
        ("Another outlet: KAZ and KGZ have no ties.", {"negated": True, "confidence": 0.8}),
    )
    copies = {copy[0].doc_id: original[0].doc_id}
    (without_stories,) = merge_claims([original, copy, other])
    (with_stories,) = merge_claims([original, copy, other], copies)
    # Counted apart, the two copies outvote the denial; as one story they do not.
    assert not without_stories.negated
    assert with_stories.negated
    assert len(with_stories.sources) == 3


def test_a_copy_adds_no_confidence_to_its_story() -> None:
    original, copy = _claims(
        ("Wire: KAZ and KGZ keep full ties.", {}),
        ("Reprint: KAZ and KGZ keep full ties.", {}),
    )
    (alone,) = merge_claims([original])
    (both,) = merge_claims([original, copy], {copy[0].doc_id: original[0].doc_id})
    assert both.confidence == alone.confidence
    assert len(both.docs) == 2
