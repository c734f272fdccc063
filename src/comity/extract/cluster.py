"""Extraction on a Dask distributed cluster, results in document order.

    with connect("tcp://scheduler:8786") as client, on_cluster(client, spec) as extractor:
        for extraction in extractor.extract_many(documents): ...

Every worker loads its own `Extractor` once, from an `ExtractorSpec` (the
arguments of `Extractor.load`: they pickle, a loaded model is not worth sending),
through a worker plugin that the scheduler also gives to workers that join or
restart later. Documents go out in partitions of `PARTITION_DOCUMENTS`, with at
most `PARTITIONS_PER_THREAD` partitions per worker thread submitted and not yet
handed on, so memory stays flat however long the input is. Answers are handed
on in the order of the documents: the caller stores what a single process
would, in the same order, one document per transaction.

A worker that dies mid-partition loses nothing: a partition's extractions come
back whole or not at all, and the scheduler reruns the partition on another
worker (up to `distributed.scheduler.allowed-failures` times).

`distributed` is slow to import: it is imported here only when a cluster is
used, and the code that runs on the workers is in `comity.extract.cluster_tasks`.
"""

from __future__ import annotations

import asyncio
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import CancelledError
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING

from comity.errors import ConfigError, ExtractionError
from comity.extract.extractor import Extraction, Extractor
from comity.models import Document

if TYPE_CHECKING:
    from distributed import Client, Future

    from comity.extract.cluster_tasks import PartitionResult

PARTITION_DOCUMENTS = 8  # small enough that the last partitions share out evenly
PARTITIONS_PER_THREAD = 2  # one being worked on, one waiting
CONNECT_SECONDS = 10.0
WORKERS_SECONDS = 60.0  # how long to wait for a cluster's first worker


@dataclass(frozen=True)
class ExtractorSpec:
    """What `Extractor.load` needs: sent to each worker, which loads its own Extractor.

    Paths (`kb_extra`, `lexicon_extra`) are read by the workers, so they must
    exist at the same place on every worker's machine.
    """

    model: str | None = None
    kb_extra: tuple[Path, ...] = ()
    lexicon_extra: Path | None = None
    prefilter: bool = True
    batch_size: int = 32

    def load(self) -> Extractor:
        return Extractor.load(
            model=self.model,
            kb_extra=self.kb_extra,
            lexicon_extra=self.lexicon_extra,
            prefilter=self.prefilter,
            batch_size=self.batch_size,
        )


class ClusterExtractor:
    """Extracts documents on the workers of a Dask cluster where `on_cluster` loaded one.

    `in_flight` partitions at most are submitted and not yet handed on.
    """

    def __init__(
        self,
        client: Client,
        plugin_name: str,
        *,
        partition_documents: int = PARTITION_DOCUMENTS,
        in_flight: int = PARTITIONS_PER_THREAD,
    ) -> None:
        self.client = client
        self.plugin_name = plugin_name
        self.partition_documents = partition_documents
        self.in_flight = in_flight

    def extract_many(self, documents: Iterable[Document]) -> Iterator[Extraction]:
        """Extractions of `documents`, in their order, as `Extractor.extract_many` gives them.

        When extraction fails on a document, the extractions before it come first,
        then ExtractionError is raised; so it is when a partition kills more
        workers than the scheduler allows or the cluster is lost.
        """
        window: deque[Future[PartitionResult]] = deque()
        try:
            for partition in _partitions(documents, self.partition_documents):
                window.append(self._submit(partition))
                if len(window) >= self.in_flight:
                    yield from _handed_on(window.popleft())
            while window:
                yield from _handed_on(window.popleft())
        finally:
            if window:  # after an error, or when the caller stopped early
                self.client.cancel(list(window))

    def _submit(self, partition: list[Document]) -> Future[PartitionResult]:
        from comity.extract.cluster_tasks import extract_partition

        # pure=False: the same documents sent twice are two tasks, not one cached result.
        return self.client.submit(extract_partition, self.plugin_name, partition, pure=False)


