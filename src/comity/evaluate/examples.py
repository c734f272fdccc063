"""The `examples` suite: whole documents ingested as usual, scored against gold events.

The corpus is ingested into an in-memory store with the normal pipeline, its
events are exported as records, and each record is compared with the gold file
under the rules of the shared scorer (`shared/tools/score_events.py`): same
document (by base name), source and target among the gold values, PLOVER type
among the gold values, mode equal, date interval overlapping the gold one. Each
gold event is matched at most once; a prediction matching an already matched
gold event is a duplicate, not a false positive. Recall is over required gold
events; a match to an optional one still counts as a correct prediction.
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePath
from typing import Any

from comity.errors import NotFound
from comity.evaluate.scoring import Counts, ErrorCase, EvalReport, breakdown
from comity.export import event_record
from comity.extract.extractor import Extractor
from comity.pipeline import run_ingest
from comity.store import open_store

GOLD_FILE = Path("gold", "seeds_events.jsonl")
CORPUS_DIR = Path("examples", "seeds")
MANIFEST = "manifest.jsonl"
DOCUMENT_FIELDS = ("doc", "document", "path", "source_path", "file", "url", "doc_url")

Record = dict[str, Any]
Interval = tuple[date, date]


def interval(value: str | None, end: str | None = None) -> Interval | None:
    """The days an ISO date of any precision covers; `end` extends it to a range's end."""
    if not value:
        return None
    first, last = _bounds(value)
    if end:
        last = _bounds(end)[1]
    return first, last


def _bounds(value: str) -> Interval:
    parts = [int(part) for part in str(value)[:10].split("-") if part]
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    if len(parts) == 2:
        year, month = parts
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    day = date(parts[0], parts[1], parts[2])
    return day, day


def _admits(gold_value: Any, predicted: Any) -> bool:
    """Gold lists mean "any of"; a gold None admits a missing prediction."""
    options = gold_value if isinstance(gold_value, list) else [gold_value]
    if predicted in (None, "", []):
        return None in options
    return str(predicted).upper() in {
        str(option).upper() for option in options if option is not None
    }


def document_names(record: Record) -> list[str]:
    """Base names of every document field of a predicted record."""
    return [
        PurePath(str(record[key]).rstrip("/")).name for key in DOCUMENT_FIELDS if record.get(key)
    ]


def matches(gold: Record, predicted: Record) -> bool:
    """True when `predicted` codes the gold event under the shared scorer's rules."""
    if gold["doc"] not in document_names(predicted):
        return False
    if not (
        _admits(gold["source"], predicted.get("source"))
        and _admits(gold.get("target"), predicted.get("target"))
    ):
        return False
    if not _admits(gold["plover"], predicted.get("plover") or predicted.get("event_type")):
        return False
    if (predicted.get("mode") or "asserted").lower() != (gold.get("mode") or "asserted"):
        return False
    return _dates_overlap(gold, predicted)


def _dates_overlap(gold: Record, predicted: Record) -> bool:
    wanted = interval(gold.get("date"), gold.get("date_end"))
    if wanted is None:
        return True
    given = interval(predicted.get("date"), predicted.get("date_end"))
    return given is not None and given[0] <= wanted[1] and wanted[0] <= given[1]


@dataclass(frozen=True)
class Matching:
    """How predictions and gold events paired up."""

    matched: dict[int, int]  # gold index → index of the prediction that matched it
    correct: tuple[int, ...]  # indices of predictions that are right (not duplicates)
    wrong: tuple[int, ...]
    duplicates: int


def match_events(gold: Sequence[Record], predicted: Sequence[Record]) -> Matching:
    """Greedy, in prediction order; a required gold event is preferred to an optional one."""
    matched: dict[int, int] = {}
    correct: list[int] = []
    wrong: list[int] = []
    duplicates = 0
    for p_index, record in enumerate(predicted):
        candidates = [i for i, g in enumerate(gold) if matches(g, record)]
        fresh = [i for i in candidates if i not in matched]
        if fresh:
            matched[min(fresh, key=lambda i: (not gold[i].get("required", True), i))] = p_index
            correct.append(p_index)
        elif candidates:
            duplicates += 1
        else:
            wrong.append(p_index)
    return Matching(matched, tuple(correct), tuple(wrong), duplicates)


