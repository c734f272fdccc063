from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from builders import make_document, make_event
from sqlalchemy import event as sa_event

from comity.models import Event
from comity.store import Store
from comity.store.query import EventFilter, select_events

# Six events on a small timeline; ids tell the date they carry.
ANKARA = make_document(
    "Ankara and Baku consulted in 2021; later Baku agreed and Ankara blamed Nicosia."
)
ASTANA = make_document("Astana sent aid to Ankara from 30 March to 2 April 2022.")
TASHKENT = make_document(
    "Tashkent and Bishkek are still talking; Brussels agreed with Ankara in 2023."
)

EVENTS = [
    make_event(ANKARA, "y2021-consult", source="TUR", target="AZE", date="2021"),
    make_event(
        ANKARA,
        "m2022-03-agree",
        source="AZE",
        target="TUR",
        plover="AGREE",
        cameo="057",
        date="2022-03",
        span_start=30,
    ),
    make_event(
        ANKARA,
        "d2022-03-15-accuse",
        source="TUR",
        target="CYP",
        plover="ACCUSE",
        cameo="112",
        date="2022-03-15",
        span_start=50,
    ),
    make_event(
        ASTANA,
        "r2022-03-30-aid",
        source="KAZ",
        target="TUR",
        plover="AID",
        cameo="070",
        date="2022-03-30",
        date_end="2022-04-02",
    ),
    make_event(ASTANA, "undated-talks", source="UZB", target="KGZ"),
    make_event(
        TASHKENT,
        "d2023-01-01-agree",
        source="EU",
        target="TUR",
        plover="Agree",
        cameo="0571",
        date="2023-01-01",
        span_start=40,
    ),
]


@pytest.fixture
def timeline(store: Store) -> Store:
    for doc in (ANKARA, ASTANA, TASHKENT):
        store.save_document(doc, [], [e for e in EVENTS if e.doc_id == doc.id])
    return store


def ids(events: Iterator[Event]) -> list[str]:
    return [event.id for event in events]


def test_events_come_in_timeline_order_with_undated_last(timeline: Store) -> None:
    assert ids(timeline.events()) == [
        "y2021-consult",
        "m2022-03-agree",
        "d2022-03-15-accuse",
        "r2022-03-30-aid",
        "d2023-01-01-agree",
        "undated-talks",
    ]


def test_same_day_events_follow_document_then_position(store: Store) -> None:
    first_doc, second_doc = sorted(
        [make_document("Riga and Vilnius met."), make_document("Oslo and Bern met.")],
        key=lambda doc: doc.id,
    )
    late = make_event(second_doc, "later-doc", date="2020-05-05")
    far = make_event(first_doc, "far-in-text", date="2020-05-05", span_start=15)
    near = make_event(first_doc, "near-start", date="2020-05", span_start=2)
    near_day = make_event(first_doc, "near-in-text", date="2020-05-05", span_start=3)
    store.save_document(second_doc, [], [late])
    store.save_document(first_doc, [], [far, near, near_day])
    assert ids(store.events()) == ["near-start", "near-in-text", "far-in-text", "later-doc"]


def test_actor_matches_source_or_target(timeline: Store) -> None:
    assert set(ids(timeline.events(actor="TUR"))) == {
        "y2021-consult",
        "m2022-03-agree",
        "d2022-03-15-accuse",
        "r2022-03-30-aid",
        "d2023-01-01-agree",
    }
    assert ids(timeline.events(actor="KGZ")) == ["undated-talks"]


@pytest.mark.parametrize("pair", [("TUR", "AZE"), ("AZE", "TUR")])
def test_a_dyad_matches_both_directions(timeline: Store, pair: tuple[str, str]) -> None:
    assert ids(timeline.events(dyad=pair)) == ["y2021-consult", "m2022-03-agree"]


def test_plover_ignores_case(timeline: Store) -> None:
    assert ids(timeline.events(plover="agree")) == ["m2022-03-agree", "d2023-01-01-agree"]
    assert ids(timeline.events(plover="AID")) == ["r2022-03-30-aid"]


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("05", ["m2022-03-agree", "d2023-01-01-agree"]),
        ("0571", ["d2023-01-01-agree"]),
        ("1", ["d2022-03-15-accuse"]),
        ("0%", []),
        ("0_7", []),
    ],
)
def test_cameo_matches_a_code_prefix_literally(
    timeline: Store, prefix: str, expected: list[str]
) -> None:
    assert ids(timeline.events(cameo=prefix)) == expected


