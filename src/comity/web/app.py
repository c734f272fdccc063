"""The FastAPI app: the JSON API under /api and the explorer's built page at /.

`create_app(store, settings)` wires an open store, the knowledge base and the
optional relation index into one `ExplorerContext` kept on `app.state`. The
explorer's JavaScript and styles are files built from npm packages at set-up
time (scripts/install); when they are missing, / says how to build them and
the API still works. Nothing is fetched from a CDN: the interactive API pages
FastAPI would load from one are turned off (the schema stays at /openapi.json).
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import TYPE_CHECKING, Any

from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from comity import __version__
from comity.errors import ComityError, NotFound, StoreError
from comity.kb import KnowledgeBase
from comity.store import Store
from comity.store.lookups import data_version
from comity.web.cache import ResponseCache
from comity.web.context import ExplorerContext, WebSettings
from comity.web.evidence import FixedRelations, RelationCache, relation_index_builder
from comity.web.routes import actors, documents, dyads, events, ingest, network, stats

if TYPE_CHECKING:
    from comity.extract.extractor import Extractor

API_PREFIX = "/api"
# The explorer's page may run only its own bundled script; document text can never
# become markup, and this header stops anything that slipped through from running.
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
MISSING_BUILD = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>comity explorer not built</title></head>
<body><h1>The comity explorer has not been built</h1>
<p>Its JavaScript is built from npm packages when comity is installed. Run
<code>scripts/install</code> in the comity repository (it needs <code>node</code> and
<code>npm</code>), or by hand: <code>cd src/comity/web/frontend &amp;&amp; npm ci &amp;&amp;
npm run build</code>. Then restart <code>comity serve</code>.</p>
<p>The JSON API works without it: see <a href="/openapi.json">/openapi.json</a>.</p>
</body></html>
"""


def create_app(
    store: Store,
    settings: WebSettings | None = None,
    *,
    kb: KnowledgeBase | None = None,
    relations: Any = None,
    load_relations: bool = True,
    load_extractor: Callable[[], Extractor] | None = None,
) -> FastAPI:
    """The app serving `store`. The knowledge base is loaded unless given. `relations`
    is a prebuilt relation index; without one it is built from the store's claims
    (when `load_relations`), and rebuilt as documents are added."""
    settings = settings or WebSettings()
    context = ExplorerContext.build(
        store,
        kb if kb is not None else KnowledgeBase.load(settings.kb_extra),
        settings,
        relations=_relation_cache(store, relations, load_relations),
        load_extractor=load_extractor,
    )
    app = FastAPI(
        title="comity",
        version=__version__,
        summary="Coded, dated, sourced events and relations between states, from news text.",
        docs_url=None,
        redoc_url=None,
        lifespan=_limit_threads(settings.threads),
    )
    app.state.context = context
    _add_error_handlers(app)
    for module in (events, actors, documents, dyads, network, stats):
        app.include_router(module.router, prefix=API_PREFIX)
    if settings.allow_ingest:
        app.include_router(ingest.router, prefix=API_PREFIX)
    _add_relation_routes(app, context)
    _add_explorer(app, context)
    if settings.cache_entries > 0:
        app.add_middleware(
            ResponseCache,
            version=store_version(store),
            max_entries=settings.cache_entries,
            inline_version=context.reads_inline,
        )
    return app


def _limit_threads(threads: int) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """A lifespan running at most `threads` request handlers in worker threads at once
    (ingest, and every handler on a database other than SQLite, whose reads run on
    the event loop: see `context.py`).

    Starlette's default is 40 threads. Handlers hold the GIL for most of their
    work, so forty of them only slow each other down, and starve the event loop
    that answers cached requests and reads sockets; a few threads still overlap
    the time the database server takes.
    """

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        to_thread.current_default_thread_limiter().total_tokens = threads
        yield

    return lifespan


def store_version(store: Store) -> Callable[[], object]:
    """What changes whenever a document (with its events) is stored."""
    return functools.partial(data_version, store)


def _relation_cache(store: Store, index: Any, load: bool) -> RelationCache | None:
    if index is not None:
        return FixedRelations(index)
    build = relation_index_builder() if load else None
    return RelationCache(store, build) if build is not None else None


def _add_relation_routes(app: FastAPI, context: ExplorerContext) -> None:
    if context.relations is None:
        return
    from comity.web.routes import relations

    app.include_router(relations.router, prefix=API_PREFIX)


def _add_error_handlers(app: FastAPI) -> None:
    def error(status: int) -> Callable[[Request, Exception], Response]:
        def handle(_request: Request, exc: Exception) -> Response:
            return JSONResponse({"detail": str(exc)}, status_code=status)

        return handle

    app.add_exception_handler(NotFound, error(404))
    app.add_exception_handler(StoreError, error(503))
    app.add_exception_handler(ComityError, error(400))


def _add_explorer(app: FastAPI, context: ExplorerContext) -> None:
    static = context.settings.static_dir
    if context.explorer_built:
        app.mount("/assets", StaticFiles(directory=static / "assets"), name="assets")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return Response(status_code=204)

    @app.get("/", include_in_schema=False)
    def index() -> Response:
        if not context.explorer_built:
            return HTMLResponse(MISSING_BUILD, status_code=503, headers=PAGE_HEADERS)
        return FileResponse(static / "index.html", headers=PAGE_HEADERS)
