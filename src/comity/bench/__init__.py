"""How fast comity codes text, next to what spaCy alone costs on the same documents.

    report = run_bench(processes=2, documents=200)

One benchmark runs, on one corpus: (1) comity's full ingest into a fresh
SQLite database, (2) a full spaCy parse of every text with the same model,
loaded as spaCy loads it ("plain"), and (2b) loaded as comity loads it (no
entity recogniser, numpy's BLAS), and (3) spaCy's tokenizer alone. Rates are
work per second over the same workload: documents, sentences as comity splits
them, tokens as spaCy's tokenizer counts them. The ratio (1)/(2) says how much
faster comity codes than a user of spaCy parses; (1)/(2b) how much of that
comes from parsing only what can hold an event; (1)/(3) what comity costs
beyond reading the text at all.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from comity.bench.corpus import (
    DEFAULT_DOCUMENTS,
    DEFAULT_WORDS,
    Corpus,
    corpus_from_sources,
    shared_corpus,
    write_jsonl,
)
from comity.bench.measure import (
    IngestCounts,
    IngestRun,
    ParseRun,
    RunResult,
    TokenizeRun,
    measure_ingest,
    measure_parse,
    measure_tokenizer,
)
from comity.errors import ConfigError


@dataclass(frozen=True)
class Workload:
    """The amount of text every run handles."""

    documents: int
    words: int
    sentences: int  # as comity splits them
    tokens: int  # as spaCy's tokenizer counts them


@dataclass(frozen=True)
class BenchReport:
    """The runs of one benchmark and the workload they share."""

    corpus: str
    processes: int
    prefilter: bool
    workload: Workload
    ingest: IngestRun
    parse: ParseRun  # the model as spaCy loads it
    tuned_parse: ParseRun  # the model as comity loads it
    tokenize: TokenizeRun
    profile: Path | None = None

    @property
    def runs(self) -> tuple[RunResult, ...]:
        return (
            self.ingest.result,
            self.parse.result,
            self.tuned_parse.result,
            self.tokenize.result,
        )

    def relative_speed(self, other: RunResult) -> float:
        """comity's ingest rate divided by `other`'s rate on the same workload."""
        return other.seconds / self.ingest.result.seconds if self.ingest.result.seconds else 0.0

    def relative_cpu(self, other: RunResult) -> float:
        """The same ratio by CPU time: steadier when other programs share the cores."""
        ingest = self.ingest.result.cpu_seconds
        return other.cpu_seconds / ingest if ingest else 0.0

    @property
    def parsed_share(self) -> float:
        """The share of comity's sentences that the prefilter sent to the parser."""
        counts = self.ingest.counts
        return counts.parsed / counts.sentences if counts.sentences else 0.0


def run_bench(
    corpus: Path | None = None,
    *,
    shared: Path | None = None,
    processes: int = 1,
    documents: int | None = None,
    words: int = DEFAULT_WORDS,
    profile: Path | None = None,
    prefilter: bool = True,
) -> BenchReport:
    """Build the corpus, run the measurements and report them.

    Without `corpus`, documents of about `words` words are built from the shared
    data folder (`shared`, else $COMITY_SHARED, else ../shared) and cycled to
    `documents` (default 200). With `corpus` (a folder or a file comity reads),
    its documents are used as they are, cycled or cut to `documents` if given.
    Raises ConfigError for a bad count and NotFound when there is no text.
    """
    if processes < 1:
        raise ConfigError(f"--processes must be at least 1, not {processes}")
    if documents is not None and documents < 1:
        raise ConfigError(f"--docs must be at least 1, not {documents}")
    built = build_corpus(corpus, shared=shared, documents=documents, words=words)
    with tempfile.TemporaryDirectory(prefix="comity-bench-") as folder:
        source = write_jsonl(built.documents, Path(folder, "corpus.jsonl"))
        ingest = measure_ingest(
            source,
            Path(folder, "bench.db"),
            processes=processes,
            prefilter=prefilter,
            profile=profile,
        )
    texts = built.texts()
    parse = measure_parse(texts, processes=processes)
    tuned_parse = measure_parse(texts, processes=processes, plain=False)
    tokenize = measure_tokenizer(texts)
    workload = Workload(len(built.documents), built.words, ingest.counts.sentences, tokenize.tokens)
    return BenchReport(
        built.origin, processes, prefilter, workload, ingest, parse, tuned_parse, tokenize, profile
    )


def build_corpus(
    corpus: Path | None = None,
    *,
    shared: Path | None = None,
    documents: int | None = None,
    words: int = DEFAULT_WORDS,
) -> Corpus:
    """The benchmark's documents: from `corpus` if given, else from the shared folder."""
    if corpus is not None:
        return corpus_from_sources(corpus, documents=documents)
    return shared_corpus(shared, documents=documents or DEFAULT_DOCUMENTS, words=words)


__all__ = [
    "BenchReport",
    "Corpus",
    "IngestCounts",
    "IngestRun",
    "ParseRun",
    "RunResult",
    "TokenizeRun",
    "Workload",
    "build_corpus",
    "run_bench",
]
