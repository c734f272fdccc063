"""The `comity eval` command: scores against a gold standard."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from comity.cli.common import NoPrefilterOption, app, console, handled


@app.command("eval")
def eval_command(
    suite: Annotated[
        str, typer.Argument(help="examples, petr2-gsr, plover-gsr, case2021, or a gold .jsonl")
    ],
    errors_: Annotated[
        bool,
        typer.Option("--errors", help="also list misses and false positives with their sentences"),
    ] = False,
    limit: Annotated[
        int | None, typer.Option("--limit", help="code only the first N records")
    ] = None,
    no_prefilter: NoPrefilterOption = False,
    as_json: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
    shared: Annotated[
        Path | None,
        typer.Option("--shared", help="gold data folder [default: $COMITY_SHARED, else ../shared]"),
    ] = None,
    corpus: Annotated[
        Path | None, typer.Option("--corpus", help="texts scored by a gold .jsonl")
    ] = None,
) -> None:
    """Measure precision, recall and F1 against a gold standard."""
    import json

    from comity.evaluate import run_suite
    from comity.evaluate.render import render_report

    with handled():
        report = run_suite(
            suite, shared=shared, limit=limit, prefilter=not no_prefilter, corpus=corpus
        )
    if as_json:
        typer.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=1))
    else:
        render_report(report, console, show_errors=errors_)
