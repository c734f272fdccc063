"""Store aggregates: sorted pages, tallies by type and dyad, trends, counts, searches."""

from __future__ import annotations

from collections.abc import Iterator

import builders
import pytest

from comity.models import Event, Precision, interval_of
from comity.store import Store, open_store
from comity.store import aggregates as agg
from comity.store.tallies import TypeTally, actor_counts, dyads_of, undirected


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    doc = builders.make_document("Several sentences about neighbours.", source="news/a.txt")
    other = builders.make_document("A second report.", source="news/b.txt", title="Second")
    events = [
        builders.make_event(doc, "e1", source="KAZ", target="KGZ", plover="CONSULT",
                            goldstein=1.0, date="2021-03-04", date_precision=Precision.DAY),
        builders.make_event(doc, "e2", source="KAZ", target="KGZ", plover="AGREE",
                            goldstein=8.0, date="2021-03", date_precision=Precision.MONTH),
        builders.make_event(doc, "e3", source="KGZ", target="KAZ", plover="CONSULT",
                            goldstein=3.0, date="2022", date_precision=Precision.YEAR),
        builders.make_event(doc, "e4", source="UZB", target=None, target_name=None,
                            plover="MOBILIZE", goldstein=-5.0),
    ]  # fmt: skip
    with open_store(db_url) as opened:
        opened.save_document(doc, [], events)
        opened.save_document(
            other, [], [builders.make_event(other, "e5", source="UZB", target="KAZ")]
        )
        yield opened


def test_sorted_events_by_goldstein_and_by_date_descending(store: Store) -> None:
    by_score = agg.sorted_events(store, sort="goldstein", descending=True, limit=3)
    assert [event.id for event in by_score] == ["e2", "e3", "e1"]
    latest = agg.sorted_events(store, sort="date", descending=True, limit=5, actor="KGZ")
    assert [event.id for event in latest] == ["e3", "e1", "e2"]  # 2022, then 4 Mar, then March
    with pytest.raises(ValueError, match="sort"):
        agg.sorted_events(store, sort="sentence", descending=True)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("sort", "descending", "filters"),
    [
        ("date", False, {}),
        ("goldstein", True, {"actor": "KGZ"}),
        ("date", True, {"plover": "consult"}),
    ],
)
def test_event_rows_are_the_records_json_form(
    store: Store, sort: agg.SortKey, descending: bool, filters: dict[str, str]
) -> None:
    page = {"sort": sort, "descending": descending, "limit": 4, **filters}
    records = agg.sorted_events(store, **page)  # type: ignore[arg-type]
    rows = agg.sorted_event_rows(store, **page)  # type: ignore[arg-type]
    assert rows == [event.model_dump(mode="json") for event in records]
    assert rows


def test_dyads_keep_the_earliest_and_latest_day_of_their_types() -> None:
    tallies = [
        TypeTally("KAZ", "KGZ", "AGREE", 2, 9.0, "2021-05-01", "2021-06-30"),
        TypeTally("KAZ", "KGZ", "CONSULT", 3, 1.5, "2020-01-01", "2020-12-31"),
        TypeTally("KAZ", "KGZ", "AID", 1, 7.0, None, None),
        TypeTally("KGZ", "KAZ", "AID", 1, 7.0, "2019-02-02", "2019-02-02"),
    ]
    forward, backward = dyads_of(tallies)
    assert (forward.events, forward.goldstein_sum) == (6, 17.5)
    assert (forward.first_day, forward.last_day) == ("2020-01-01", "2021-06-30")
    assert forward.plover_counts == {"AGREE": 2, "CONSULT": 3, "AID": 1}
    assert forward.plover == "CONSULT"
    assert (backward.source, backward.first_day) == ("KGZ", "2019-02-02")
    assert undirected([forward, backward])[0].events == 7


def test_type_tallies_keep_events_without_a_target(store: Store) -> None:
    tallies = {(t.source, t.target, t.plover): t.events for t in agg.type_tallies(store)}
    assert tallies[("UZB", None, "MOBILIZE")] == 1
    assert sum(tallies.values()) == 5


def test_dyad_tallies_fold_types_and_skip_one_sided_events(store: Store) -> None:
    dyads = {(t.source, t.target): t for t in agg.dyad_tallies(store)}
    assert set(dyads) == {("KAZ", "KGZ"), ("KGZ", "KAZ"), ("UZB", "KAZ")}
    kaz_kgz = dyads[("KAZ", "KGZ")]
    assert (kaz_kgz.events, kaz_kgz.goldstein_mean) == (2, 4.5)
    assert (kaz_kgz.first_day, kaz_kgz.last_day) == ("2021-03-01", "2021-03-31")
    assert kaz_kgz.plover_counts == {"AGREE": 1, "CONSULT": 1}
    assert kaz_kgz.plover == "AGREE"  # a tie goes to the alphabetically first


def test_undirected_tallies_sum_both_ways(store: Store) -> None:
    pairs = {(t.source, t.target): t for t in undirected(agg.dyad_tallies(store))}
    assert pairs[("KAZ", "KGZ")].events == 3
    assert pairs[("KAZ", "KGZ")].plover == "CONSULT"
    assert pairs[("KAZ", "KGZ")].last_day == "2022-12-31"


def test_actor_counts_count_each_event_once(store: Store) -> None:
    assert agg.actor_event_counts(store) == {"KAZ": 4, "KGZ": 3, "UZB": 2}
    assert agg.actor_event_counts(store, codes=["UZB"]) == {"UZB": 2}
    assert agg.actor_event_counts(store, codes=["KGZ"], since="2022") == {"KGZ": 1}


