"""The benchmark commands: `bench`, `bench-serve`, `bench-fetch` and `bench-scale`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from comity.cli.common import (
    BenchCorpusArgument,
    BenchDocsOption,
    BenchWordsOption,
    SharedOption,
    app,
    console,
    errors,
    handled,
)


@app.command()
def bench(
    corpus: BenchCorpusArgument = None,
    processes: Annotated[
        int, typer.Option("--processes", help="worker processes for the ingest and the parse")
    ] = 1,
    docs: BenchDocsOption = None,
    words: BenchWordsOption = 600,
    profile: Annotated[
        Path | None,
        typer.Option("--profile", help="write a pyinstrument HTML profile of the ingest"),
    ] = None,
    no_prefilter: Annotated[
        bool, typer.Option("--no-prefilter", help="parse every sentence in the ingest")
    ] = False,
    shared: SharedOption = None,
) -> None:
    """Time comity's ingest next to a plain spaCy parse and spaCy's tokenizer."""
    from comity.bench import run_bench
    from comity.bench.render import render_bench

    with handled():
        report = run_bench(
            corpus,
            shared=shared,
            processes=processes,
            documents=docs,
            words=words,
            profile=profile,
            prefilter=not no_prefilter,
        )
    render_bench(report, console)


@app.command("bench-serve")
def bench_serve(
    db: Annotated[
        Path | None,
        typer.Option("--db", help="database to load [default: a synthetic one, built once]"),
    ] = None,
    events: Annotated[
        int, typer.Option("--events", help="synthetic events when no --db is given")
    ] = 50_000,
    readers: Annotated[int, typer.Option("--readers", help="concurrent readers")] = 50,
    seconds: Annotated[float, typer.Option("--seconds", help="how long to read")] = 20.0,
    port: Annotated[int, typer.Option("--port", help="loopback port for the server")] = 8765,
    workers: Annotated[int, typer.Option("--workers", min=1, help="server processes")] = 1,
) -> None:
    """Load-test `comity serve` on loopback: concurrent readers, requests/s and p99."""
    from comity.bench.serve import render_serve_bench, run_serve_bench

    with handled():
        report = run_serve_bench(
            db,
            events=events,
            readers=readers,
            seconds=seconds,
            port=port,
            workers=workers,
            on_step=errors.print,
        )
    render_serve_bench(report, console)


@app.command("bench-fetch")
def bench_fetch(
    pages: Annotated[int, typer.Option("--pages", help="articles served and fetched")] = 200,
    words: Annotated[int, typer.Option("--words", help="words per article")] = 400,
) -> None:
    """Pages/s fetched and read from a local server (127.0.0.1), rate limit off."""
    from comity.bench.fetch import run_fetch_bench

    with handled():
        result = run_fetch_bench(pages=pages, words=words)
    console.print(
        f"{result.pages} pages of {result.page_bytes / 1000:.1f} KB: "
        f"fetched {result.fetched_per_second:.0f} pages/s; "
        f"fetched and read into documents {result.read_per_second:.0f} pages/s "
        f"({result.documents} documents)"
    )


@app.command("bench-scale")
def bench_scale(
    corpus: BenchCorpusArgument = None,
    docs: BenchDocsOption = None,
    words: BenchWordsOption = 600,
    workers: Annotated[
        int, typer.Option("--workers", help="local worker processes, and Dask workers")
    ] = 2,
    dask: Annotated[
        str | None,
        typer.Option("--dask", help="a running Dask scheduler [default: a LocalCluster]"),
    ] = None,
    shared: SharedOption = None,
) -> None:
    """Docs/s of the ingest in 1 process, with local workers and on a Dask cluster."""
    from comity.bench.render import render_scale
    from comity.bench.scale import run_scale_bench

    with handled():
        report = run_scale_bench(
            corpus, shared=shared, documents=docs, words=words, workers=workers, dask=dask
        )
    render_scale(report, console)
