"""Measure comity's accuracy against gold standards kept outside the project.

    run_suite("petr2-gsr", shared=Path("../shared"), limit=None, prefilter=True)

Suites read their gold data at run time from the shared folder (nothing is
copied into comity): `examples` (the example corpus and its gold events),
`petr2-gsr`, `plover-gsr` and `case2021`. A path to a gold .jsonl instead of a
suite name scores that gold against the corpus given with `corpus`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import comity
from comity.errors import ConfigError, NotFound
from comity.evaluate import case2021, examples, petr2, plover
from comity.evaluate.scoring import Breakdown, Counts, ErrorCase, EvalReport, Metric
from comity.extract.extractor import Extractor

SHARED_ENV = "COMITY_SHARED"

SuiteRunner = Callable[[Extractor, Path, int | None], EvalReport]


def _examples(extractor: Extractor, shared: Path, limit: int | None) -> EvalReport:
    return examples.run(
        extractor, shared / examples.GOLD_FILE, shared / examples.CORPUS_DIR, limit=limit
    )


SUITES: dict[str, SuiteRunner] = {
    "examples": _examples,
    "petr2-gsr": lambda extractor, shared, limit: petr2.run(extractor, shared, limit=limit),
    "plover-gsr": lambda extractor, shared, limit: plover.run(extractor, shared, limit=limit),
    "case2021": lambda extractor, shared, limit: case2021.run(extractor, shared, limit=limit),
}


def default_shared() -> Path:
    """`$COMITY_SHARED`, else the `shared` folder beside the repository comity runs from."""
    configured = os.environ.get(SHARED_ENV)
    if configured:
        return Path(configured)
    return Path(comity.__file__).resolve().parents[2].parent / "shared"


def run_suite(
    name: str,
    *,
    shared: Path | None = None,
    limit: int | None = None,
    prefilter: bool = True,
    corpus: Path | None = None,
    extractor: Extractor | None = None,
) -> EvalReport:
    """Code a suite's texts and score them against its gold.

    `name` is a suite name or the path of a gold .jsonl (then `corpus` names
    the folder of texts). `extractor` reuses a loaded one; otherwise one is
    loaded with `prefilter`. Raises ConfigError for an unknown suite and
    NotFound when the shared folder or a gold file is missing.
    """
    started = time.perf_counter()
    runner = _runner(name, corpus)
    base = _checked_shared(shared or default_shared(), needed=corpus is None)
    loaded = extractor or Extractor.load(prefilter=prefilter)
    report = runner(loaded, base, limit)
    return replace(report, seconds=time.perf_counter() - started)


def _runner(name: str, corpus: Path | None) -> SuiteRunner:
    if name in SUITES:
        return SUITES[name]
    if name.endswith(".jsonl"):
        if corpus is None:
            raise ConfigError(f"scoring {name} needs the folder of its texts (--corpus DIR)")
        gold, texts = Path(name), corpus
        return lambda extractor, _shared, limit: examples.run(extractor, gold, texts, limit=limit)
    raise ConfigError(
        f"unknown evaluation suite {name!r}: choose one of {', '.join(SUITES)}, "
        "or give a gold .jsonl with --corpus"
    )


def _checked_shared(shared: Path, *, needed: bool) -> Path:
    if needed and not shared.is_dir():
        raise NotFound(
            f"the shared gold data folder was not found at {shared}; "
            f"give it with --shared PATH or ${SHARED_ENV}"
        )
    return shared


__all__ = [
    "SHARED_ENV",
    "SUITES",
    "Breakdown",
    "Counts",
    "ErrorCase",
    "EvalReport",
    "Metric",
    "default_shared",
    "run_suite",
]