@contextmanager
def connect(address: str, *, timeout: float | None = None) -> Iterator[Client]:
    """A client of the Dask scheduler at `address` (e.g. tcp://host:8786), closed after.

    Raises ConfigError when no scheduler answers there within `timeout` seconds
    (default `CONNECT_SECONDS`).
    """
    from distributed import Client

    seconds = CONNECT_SECONDS if timeout is None else timeout
    # A Client that failed to connect hangs for 20 s when it is garbage-collected,
    # so the scheduler is reached once on a plain connection first.
    try:
        asyncio.run(_reach(address, seconds))
    except (OSError, TimeoutError, ValueError) as error:
        raise ConfigError(f"no Dask scheduler answered at {address}: {error}") from error
    client = Client(address, timeout=seconds, set_as_default=False)
    try:
        yield client
    finally:
        client.close()


async def _reach(address: str, timeout: float) -> None:
    from distributed.comm.core import connect as open_comm

    comm = await open_comm(address, timeout=timeout)
    await comm.close()


@contextmanager
def on_cluster(
    client: Client,
    spec: ExtractorSpec,
    *,
    partition_documents: int = PARTITION_DOCUMENTS,
    workers_timeout: float = WORKERS_SECONDS,
) -> Iterator[ClusterExtractor]:
    """Load `spec`'s Extractor on every worker of `client`'s cluster; unload it after.

    Returns when every current worker has loaded it. Raises ConfigError when the
    cluster has no worker within `workers_timeout` seconds and ExtractionError
    when a worker cannot load the Extractor.
    """
    from comity.extract.cluster_tasks import ExtractorPlugin

    if partition_documents < 1:
        raise ConfigError(f"a partition needs at least 1 document, not {partition_documents}")
    try:
        client.wait_for_workers(1, timeout=workers_timeout)
    except TimeoutError as error:
        raise ConfigError(f"the Dask cluster has no worker after {workers_timeout:g} s") from error
    # One name per ingest, so that two ingests sharing a cluster keep their own extractors.
    name = f"comity-extractor-{uuid.uuid4().hex}"
    try:
        try:
            client.register_plugin(ExtractorPlugin(spec), name=name)
        except Exception as error:  # raised on a worker, re-raised here by the client
            raise ExtractionError(f"a Dask worker could not load the extractor: {error}") from error
        threads = sum(client.nthreads().values())
        yield ClusterExtractor(
            client,
            name,
            partition_documents=partition_documents,
            in_flight=max(1, threads) * PARTITIONS_PER_THREAD,
        )
    finally:
        _unload(client, name)


def _unload(client: Client, plugin_name: str) -> None:
    # When the cluster is gone, the extractors went with it: keep the error that got us here.
    with suppress(OSError, TimeoutError):
        client.unregister_worker_plugin(plugin_name)


def _handed_on(future: Future[PartitionResult]) -> Iterator[Extraction]:
    from distributed import KilledWorker

    try:
        answer = future.result()
    except KilledWorker as error:
        raise ExtractionError(f"a partition of documents kept killing workers: {error}") from error
    except (CancelledError, OSError, TimeoutError) as error:
        raise ExtractionError(f"the Dask cluster was lost during extraction: {error}") from error
    yield from answer.extractions
    if answer.error is not None:
        raise ExtractionError(answer.error)


def _partitions(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(documents)
    while partition := list(islice(iterator, size)):
        yield partition


@contextmanager
def open_extractor(
    spec: ExtractorSpec, *, dask: str | None = None
) -> Iterator[Extractor | ClusterExtractor]:
    """The extractor an ingest uses: loaded here, or on the Dask cluster at `dask`.

    On a cluster, the client is closed and the workers' extractors unloaded after.
    """
    if dask is None:
        yield spec.load()
        return
    with connect(dask) as client, on_cluster(client, spec) as extractor:
        yield extractor
