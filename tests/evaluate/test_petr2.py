"""PETRARCH-2 validation records: splitting the not-quite-XML file, and scoring."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from comity.evaluate import run_suite
from comity.evaluate.petr2 import CameoEvent, Petr2Record, cameo_event_of, parse_records, score

SAMPLE = """<?xml version='1.0' encoding='utf-8'?>
<Validation>
# a banner line of the kind the real file has
<Sentences>
<Sentence category="MINE" date="20190312" id="MINE_1" evaluate="true"/>
<EventCoding eventcode="042" sourcecode="KAZGOV" targetcode="UZB" />
<EventCoding eventcode="057" sourcecode="KAZ" targetcode="UZB" />
<Text>
The Kazakh president travelled to Tashkent and signed a water-sharing
accord with Uzbekistan.
</Text>
<Parse>
1	The	the	DET	DT	_	2	det	_	_
</Parse>
</Sentence>

<Sentence category="MINE" date="20190313" id="MINE_2" evaluate="true"/>
<!-- a comment with <EventCoding eventcode="999" sourcecode="XXX" targetcode="YYY" /> inside -->
<EventCoding noevents="True" />
<Text>
Rain fell over the steppe for a third day.
</Text>
<Parse>
</Parse></Sentence>

<Sentence category="MINE" date="20190314" id="MINE_3" evaluate="false"/>
<EventCoding eventcode="111" sourcecode="AZE" targetcode="ARM" />
<Text>
Baku criticised Yerevan.
</Text>
</Sentence>
</Sentences>
</Validation>
"""


def test_records_are_split_on_their_start_tags() -> None:
    records = parse_records(SAMPLE)
    assert [r.sentence.key for r in records] == ["MINE_1", "MINE_2"]  # evaluate="false" left out
    first = records[0]
    assert first.sentence.published == date(2019, 3, 12)
    assert first.sentence.text.startswith("The Kazakh president travelled to Tashkent and signed")
    assert "\n" not in first.sentence.text
    assert first.events == (CameoEvent("KAZGOV", "UZB", "042"), CameoEvent("KAZ", "UZB", "057"))


def test_comments_and_noevent_markers_give_no_events() -> None:
    assert parse_records(SAMPLE)[1].events == ()


def test_comity_events_are_written_in_cameo_codes(event_maker) -> None:  # type: ignore[no-untyped-def]
    make_event = event_maker
    event = make_event(source="UN", target="SYR", target_sector="MIL", cameo="0331")
    assert cameo_event_of(event) == CameoEvent("IGOUNO", "SYRMIL", "0331")
    assert cameo_event_of(make_event(target=None)).target == "---"


def test_loose_match_compares_countries_and_roots_strict_the_full_codes() -> None:
    record = parse_records(SAMPLE)[0]
    predicted = [CameoEvent("KAZ", "UZB", "043"), CameoEvent("KAZ", "UZB", "0571")]
    report = score([(record, predicted)])
    assert (report.overall.correct, report.overall.wrong, report.overall.missed) == (2, 0, 0)
    strict = dict(report.extra_overall)["strict (full actor and CAMEO codes)"]
    assert strict.correct == 0
    assert strict.missed == 2


def test_a_repeated_country_level_event_is_counted_once() -> None:
    record = Petr2Record(
        parse_records(SAMPLE)[0].sentence, "MINE", (CameoEvent("KAZ", "UZB", "042"),)
    )
    predicted = [CameoEvent("KAZGOV", "UZB", "042"), CameoEvent("KAZ", "UZB", "040")]
    report = score([(record, predicted)])
    assert report.overall.wrong == 0
    assert report.overall.recall == 1.0


def test_false_positives_and_misses_are_reported_with_their_sentence() -> None:
    records = parse_records(SAMPLE)
    report = score([(records[0], [CameoEvent("UZB", "KAZ", "111")]), (records[1], [])])
    kinds = sorted(error.kind for error in report.errors)
    assert kinds == ["missed", "missed", "wrong"]
    assert all("Kazakh" in error.sentence for error in report.errors)
    roots = dict(report.breakdowns[0].rows)
    assert roots["11"].wrong == 1
    assert roots["04"].missed == 1


@pytest.mark.model
def test_a_slice_of_the_real_suite_gives_a_well_formed_report(shared: Path, extractor) -> None:  # type: ignore[no-untyped-def]
    report = run_suite("petr2-gsr", shared=shared, limit=15, extractor=extractor)
    assert report.items == 15
    assert report.overall.gold > 0
    for counts in [report.overall, *(c for b in report.breakdowns for _, c in b.rows)]:
        assert 0.0 <= counts.precision <= 1.0
        assert 0.0 <= counts.recall <= 1.0
        assert 0.0 <= counts.f1 <= 1.0
