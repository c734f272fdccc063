from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest

from comity.ingest import normalise_text
from comity.ingest.neardup import (
    DEFAULT_PARAMS,
    NearDupParams,
    bucket_keys,
    compare,
    detail_conflicts,
    estimate_containment,
    estimate_jaccard,
    fingerprint,
    fold_text,
    shingles,
)

FIXTURES = Path(__file__).parent / "fixtures" / "neardup"


def fixture_texts() -> dict[str, str]:
    return {
        path.stem: normalise_text(path.read_text("utf-8"))
        for path in sorted(FIXTURES.glob("*.txt"))
    }


def is_true_pair(a: str, b: str) -> bool:
    return a.startswith("dup") and a[:-2] == b[:-2]


def test_folding_makes_transliterations_one_word() -> None:
    assert fold_text("Erdoğan visited Iğdır and İzmir") == fold_text(
        "Erdogan visited Igdir and Izmir"
    )


def test_shingles_are_runs_of_folded_words() -> None:
    assert shingles("The Turkic Council, renamed in 2021.", 3) == {
        b"the turkic council",
        b"turkic council renamed",
        b"council renamed in",
        b"renamed in 2021",
    }
    assert shingles("Two words", 5) == {b"two words"}
    assert shingles("  ...  ", 5) == set()


def test_a_fingerprint_is_deterministic_and_sized_by_the_params() -> None:
    params = NearDupParams(bands=10, rows=2)
    first = fingerprint("Kazakh and Kyrgyz officials met in Almaty.", params)
    again = fingerprint("Kazakh and Kyrgyz officials met in Almaty.", params)
    assert first == again
    assert len(first.values) == 20 and first.shingles == 3
    assert len(bucket_keys(first, params)) == 10


@pytest.mark.parametrize("words", [0, 1, 4, 5, 6, 80, 9000, 20_000])
def test_signatures_are_those_stored_by_earlier_versions(words: int) -> None:
    # comity made signatures with datasketch's MinHash before computing them
    # itself; databases keep them, so the numbers must not change.
    datasketch = pytest.importorskip("datasketch")
    chooser = random.Random(words)
    vocabulary = ["Baku", "Ankara", "signed", "visit", "treaty", "on", "the", "2021", "Tashkent"]
    text = " ".join(f"{chooser.choice(vocabulary)}{chooser.randrange(40)}" for _ in range(words))
    params = NearDupParams(bands=12, rows=5, seed=3)
    reference = datasketch.MinHash(num_perm=params.num_perm, seed=params.seed)
    reference.update_batch(list(shingles(text, params.shingle_words)))
    made = fingerprint(text, params)
    assert made.values.tolist() == reference.hashvalues.tolist()
    assert made.shingles == len(shingles(text, params.shingle_words))


def test_identical_texts_share_every_bucket_and_score_one() -> None:
    text = fixture_texts()["dup01_a"]
    a, b = fingerprint(text), fingerprint(text)
    assert bucket_keys(a) == bucket_keys(b)
    assert estimate_jaccard(a, b) == 1.0 and estimate_containment(a, b, 1.0) == 1.0


def test_an_empty_text_is_like_nothing() -> None:
    empty, full = fingerprint(""), fingerprint(fixture_texts()["dup01_a"])
    assert empty.shingles == 0 and estimate_jaccard(empty, full) == 0.0
    assert not compare("", empty, "x", full).duplicate


def test_a_trimmed_copy_is_contained_in_the_original() -> None:
    texts = fixture_texts()
    full, brief = fingerprint(texts["dup11_a"]), fingerprint(texts["dup11_b"])
    jaccard = estimate_jaccard(full, brief)
    assert jaccard < 0.75  # a third of the story is gone ...
    assert estimate_containment(full, brief, jaccard) > 0.85  # ... but what is left is the story


def test_swapped_names_in_aligned_sentences_are_conflicts() -> None:
    aligned, conflicts = detail_conflicts(
        "Turkey warmly congratulated the people of Kazakhstan on their national day, marked on "
        "16 December. The two states are close.",
        "Turkey warmly congratulated the people of Kyrgyzstan on their national day, marked on "
        "31 August. The two states are close.",
        0.5,
    )
    assert (aligned, conflicts) == (2, 1)


def test_added_words_are_not_conflicts() -> None:
    aligned, conflicts = detail_conflicts(
        "President Erdogan said the talks went well.",
        "Turkish President Recep Tayyip Erdoğan said on Tuesday the talks went well.",
        0.5,
    )
    assert (aligned, conflicts) == (1, 0)


def test_every_fixture_pair_is_judged_right() -> None:
    """Precision and recall over all pairs of the fixture articles (issue 13)."""
    texts = fixture_texts()
    fingerprints = {name: fingerprint(text) for name, text in texts.items()}
    assert len(texts) == 48
    wrong = []
    for a, b in itertools.combinations(texts, 2):
        verdict = compare(texts[a], fingerprints[a], texts[b], fingerprints[b])
        if verdict.duplicate != is_true_pair(a, b):
            wrong.append((a, b, verdict))
    assert wrong == []


@pytest.mark.parametrize("name", ["diff02", "diff05", "diff07", "diff11"])
def test_template_releases_overlap_like_copies_but_are_kept_apart(name: str) -> None:
    texts = fixture_texts()
    a, b = texts[f"{name}_a"], texts[f"{name}_b"]
    verdict = compare(a, fingerprint(a), b, fingerprint(b))
    assert verdict.containment >= DEFAULT_PARAMS.min_containment  # shingles alone would merge them
    assert verdict.conflicts >= 2 and not verdict.duplicate


def test_candidates_are_found_by_banding_for_every_true_pair() -> None:
    texts = fixture_texts()
    for number in range(1, 13):
        a = fingerprint(texts[f"dup{number:02d}_a"])
        b = fingerprint(texts[f"dup{number:02d}_b"])
        assert set(bucket_keys(a)) & set(bucket_keys(b)), f"dup{number:02d}"
