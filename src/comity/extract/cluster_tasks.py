"""What runs on the Dask workers for `comity.extract.cluster`: the plugin and the task.

`ExtractorPlugin` loads a worker's `Extractor` once, when the plugin is added to
the worker (also to a worker that joins or restarts later), and
`extract_partition` is the task that extracts one partition of documents with
it. Both must be importable on the workers: comity is installed there too.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass

from distributed import Worker, get_worker
from distributed.diagnostics.plugin import WorkerPlugin

from comity.extract.cluster import ExtractorSpec
from comity.extract.extractor import Extraction, Extractor
from comity.models import Document


@dataclass(frozen=True)
class PartitionResult:
    """A worker's answer for one partition: the extractions made, and the error that stopped it."""

    extractions: list[Extraction]
    error: str | None = None


class ExtractorPlugin(WorkerPlugin):
    """Loads the Extractor when it is added to a worker, and extracts partitions with it."""

    def __init__(self, spec: ExtractorSpec) -> None:
        self.spec = spec
        self.extractor: Extractor | None = None
        self._lock: threading.Lock | None = None

    async def setup(self, worker: Worker) -> None:
        # Loading takes seconds: off the worker's event loop, which answers heartbeats.
        self.extractor = await asyncio.to_thread(self.spec.load)
        # spaCy pipelines are not meant to run in two threads at once.
        self._lock = threading.Lock()

    def teardown(self, worker: Worker) -> None:
        self.extractor = None

    def extract(self, documents: list[Document]) -> PartitionResult:
        """Extract every document; an error ends the partition, keeping what came before it."""
        if self.extractor is None or self._lock is None:
            return PartitionResult([], "the extractor is not loaded on this worker")
        extractions: list[Extraction] = []
        with self._lock:
            try:
                for extraction in self.extractor.extract_many(documents):
                    extractions.append(extraction)
            except Exception as error:  # sent to the caller, which raises it in order
                return PartitionResult(extractions, f"{type(error).__name__}: {error}")
        return PartitionResult(extractions)


def extract_partition(plugin_name: str, documents: list[Document]) -> PartitionResult:
    """The task run on a worker: extract `documents` with the Extractor its plugin loaded."""
    plugin = get_worker().plugins.get(plugin_name)
    if not isinstance(plugin, ExtractorPlugin):
        return PartitionResult([], f"the worker has no extractor plugin {plugin_name!r}")
    return plugin.extract(documents)