def test_doc_id_keeps_one_document(timeline: Store) -> None:
    assert ids(timeline.events(doc_id=ASTANA.id)) == ["r2022-03-30-aid", "undated-talks"]


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        (
            "2022",
            None,
            ["m2022-03-agree", "d2022-03-15-accuse", "r2022-03-30-aid", "d2023-01-01-agree"],
        ),
        (None, "2021", ["y2021-consult"]),
        ("2022-03-20", None, ["m2022-03-agree", "r2022-03-30-aid", "d2023-01-01-agree"]),
        (None, "2022-03-14", ["y2021-consult", "m2022-03-agree"]),
        ("2022-04", "2022-04", ["r2022-03-30-aid"]),
        ("2021-12-31", "2021-12-31", ["y2021-consult"]),
        ("2022-03-15", "2022-03-15", ["m2022-03-agree", "d2022-03-15-accuse"]),
        ("2022-04-03", "2022-12", []),
    ],
)
def test_since_and_until_keep_events_whose_dates_overlap(
    timeline: Store, since: str | None, until: str | None, expected: list[str]
) -> None:
    assert ids(timeline.events(since=since, until=until)) == expected
    assert timeline.count_events(since=since, until=until) == len(expected)


@pytest.mark.parametrize("bad", ["2022/03", "22", "2022-3", "March 2022", "2022-03-05T10:00", ""])
def test_malformed_periods_name_the_accepted_forms(timeline: Store, bad: str) -> None:
    with pytest.raises(ValueError, match="YYYY, YYYY-MM or YYYY-MM-DD"):
        timeline.events(since=bad)
    with pytest.raises(ValueError, match="until"):
        timeline.count_events(until=bad)


@pytest.mark.parametrize("impossible", ["2022-13", "2023-02-29", "2022-00"])
def test_impossible_dates_are_refused(timeline: Store, impossible: str) -> None:
    with pytest.raises(ValueError, match="not a real date"):
        timeline.events(until=impossible)


def test_since_after_until_is_refused(timeline: Store) -> None:
    with pytest.raises(ValueError, match="after"):
        timeline.events(since="2023", until="2022-12-31")


def test_filters_combine(timeline: Store) -> None:
    found = ids(timeline.events(actor="TUR", plover="agree", since="2022-06"))
    assert found == ["d2023-01-01-agree"]


def test_limit_and_offset_page_through_the_timeline(timeline: Store) -> None:
    everything = ids(timeline.events())
    assert ids(timeline.events(limit=2)) == everything[:2]
    assert ids(timeline.events(limit=2, offset=2)) == everything[2:4]
    assert ids(timeline.events(offset=5)) == everything[5:]
    with pytest.raises(ValueError):
        timeline.events(limit=-1)


def test_count_events_agrees_with_events(timeline: Store) -> None:
    assert timeline.count_events() == len(EVENTS)
    assert timeline.count_events(actor="TUR") == len(ids(timeline.events(actor="TUR")))
    assert timeline.count_events(dyad=("KGZ", "UZB")) == 1
    with pytest.raises(TypeError):
        timeline.count_events(colour="red")  # type: ignore[call-arg]


def test_events_with_source_pairs_each_event_with_its_document_source(timeline: Store) -> None:
    pairs = list(timeline.events_with_source(actor="KAZ"))
    assert [(event.id, source) for event, source in pairs] == [("r2022-03-30-aid", ASTANA.source)]


def test_filter_values_are_bound_parameters_not_sql(timeline: Store) -> None:
    hostile = "TUR' OR 1=1 --"
    assert ids(timeline.events(actor=hostile)) == []
    assert ids(timeline.events(dyad=(hostile, "AZE"))) == []
    assert ids(timeline.events(plover="x'; DROP TABLE events; --")) == []
    assert timeline.count_events() == len(EVENTS)
    sql = str(select_events(EventFilter(actor=hostile)))
    assert "1=1" not in sql


def test_events_stream_lazily(timeline: Store) -> None:
    statements: list[dict[str, Any]] = []

    def record(
        conn: Any, cursor: Any, statement: str, params: Any, context: Any, many: bool
    ) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(dict(context.execution_options))

    sa_event.listen(timeline._engine, "before_cursor_execute", record)
    try:
        stream = timeline.events()
        assert isinstance(stream, Iterator)
        assert statements == []  # nothing is read before the first event is asked for
        first = next(stream)
        assert first.id == "y2021-consult"
        assert statements and statements[0].get("yield_per")
        assert len(ids(stream)) == len(EVENTS) - 1
    finally:
        sa_event.remove(timeline._engine, "before_cursor_execute", record)


def test_a_lookup_can_run_while_events_stream(timeline: Store) -> None:
    sources = [timeline.document_source(event.doc_id) for event in timeline.events()]
    assert sources.count(ANKARA.source) == 3
