"""The `plover-gsr` suite: PLOVER's gold-standard records (CAMEO manual examples).

The records (a JSON array) use the pre-2021 PLOVER vocabulary, translated with
`data/evaluate/plover_vocabulary.tsv`. Each sentence is coded on its own. A
record counts as typed right when one of comity's events in it has the gold
type; its actors match when one such event has a gold source country and a
gold target country (or the gold gives no target).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from comity.errors import ConfigError, NotFound
from comity.evaluate.codes import cameo_country, modern_plover, to_cameo_actor
from comity.evaluate.coding import GoldSentence, code_sentences, limited
from comity.evaluate.scoring import Counts, ErrorCase, EvalReport, Metric, breakdown
from comity.extract.extractor import Extractor
from comity.models import Event

GOLD_FILE = Path("data", "plover_gsr", "PLOVER_GSR_CAMEO.txt")
METADATA_EVENT = "DOCUMENT"  # the first record describes the file, not an event


@dataclass(frozen=True)
class PloverRecord:
    sentence: GoldSentence
    event_type: str  # in the 2021 vocabulary
    sources: frozenset[str]  # CAMEO country codes
    targets: frozenset[str]  # empty: the gold gives no target

    def actors_match(self, event: Event) -> bool:
        source = cameo_country(to_cameo_actor(event.source))
        if source not in self.sources:
            return False
        return not self.targets or cameo_country(to_cameo_actor(event.target)) in self.targets


def parse_records(text: str) -> list[PloverRecord]:
    """The event records of a PLOVER GSR file (a JSON array)."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as error:
        raise ConfigError(f"PLOVER gold file is not JSON: {error}") from error
    if not isinstance(raw, list):
        raise ConfigError("PLOVER gold file must hold a JSON array of records")
    return [_record(item) for item in raw if item.get("event") not in (None, METADATA_EVENT)]


def _record(item: dict[str, Any]) -> PloverRecord:
    sentence = GoldSentence(str(item["id"]), " ".join(str(item["text"]).split()))
    return PloverRecord(
        sentence,
        modern_plover(str(item["event"])),
        _countries(item.get("source")),
        _countries(item.get("target")),
    )


def _countries(actors: Any) -> frozenset[str]:
    """Gold actors may be a list of {code: ...}, an empty string or missing."""
    if not isinstance(actors, list):
        return frozenset()
    return frozenset(cameo_country(str(actor["code"])) for actor in actors if actor.get("code"))


@dataclass(frozen=True)
class RecordResult:
    record: PloverRecord
    types: tuple[str, ...]  # distinct types comity coded, in text order
    typed_right: bool
    # some event of the gold type (or, failing that, any event) has the gold actors
    actors_right: bool


def judge(record: PloverRecord, events: Sequence[Event]) -> RecordResult:
    types = tuple(dict.fromkeys(event.plover for event in events))
    same_type = [event for event in events if event.plover == record.event_type]
    return RecordResult(
        record,
        types,
        typed_right=bool(same_type),
        actors_right=any(record.actors_match(event) for event in same_type or events),
    )


def run(extractor: Extractor, shared: Path, *, limit: int | None) -> EvalReport:
    path = shared / GOLD_FILE
    if not path.is_file():
        raise NotFound(f"PLOVER gold file not found at {path}")
    records = {r.sentence.key: r for r in parse_records(path.read_text(encoding="utf-8"))}
    chosen = limited([record.sentence for record in records.values()], limit)
    results = [judge(records[s.key], events) for s, events in code_sentences(extractor, chosen)]
    return score(results)


def score(results: list[RecordResult]) -> EvalReport:
    """Type accuracy, actor match rate, and P/R/F1 of the distinct types coded per record."""
    coded = [r for r in results if r.types]
    gold = [(r.record.event_type, r.typed_right) for r in results]
    predicted = [(t, t == r.record.event_type) for r in results for t in r.types]
    hits = sum(r.typed_right for r in results)
    overall = Counts(
        correct=sum(ok for _, ok in predicted),
        wrong=sum(not ok for _, ok in predicted),
        found=hits,
        missed=len(results) - hits,
    )
    return EvalReport(
        suite="plover-gsr",
        description="PLOVER gold-standard records: event type per sentence, and its actors",
        items=len(results),
        overall=overall,
        breakdowns=(breakdown("PLOVER type", gold, predicted),),
        metrics=(
            Metric.of("type accuracy, records with an event", hits, len(coded)),
            Metric.of("type accuracy, all records", hits, len(results)),
            Metric.of(
                "actor match, records with an event", sum(r.actors_right for r in coded), len(coded)
            ),
            Metric.of(
                "type and actors right, all records",
                sum(r.typed_right and r.actors_right for r in results),
                len(results),
            ),
            Metric.of("records with an event", len(coded), len(results)),
        ),
        errors=tuple(_errors(results)),
        notes=(
            "gold types translated to the 2021 vocabulary by data/evaluate/plover_vocabulary.tsv",
        ),
    )


def _errors(results: list[RecordResult]) -> list[ErrorCase]:
    cases = []
    for result in results:
        record = result.record
        sources = "/".join(sorted(record.sources)) or "?"
        targets = "/".join(sorted(record.targets)) or "-"
        expected = f"{record.event_type} {sources}→{targets}"
        got = ", ".join(result.types) or "nothing"
        if not result.typed_right:
            cases.append(
                ErrorCase("missed", record.sentence.key, expected, got, record.sentence.text)
            )
        cases += [
            ErrorCase("wrong", record.sentence.key, expected, t, record.sentence.text)
            for t in result.types
            if t != record.event_type
        ]
    return cases
