"""What every request handler needs, built once per app and passed explicitly.

`ExplorerContext` holds the open store, the knowledge base, the regions and the
server's settings; route handlers get it through the `get_context` dependency
(it lives on `app.state`, not in a module global). A read-only handler
(`routes.common.reads`) gets it with the store swapped for a read view: every
read a request makes shares one connection and one snapshot.

On SQLite a read is work this process does itself, mostly in a millisecond or
two: read-only handlers run on the event loop (`reads_inline`), since a trip
through a worker thread cost more CPU than most answers. Other databases make a
handler wait on the network, so there it runs in a worker thread.
"""

from __future__ import annotations

import copy
import secrets
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from fastapi import Request

from comity.errors import ConfigError
from comity.kb import KnowledgeBase
from comity.store import Store
from comity.web.actors import ActorDirectory
from comity.web.evidence import RelationCache
from comity.web.regions import Regions

if TYPE_CHECKING:
    from comity.extract.extractor import Extractor

STATIC_DIR = Path(__file__).resolve().parent / "static"
MIN_TOKEN_LENGTH = 16


@dataclass(frozen=True)
class WebSettings:
    """How the server behaves: read-only unless `allow_ingest`, which needs a token."""

    allow_ingest: bool = False
    token: str | None = None
    static_dir: Path = STATIC_DIR
    kb_extra: tuple[Path, ...] = ()
    model: str | None = None
    max_bytes: int = 5_000_000
    cache_entries: int = 2048  # answers kept by the response cache; 0 turns it off
    threads: int = 4  # handlers run in threads at once (not SQLite reads: see app.py)

    def __post_init__(self) -> None:
        if self.threads < 1:
            raise ConfigError(f"threads must be 1 or more, got {self.threads}")
        if self.allow_ingest and (self.token is None or len(self.token) < MIN_TOKEN_LENGTH):
            raise ConfigError(
                f"--allow-ingest needs --token with at least {MIN_TOKEN_LENGTH} characters"
            )

    def token_matches(self, given: str) -> bool:
        """Constant-time comparison, so the token cannot be guessed by timing."""
        return self.token is not None and secrets.compare_digest(
            given.encode("utf-8"), self.token.encode("utf-8")
        )


@dataclass
class ExplorerContext:
    """The store, knowledge base and settings behind one running app."""

    store: Store
    kb: KnowledgeBase
    settings: WebSettings
    regions: Regions
    actors: ActorDirectory
    relations: RelationCache | None = None
    load_extractor: Callable[[], Extractor] | None = None
    reads_inline: bool = False  # read on the event loop, not in a worker thread
    ingest_lock: threading.Lock = field(default_factory=threading.Lock)
    _extractor: Extractor | None = field(default=None, init=False, repr=False)

    @classmethod
    def build(
        cls,
        store: Store,
        kb: KnowledgeBase,
        settings: WebSettings,
        *,
        relations: RelationCache | None = None,
        load_extractor: Callable[[], Extractor] | None = None,
    ) -> ExplorerContext:
        regions = Regions(kb)
        return cls(
            store=store,
            kb=kb,
            settings=settings,
            regions=regions,
            actors=ActorDirectory(kb, store, regions),
            relations=relations,
            load_extractor=load_extractor,
            reads_inline=store.backend == "sqlite",
        )

    @contextmanager
    def read_session(self) -> Iterator[ExplorerContext]:
        """This context with all reads in one read session, ended with the block."""
        with self.store.reading() as view:
            yield self.reading(view)

    def reading(self, view: Store) -> ExplorerContext:
        """This context reading through `view` (a read view of its store)."""
        bound = copy.copy(self)
        bound.store = view
        bound.actors = self.actors.bound_to(view)
        return bound

    @property
    def explorer_built(self) -> bool:
        return (self.settings.static_dir / "index.html").is_file()

    def extractor(self) -> Extractor:
        """The extractor for ingest, loaded on first use (it loads the spaCy model).

        Call it holding `ingest_lock`: two first ingests must not load it twice.
        """
        if self._extractor is None:
            loader = self.load_extractor or self._default_extractor
            self._extractor = loader()
        return self._extractor

    def _default_extractor(self) -> Extractor:
        from comity.extract.extractor import Extractor

        return Extractor.load(model=self.settings.model, kb_extra=self.settings.kb_extra)


async def get_context(request: Request) -> ExplorerContext:
    """FastAPI dependency: the context of the app serving this request."""
    context: ExplorerContext = request.app.state.context
    return context