def load_jsonl(path: Path) -> list[Record]:
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def score(gold: list[Record], predicted: list[Record], *, items: int) -> EvalReport:
    """The report of `predicted` against `gold` (predictions outside gold documents ignored)."""
    gold_docs = {g["doc"] for g in gold}
    predicted = [p for p in predicted if gold_docs.intersection(document_names(p))]
    matching = match_events(gold, predicted)
    required = [i for i, g in enumerate(gold) if g.get("required", True)]
    found = [(i, i in matching.matched) for i in required]
    overall = Counts(
        correct=len(matching.correct),
        wrong=len(matching.wrong),
        found=sum(hit for _, hit in found),
        missed=sum(not hit for _, hit in found),
    )
    judged = [(i, True) for i in matching.correct] + [(i, False) for i in matching.wrong]
    return EvalReport(
        suite="examples",
        description="gold events of the example corpus, scored like shared/tools/score_events.py",
        items=items,
        overall=overall,
        breakdowns=(
            breakdown(
                "PLOVER type",
                [
                    (_first(_as_matched(gold, predicted, matching, i, "plover")), hit)
                    for i, hit in found
                ],
                [(str(predicted[i].get("plover")), ok) for i, ok in judged],
            ),
            breakdown(
                "CAMEO root",
                [
                    (_root(_as_matched(gold, predicted, matching, i, "cameo")), hit)
                    for i, hit in found
                ],
                [(_root(predicted[i].get("cameo")), ok) for i, ok in judged],
            ),
        ),
        errors=tuple(
            [_missed(gold[i]) for i, hit in found if not hit]
            + [_wrong(predicted[i]) for i in matching.wrong]
        ),
        notes=(
            f"{matching.duplicates} duplicate predictions (matching an already matched gold event)",
            "per-type rows: by the predicted code; a missed gold event by its own (first) code",
        ),
    )


def _as_matched(
    gold: list[Record], predicted: list[Record], matching: Matching, index: int, key: str
) -> Any:
    """`key` of the prediction that matched a gold event, or the gold's own when it was missed."""
    if index in matching.matched:
        return predicted[matching.matched[index]].get(key)
    return gold[index].get(key)


def _first(value: Any) -> str:
    return str(value[0] if isinstance(value, list) else value)


def _root(code: Any) -> str:
    text = _first(code) if code else ""
    return text[:2] if len(text) >= 2 else "(none)"


def _describe(record: Record) -> str:
    dates = "–".join(str(d) for d in (record.get("date"), record.get("date_end")) if d) or "no date"
    mode = record.get("mode") or "asserted"
    return f"{record.get('source')}→{record.get('target')} {record.get('plover')} {dates} {mode}"


def _missed(gold: Record) -> ErrorCase:
    return ErrorCase("missed", gold["doc"], _describe(gold), "", str(gold.get("evidence", "")))


def _wrong(predicted: Record) -> ErrorCase:
    names = document_names(predicted)
    return ErrorCase(
        "wrong",
        names[0] if names else "",
        "",
        _describe(predicted),
        str(predicted.get("sentence", "")),
    )


def corpus_files(corpus: Path, limit: int | None) -> list[Path]:
    """The texts of a corpus folder in name order (its manifest left out), at most `limit`."""
    paths = sorted(p for p in corpus.iterdir() if p.is_file() and p.name != MANIFEST)
    return paths if limit is None else paths[:limit]


def ingest_and_export(extractor: Extractor, corpus: Path, paths: list[Path]) -> list[Record]:
    """Ingest `paths` into a fresh in-memory store; its events as export records."""
    manifest = corpus / MANIFEST
    with open_store(":memory:") as store:
        run_ingest(
            [str(p) for p in paths],
            store,
            extractor,
            manifest=manifest if manifest.is_file() else None,
        )
        return [event_record(event, doc) for event, doc in store.events_with_source()]


def run(extractor: Extractor, gold_path: Path, corpus: Path, *, limit: int | None) -> EvalReport:
    """Ingest the corpus (its first `limit` files) and score its events against the gold."""
    if not gold_path.is_file():
        raise NotFound(f"gold events file not found at {gold_path}")
    if not corpus.is_dir():
        raise NotFound(f"corpus folder not found at {corpus}")
    paths = corpus_files(corpus, limit)
    predicted = ingest_and_export(extractor, corpus, paths)
    gold = load_jsonl(gold_path)
    if limit is not None:  # the gold of documents left out is not counted as missed
        names = {p.name for p in paths}
        gold = [g for g in gold if g["doc"] in names]
    return score(gold, predicted, items=len(paths))
