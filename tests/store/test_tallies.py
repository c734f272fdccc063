"""Folding tallies: by type into dyads, dyads into pairs and into one actor's partners."""

from __future__ import annotations

from comity.store.tallies import (
    DyadTally,
    TypeTally,
    actor_counts,
    dyads_of,
    merge,
    partners_of,
    plover_counts,
    undirected,
)

# Dyads both ways, one way only, an actor with itself, and an event with no target.
TALLIES = [
    TypeTally("KAZ", "KGZ", "CONSULT", 3, 0.1, "2021-01-01", "2021-01-31"),
    TypeTally("KAZ", "KGZ", "AGREE", 3, 0.2, "2021-02-01", "2021-02-28"),
    TypeTally("KGZ", "KAZ", "AGREE", 4, 0.7, None, None),
    TypeTally("KAZ", "UZB", "AID", 2, 14.0, "2020-05-05", "2020-05-05"),
    TypeTally("UZB", "KAZ", "ACCUSE", 2, -4.0, "2019-01-01", "2019-12-31"),
    TypeTally("TJK", "KAZ", "CONSULT", 4, 4.0, "2022-03-01", "2022-03-01"),
    TypeTally("KAZ", "KAZ", "CONSULT", 1, 1.0, "2022-04-04", "2022-04-04"),
    TypeTally("KAZ", None, "MOBILIZE", 5, -30.0, None, None),
]


def by_merging(code: str, dyads: list[DyadTally]) -> list[tuple[str, int, float, str]]:
    """Partners as the explorer first made them: merge per partner, then pairs."""
    parts: dict[str, list[DyadTally]] = {}
    for tally in dyads:
        parts.setdefault(tally.target if tally.source == code else tally.source, []).append(tally)
    merged = undirected(merge((code, other), found) for other, found in parts.items())
    return [
        (t.target if t.source == code else t.source, t.events, t.goldstein_mean, t.plover)
        for t in merged
    ]


def test_partners_sum_both_directions_as_merging_did() -> None:
    partners = partners_of("KAZ", dyads_of(TALLIES))
    found = [(p.partner, p.events, p.goldstein_mean, p.plover) for p in partners]
    assert found == by_merging("KAZ", dyads_of(TALLIES))
    assert found[0] == ("KGZ", 10, 0.1, "AGREE")  # 6 + 4 events, AGREE 7 against CONSULT 3
    assert [p.partner for p in partners] == ["KGZ", "TJK", "UZB", "KAZ"]  # ties: by pair


def test_actor_counts_count_an_event_with_itself_once() -> None:
    counts = actor_counts(TALLIES)
    assert counts["KAZ"] == 3 + 3 + 4 + 2 + 2 + 4 + 1 + 5
    assert counts["KGZ"] == 10
    assert None not in counts


def test_plover_counts_are_in_type_order() -> None:
    assert list(plover_counts(TALLIES)) == sorted({t.plover for t in TALLIES})
    assert plover_counts(TALLIES)["CONSULT"] == 8


def test_pairs_sum_both_directions_as_merging_each_pair_does() -> None:
    dyads = dyads_of(TALLIES)
    pairs = undirected(dyads)
    for pair in pairs:
        parts = [d for d in dyads if {d.source, d.target} == {pair.source, pair.target}]
        assert pair == merge((pair.source, pair.target), parts)
    assert [(p.source, p.target) for p in pairs] == [
        ("KAZ", "KGZ"), ("KAZ", "TJK"), ("KAZ", "UZB"), ("KAZ", "KAZ"),
    ]  # fmt: skip
