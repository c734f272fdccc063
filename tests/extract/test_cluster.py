"""Extraction on a Dask cluster: a LocalCluster of two worker processes, one thread each.

Most tests give the workers a stand-in extractor (`FakeSpec`), which the workers
import from this module; one compares the real extractor's stored output with
a single process's. The cluster tests are slow (the cluster takes seconds to
start) and share one cluster, shut down after the module.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pytest
from builders import make_document, make_event
from distributed import Client, LocalCluster
from reliability.snapshot import differences, snapshot

from comity.errors import ConfigError, ExtractionError
from comity.extract.cluster import ExtractorSpec, connect, on_cluster, open_extractor
from comity.extract.extractor import Extraction, Extractor
from comity.models import Document
from comity.pipeline import run_ingest
from comity.store import open_store

STALL_SECONDS = 60.0  # how long a stalled worker waits to be killed


@dataclass(frozen=True)
class FakeSpec:
    """Stands in for ExtractorSpec: each worker 'loads' a FakeExtractor."""

    marks: str  # folder where a stalling worker leaves its process id
    seconds_per_document: float = 0.0
    broken: bool = False

    def load(self) -> FakeExtractor:
        if self.broken:
            raise OSError("the model files are missing")
        return FakeExtractor(Path(self.marks), self.seconds_per_document)


class FakeExtractor:
    """One event per document, with the worker's process id as its source.

    A document saying BOOM raises; the first worker to reach a document saying
    STALL writes its process id to `marks/stalled` and waits to be killed.
    """

    def __init__(self, marks: Path, seconds_per_document: float) -> None:
        self.marks = marks
        self.seconds_per_document = seconds_per_document

    def extract_many(self, documents: Iterable[Document]) -> Iterator[Extraction]:
        for document in documents:
            if "BOOM" in document.text:
                raise RuntimeError("extractor crashed")
            if "STALL" in document.text:
                self._stall_once()
            time.sleep(self.seconds_per_document)
            event = make_event(document, document.id[:16], source=f"P{os.getpid()}")
            yield Extraction(document, [], [event], 1, 1, [])

    def _stall_once(self) -> None:
        stalled = self.marks / "stalled"
        if stalled.exists():
            return
        written = self.marks / "stalled.tmp"
        written.write_text(str(os.getpid()))
        written.rename(stalled)
        time.sleep(STALL_SECONDS)


def _spec(marks: Path, seconds_per_document: float = 0.0) -> ExtractorSpec:
    return cast(ExtractorSpec, FakeSpec(str(marks), seconds_per_document))


def _documents(count: int, special: dict[int, str] | None = None) -> list[Document]:
    texts = [f"Turkey met Azerbaijan for round {n}." for n in range(count)]
    for index, word in (special or {}).items():
        texts[index] = f"{texts[index]} {word}"
    return [make_document(text, source=f"doc{n:02d}.txt") for n, text in enumerate(texts)]


# --- without a cluster --------------------------------------------------------


def test_an_absent_scheduler_is_a_config_error() -> None:
    with (
        pytest.raises(ConfigError, match="no Dask scheduler answered"),
        connect("tcp://127.0.0.1:1", timeout=0.5),
    ):
        pass


def test_an_address_without_a_port_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="missing port"), connect("scheduler-host"):
        pass


def test_without_an_address_the_extractor_is_loaded_here(tmp_path: Path) -> None:
    with open_extractor(_spec(tmp_path)) as extractor:
        assert isinstance(extractor, FakeExtractor)


def test_an_empty_partition_size_is_refused(tmp_path: Path) -> None:
    with (
        pytest.raises(ConfigError, match="at least 1"),
        on_cluster(cast(Client, None), _spec(tmp_path), partition_documents=0),
    ):
        pass


def test_the_spec_pickles_with_its_paths() -> None:
    import pickle

    spec = ExtractorSpec(kb_extra=(Path("a.jsonl"),), lexicon_extra=Path("b.jsonl"), batch_size=8)
    assert pickle.loads(pickle.dumps(spec)) == spec


# --- on a LocalCluster ----------------------------------------------------------


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster, set_as_default=False) as client,
    ):
        yield client


def _worker_processes(client: Client) -> set[int]:
    return set(client.run(os.getpid).values())


@pytest.mark.slow
def test_extractions_come_in_document_order_from_both_workers(
    client: Client, tmp_path: Path
) -> None:
    documents = _documents(12)
    with on_cluster(client, _spec(tmp_path, 0.05), partition_documents=2) as extractor:
        extractions = list(extractor.extract_many(documents))
    assert [e.document for e in extractions] == documents
    sources = {e.events[0].source for e in extractions}
    assert sources == {f"P{pid}" for pid in _worker_processes(client)}


@pytest.mark.slow
def test_a_worker_that_cannot_load_the_extractor_stops_the_ingest_first(
    client: Client, tmp_path: Path
) -> None:
    broken = cast(ExtractorSpec, FakeSpec(str(tmp_path), broken=True))
    with (
        pytest.raises(ExtractionError, match="could not load the extractor: .*model files"),
        on_cluster(client, broken),
    ):
        pass
    plugins = client.run(lambda dask_worker: sorted(dask_worker.plugins))
    assert not any(
        name.startswith("comity-extractor-") for names in plugins.values() for name in names
    )


@pytest.mark.slow
def test_a_failure_comes_after_the_extractions_before_it(client: Client, tmp_path: Path) -> None:
    documents = _documents(7, {4: "BOOM"})
    seen: list[Document] = []
    with (
        on_cluster(client, _spec(tmp_path), partition_documents=3) as extractor,
        pytest.raises(ExtractionError, match="extractor crashed"),
    ):
        for extraction in extractor.extract_many(documents):
            seen.append(extraction.document)
    assert seen == documents[:4]


@pytest.mark.slow
def test_a_worker_killed_mid_partition_has_its_documents_redone(
    client: Client, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n, document in enumerate(_documents(10, {5: "STALL"})):
        (corpus / f"{n:02d}.txt").write_text(document.text, encoding="utf-8")
    killed: list[int] = []
    killer = threading.Thread(target=_kill_when_stalled, args=(tmp_path, killed), daemon=True)
    killer.start()
    with (
        on_cluster(client, _spec(tmp_path, 0.05), partition_documents=3) as extractor,
        open_store(tmp_path / "t.db") as store,
    ):
        report = run_ingest([str(corpus)], store, extractor)
        stored = Counter(source for _, source in store.events_with_source())
    killer.join()
    assert killed, "no worker stalled, so none was killed"
    assert (report.added, report.skipped, report.events) == (10, 0, 10)
    assert stored == Counter(str(corpus / f"{n:02d}.txt") for n in range(10))
    client.wait_for_workers(2, timeout=60)  # the nanny restarts the killed worker


def _kill_when_stalled(marks: Path, killed: list[int]) -> None:
    stalled = marks / "stalled"
    deadline = time.monotonic() + STALL_SECONDS
    while not stalled.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    if stalled.exists():
        pid = int(stalled.read_text())
        os.kill(pid, signal.SIGKILL)
        killed.append(pid)


@pytest.mark.slow
@pytest.mark.model
def test_the_cluster_stores_what_one_process_stores(
    client: Client, extractor: Extractor, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for n, text in enumerate(_news()):
        (corpus / f"{n:02d}.txt").write_text(text, encoding="utf-8")
    with open_store(tmp_path / "one.db") as store:
        alone = run_ingest([str(corpus)], store, extractor)
    with (
        on_cluster(client, ExtractorSpec(), partition_documents=3) as on_workers,
        open_store(tmp_path / "cluster.db") as store,
    ):
        spread = run_ingest([str(corpus)], store, on_workers)
    assert alone.events > 0
    assert (spread.added, spread.events) == (alone.added, alone.events)
    assert differences(snapshot(tmp_path / "cluster.db"), snapshot(tmp_path / "one.db")) == {}


def _news() -> list[str]:
    return [
        "Turkey and Azerbaijan signed a gas agreement in Baku on 3 March 2025.",
        "Kazakhstan hosted the foreign ministers of the Organization of Turkic States.",
        "The UN Security Council condemned the attack on the border post on Tuesday.",
        "Uzbekistan and Kyrgyzstan agreed to open two new border crossings next month.",
        "The European Union criticised Turkey over the arrest of the mayor.",
        "Greece and Turkey resumed talks on Cyprus in Geneva in April 2024.",
        "Azerbaijan accused Armenia of shelling its positions near the border.",
        "Russia and Kazakhstan signed a treaty on the use of the Baikonur site.",
        "The Turkish president visited Tashkent on 12 May and met his Uzbek counterpart.",
        "NATO welcomed the decision of the Turkish parliament to ratify the protocol.",
    ]
