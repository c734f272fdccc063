"""The `case2021` suite: CASE 2021 Task 2 snippets, one event-type label each.

comity's events are translated to the task's labels by
`data/evaluate/case2021_labels.tsv` (longest CAMEO prefix first, then the
PLOVER type); a snippet's prediction is the label of its first event that has
one, or none. Only labels the translation can produce are scored: their
per-label P/R/F1, the micro totals and the macro-F1.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from comity.errors import ConfigError, NotFound
from comity.evaluate.codes import LabelRules, case2021_rules
from comity.evaluate.coding import GoldSentence, code_sentences, limited
from comity.evaluate.scoring import Counts, ErrorCase, EvalReport, Metric, breakdown
from comity.extract.extractor import Extractor
from comity.models import Event

GOLD_FILE = Path("data", "case2021_task2", "test_set_final_release_with_labels.tsv")
COLUMNS = ("id", "EventSnippet", "SubType")


@dataclass(frozen=True)
class Snippet:
    sentence: GoldSentence
    label: str


def parse_snippets(text: str) -> list[Snippet]:
    """Rows of the task's TSV (no quoting; header id, EventSnippet, SubType)."""
    header, *lines = text.splitlines()
    if tuple(header.split("\t")) != COLUMNS:
        raise ConfigError(f"CASE 2021 file header must be {'/'.join(COLUMNS)}, got {header!r}")
    snippets = []
    for number, line in enumerate(lines, start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != len(COLUMNS):
            raise ConfigError(f"CASE 2021 file line {number}: expected 3 columns")
        key, snippet, label = (cell.strip() for cell in cells)
        snippets.append(Snippet(GoldSentence(key, snippet), label))
    return snippets


def predict_label(events: Sequence[Event], rules: LabelRules) -> str | None:
    """The label of the first event that has one."""
    for event in events:
        label = rules.label(event.cameo, event.plover)
        if label is not None:
            return label
    return None


def run(extractor: Extractor, shared: Path, *, limit: int | None) -> EvalReport:
    path = shared / GOLD_FILE
    if not path.is_file():
        raise NotFound(f"CASE 2021 Task 2 file not found at {path}")
    snippets = {s.sentence.key: s for s in parse_snippets(path.read_text(encoding="utf-8"))}
    chosen = limited([snippet.sentence for snippet in snippets.values()], limit)
    rules = case2021_rules()
    predictions = [
        (snippets[sentence.key], predict_label(events, rules))
        for sentence, events in code_sentences(extractor, chosen)
    ]
    return score(predictions, rules.labels)


def score(predictions: list[tuple[Snippet, str | None]], labels: frozenset[str]) -> EvalReport:
    """Per-label counts over `labels`.

    A snippet whose gold label is not scored can still hold a false positive.
    """
    gold = [(s.label, predicted == s.label) for s, predicted in predictions if s.label in labels]
    judged = [
        (predicted, predicted == s.label) for s, predicted in predictions if predicted is not None
    ]
    table = breakdown("CASE 2021 label (labels comity can produce)", gold, judged)
    overall = sum((counts for _, counts in table.rows), Counts())
    return EvalReport(
        suite="case2021",
        description="CASE 2021 Task 2 snippets: one label each, on the labels comity can produce",
        items=len(predictions),
        overall=overall,
        breakdowns=(table,),
        metrics=(
            Metric("macro-F1 over the scored labels", table.macro_f1()),
            Metric.of("snippets with a predicted label", len(judged), len(predictions)),
            Metric.of("snippets whose gold label is scored", len(gold), len(predictions)),
        ),
        errors=tuple(_errors(predictions, labels)),
        notes=(f"scored labels: {', '.join(sorted(labels))}",),
    )


def _errors(
    predictions: list[tuple[Snippet, str | None]], labels: frozenset[str]
) -> list[ErrorCase]:
    cases = []
    for snippet, predicted in predictions:
        key, text = snippet.sentence.key, snippet.sentence.text
        if snippet.label in labels and predicted != snippet.label:
            cases.append(ErrorCase("missed", key, snippet.label, predicted or "nothing", text))
        if predicted is not None and predicted != snippet.label:
            cases.append(ErrorCase("wrong", key, snippet.label, predicted, text))
    return cases