def test_monthly_trend_leaves_out_year_precise_and_undated_events(store: Store) -> None:
    trend = agg.monthly_trend(store, dyad=("KAZ", "KGZ"))
    assert [(m.month, m.events, m.goldstein_mean) for m in trend] == [("2021-03", 2, 4.5)]


def test_counts_by_field_and_the_dated_span(store: Store) -> None:
    assert agg.counts_by(store, "year") == {"undated": 2, "2021": 2, "2022": 1}
    assert agg.counts_by(store, "plover", actor="UZB") == {"CONSULT": 1, "MOBILIZE": 1}
    assert agg.date_span(store) == ("2021-03-01", "2022-12-31")
    assert agg.date_span(store, actor="NOBODY") == (None, None)


def test_timeline_rows_hold_only_what_a_timeline_draws(store: Store) -> None:
    rows = agg.timeline_rows(store, limit=2, actor="KGZ")
    assert [row["id"] for row in rows] == ["e2", "e1"]  # March 2021 starts before 4 March
    assert set(rows[0]) == set(agg.TIMELINE_COLUMNS)
    values = agg.timeline_tuples(store, limit=2, actor="KGZ")
    assert [tuple(row) for row in values] == [tuple(row.values()) for row in rows]


def test_stored_actors_search_code_and_name_with_wildcards_as_text(store: Store) -> None:
    found = {actor.code for actor in agg.stored_actors(store, "kyrgyz")}
    assert found == {"KGZ"}
    assert agg.stored_actors(store, "%") == []
    assert agg.entity_names(store, ["KAZ", "NOBODY"]) == {"KAZ": "Kazakhstan"}
    assert agg.stored_actor(store, "KGZ") is not None


def test_document_summaries_count_events(store: Store) -> None:
    summaries = {s.source: s.events for s in agg.document_summaries(store)}
    assert summaries == {"news/a.txt": 4, "news/b.txt": 1}
    assert agg.count_documents(store) == 2


def test_read_tuning_applies_to_new_connections(tmp_path) -> None:  # type: ignore[no-untyped-def]
    with open_store(tmp_path / "tuned.db") as tuned:
        agg.tune_for_reading(tuned, cache_mb=8, mmap_mb=16)
        with tuned._engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == -8192
            assert connection.exec_driver_sql("PRAGMA mmap_size").scalar() == 16 * 1024 * 1024


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"actor": "KGZ"},
        {"actor": "kgz"},
        {"dyad": ("KGZ", "KAZ")},
        {"plover": "consult"},
        {"cameo": "04"},
        {"cameo": "0_"},  # a wildcard of LIKE is a plain character here
        {"since": "2021-03-10"},
        {"since": "2021", "until": "2021-12"},
        {"doc_id": "nothing"},
        {"actor": "KAZ", "plover": "AGREE", "since": "2020"},
    ],
)
def test_statements_built_once_per_shape_match_the_store_filters(
    store: Store, filters: dict[str, object]
) -> None:
    expected = [event.id for event in store.events(**filters)]  # type: ignore[arg-type]
    assert agg.count_events(store, **filters) == len(expected)  # type: ignore[arg-type]
    rows = agg.sorted_event_rows(store, limit=50, **filters)  # type: ignore[arg-type]
    assert [row["id"] for row in rows] == expected
    assert [row["id"] for row in agg.timeline_rows(store, limit=50, **filters)] == expected  # type: ignore[arg-type]


def test_a_bad_period_is_refused_before_any_statement(store: Store) -> None:
    with pytest.raises(ValueError, match="since"):
        agg.count_events(store, since="2021-13")
    with pytest.raises(ValueError, match="after"):
        agg.type_tallies(store, since="2022", until="2021")


@pytest.fixture
def crowded(db_url: str) -> Iterator[Store]:
    """Thirty events of KAZ on ten days (three a day, one with no date), to page through."""
    doc = builders.make_document("Many meetings of Kazakhstan.", source="news/many.txt")
    made = [
        builders.make_event(doc, f"m{n:02d}", source="KAZ" if n % 2 else "UZB",
                            target="UZB" if n % 2 else "KAZ", plover="CONSULT",
                            goldstein=float(n % 7), span_start=n, trigger_start=n,
                            date=None if n == 13 else f"2022-01-{1 + n % 10:02d}")
        for n in range(30)
    ]  # fmt: skip
    with open_store(db_url) as opened:
        opened.save_document(doc, [], made)
        yield opened


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize(("limit", "offset"), [(1, 0), (4, 0), (4, 3), (7, 25), (30, 0), (5, 40)])
def test_pages_by_date_of_an_actor_are_the_whole_order_cut_into_pages(
    crowded: Store, descending: bool, limit: int, offset: int
) -> None:
    def in_order(event: Event) -> tuple[bool, int, str, int, int, str]:
        day = interval_of(event.date)[0].toordinal() if event.date else 0
        place = (event.doc_id, event.span_start, event.trigger_start, event.id)
        return (event.date is None, -day if descending else day, *place)

    ordered = [event.id for event in sorted(crowded.events(actor="KAZ"), key=in_order)]
    page = agg.sorted_event_rows(
        crowded, sort="date", descending=descending, limit=limit, offset=offset, actor="KAZ"
    )
    assert [row["id"] for row in page] == ordered[offset : offset + limit]


def test_actor_counts_from_tallies_are_the_counts_of_the_store(store: Store) -> None:
    for filters in ({}, {"since": "2022"}, {"plover": "CONSULT"}):
        tallies = agg.type_tallies(store, **filters)  # type: ignore[arg-type]
        assert actor_counts(tallies) == agg.actor_event_counts(store, **filters)  # type: ignore[arg-type]
