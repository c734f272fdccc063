"""The `petr2-gsr` suite: PETRARCH-2's CAMEO validation records, sentence by sentence.

The file looks like XML but is not well-formed (a self-closing `<Sentence .../>`
start tag later closed by `</Sentence>`), so records are split on their start
tag and read with regular expressions. Each sentence is coded on its own, dated
with the record's date. A coded event matches a gold one on (source country,
target country, CAMEO root), countries being the first three letters of the
CAMEO actor codes; the strict match compares full actor and event codes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from comity.errors import ConfigError, NotFound
from comity.evaluate.codes import UNKNOWN_ACTOR, cameo_country, to_cameo_actor
from comity.evaluate.coding import GoldSentence, code_sentences, limited
from comity.evaluate.scoring import (
    Counts,
    ErrorCase,
    EvalReport,
    breakdown,
    counts_of,
    match_keys,
)
from comity.extract.codebook import Codebook
from comity.extract.extractor import Extractor
from comity.models import Event

GOLD_FILE = Path("data", "petr2_gsr", "PETR2_GSR_validation.xml")

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_RECORD_START = re.compile(r"<Sentence\s")
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')
_CODING = re.compile(r"<EventCoding\s([^>]*)/?>")
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.DOTALL)

Triple = tuple[str, str, str]  # source, target, event code


@dataclass(frozen=True)
class CameoEvent:
    source: str
    target: str
    code: str

    @property
    def loose(self) -> Triple:
        """The key of the country-level match."""
        return (cameo_country(self.source), cameo_country(self.target), self.code[:2])

    @property
    def strict(self) -> Triple:
        return (self.source, self.target, self.code)

    def __str__(self) -> str:
        return f"{self.source}→{self.target} {self.code}"


@dataclass(frozen=True)
class Petr2Record:
    sentence: GoldSentence
    category: str
    events: tuple[CameoEvent, ...]


def parse_records(text: str) -> list[Petr2Record]:
    """The records of a PETRARCH validation file that are marked evaluate="true"."""
    chunks = _RECORD_START.split(_COMMENT.sub("", text))[1:]
    records = [_parse_record(chunk) for chunk in chunks]
    return [record for record in records if record is not None]


def _parse_record(chunk: str) -> Petr2Record | None:
    head = chunk.split(">", 1)[0]
    attributes = dict(_ATTRIBUTE.findall(head))
    if attributes.get("evaluate", "true").lower() != "true":
        return None
    body = _TEXT.search(chunk)
    if body is None or "id" not in attributes:
        raise ConfigError(f"PETRARCH record without id or <Text>: {chunk[:80]!r}")
    sentence = GoldSentence(
        attributes["id"], " ".join(body.group(1).split()), _record_date(attributes.get("date"))
    )
    events = tuple(
        CameoEvent(coding["sourcecode"], coding["targetcode"], coding["eventcode"])
        for coding in (dict(_ATTRIBUTE.findall(match)) for match in _CODING.findall(chunk))
        if "eventcode" in coding
    )
    return Petr2Record(sentence, attributes.get("category", ""), events)


def _record_date(value: str | None) -> date | None:
    if not value or len(value) != 8 or not value.isdigit():
        return None
    return date(int(value[:4]), int(value[4:6]), int(value[6:]))


def cameo_event_of(event: Event) -> CameoEvent:
    """A comity event written as CAMEO codes ("DIP" sector of "USA" → "USAGOV")."""
    return CameoEvent(
        to_cameo_actor(event.source, event.source_sector),
        to_cameo_actor(event.target, event.target_sector) if event.target else UNKNOWN_ACTOR,
        event.cameo,
    )


def run(extractor: Extractor, shared: Path, *, limit: int | None) -> EvalReport:
    path = shared / GOLD_FILE
    if not path.is_file():
        raise NotFound(f"PETRARCH-2 gold file not found at {path}")
    records = {r.sentence.key: r for r in parse_records(path.read_text(encoding="utf-8"))}
    chosen = limited([record.sentence for record in records.values()], limit)
    coded = [
        (records[sentence.key], _unique(cameo_event_of(e) for e in events))
        for sentence, events in code_sentences(extractor, chosen)
    ]
    return score(coded)


def _unique(events: Iterable[CameoEvent]) -> list[CameoEvent]:
    """One prediction per distinct strict triple (a repeat is a duplicate, not a wrong one)."""
    return list(dict.fromkeys(events))


def score(coded: list[tuple[Petr2Record, list[CameoEvent]]]) -> EvalReport:
    """Compare coded events with the records' gold events, country-level and strict."""
    codebook = Codebook.load()
    loose_total, strict_total = Counts(), Counts()
    roots_gold: list[tuple[str, bool]] = []
    roots_pred: list[tuple[str, bool]] = []
    types_gold: list[tuple[str, bool]] = []
    types_pred: list[tuple[str, bool]] = []
    errors: list[ErrorCase] = []
    for record, coded_events in coded:
        gold = list(record.events)
        predicted = _unique_by_loose_key(coded_events)
        found, correct = match_keys([g.loose for g in gold], [p.loose for p in predicted])
        loose_total += counts_of(found, correct)
        strict_total += counts_of(
            *match_keys([g.strict for g in gold], [p.strict for p in coded_events])
        )
        roots_gold += [(g.code[:2], hit) for g, hit in zip(gold, found, strict=True)]
        roots_pred += [(p.code[:2], ok) for p, ok in zip(predicted, correct, strict=True)]
        types_gold += [(_plover(codebook, g.code), hit) for g, hit in zip(gold, found, strict=True)]
        types_pred += [
            (_plover(codebook, p.code), ok) for p, ok in zip(predicted, correct, strict=True)
        ]
        errors += _errors(record, gold, found, predicted, correct)
    return EvalReport(
        suite="petr2-gsr",
        description="PETRARCH-2 validation records: (source country, target country, CAMEO root)",
        items=len(coded),
        overall=loose_total,
        extra_overall=(("strict (full actor and CAMEO codes)", strict_total),),
        breakdowns=(
            breakdown("CAMEO root", roots_gold, roots_pred),
            breakdown("PLOVER type (via comity's codebook)", types_gold, types_pred),
        ),
        errors=tuple(errors),
        notes=(
            "actor countries are the first three letters of CAMEO codes; comity codes are "
            "mapped by data/evaluate/cameo_actors.tsv (UN → IGOUNO, EU → IGOEUREEC)",
        ),
    )


def _unique_by_loose_key(events: list[CameoEvent]) -> list[CameoEvent]:
    """The first event of each country-level key: "USA" and "USAGOV" doing 042 count once."""
    chosen: dict[Triple, CameoEvent] = {}
    for event in events:
        chosen.setdefault(event.loose, event)
    return list(chosen.values())


def _plover(codebook: Codebook, code: str) -> str:
    try:
        return codebook.lookup(code).plover or "(statement)"
    except NotFound:
        return "(unknown code)"


def _errors(
    record: Petr2Record,
    gold: list[CameoEvent],
    found: list[bool],
    predicted: list[CameoEvent],
    correct: list[bool],
) -> list[ErrorCase]:
    got = ", ".join(str(p) for p in predicted) or "nothing"
    expected = ", ".join(str(g) for g in gold) or "no event"
    misses = [
        ErrorCase("missed", record.sentence.key, str(g), got, record.sentence.text)
        for g, hit in zip(gold, found, strict=True)
        if not hit
    ]
    wrong = [
        ErrorCase("wrong", record.sentence.key, expected, str(p), record.sentence.text)
        for p, ok in zip(predicted, correct, strict=True)
        if not ok
    ]
    return misses + wrong
