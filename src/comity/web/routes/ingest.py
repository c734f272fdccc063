"""Ingest over HTTP: only when the server was started with --allow-ingest, and only
with the bearer token it was given."""

from __future__ import annotations

import io
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request
from starlette.concurrency import run_in_threadpool

from comity.pipeline import run_ingest
from comity.web.routes.common import BAD_REQUEST, WritingContext
from comity.web.schemas import ErrorOut, IngestOut, RejectedOut

router = APIRouter(tags=["ingest"])

STDIN_PATH = "-"


def require_token(
    context: WritingContext,
    authorization: Annotated[str | None, Header(description="Bearer TOKEN")] = None,
) -> None:
    """401 without a bearer token, 403 with a wrong one."""
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise HTTPException(
            status_code=401,
            detail="ingest needs the header Authorization: Bearer TOKEN",
            headers={"WWW-Authenticate": "Bearer"},
        )
    if not context.settings.token_matches(given.strip()):
        raise HTTPException(status_code=403, detail="wrong token")


@router.post(
    "/ingest",
    response_model=IngestOut,
    dependencies=[Depends(require_token)],
    responses={
        **BAD_REQUEST,
        401: {"model": ErrorOut, "description": "no bearer token"},
        403: {"model": ErrorOut, "description": "wrong token"},
        413: {"model": ErrorOut, "description": "the text is larger than the server accepts"},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"text/plain": {"schema": {"type": "string"}}},
        }
    },
)
async def ingest(
    request: Request,
    context: WritingContext,
    published: Annotated[
        date | None, Query(description="publication date, when the text gives none")
    ] = None,
) -> IngestOut:
    """Code one text (the request body, UTF-8) and store it; a re-sent text is skipped."""
    body = await _read_body(request, context.settings.max_bytes)
    return await run_in_threadpool(_ingest_text, context, body, published)


async def _read_body(request: Request, max_bytes: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise HTTPException(status_code=413, detail=f"the text is over {max_bytes} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _ingest_text(context: WritingContext, body: bytes, published: date | None) -> IngestOut:
    with context.ingest_lock:
        report = run_ingest(
            [STDIN_PATH],
            context.store,
            context.extractor(),
            default_published=published,
            stdin=io.BytesIO(body),
            max_bytes=context.settings.max_bytes,
        )
    if context.relations is not None:
        context.relations.invalidate()
    return IngestOut(
        run_id=report.run_id,
        added=report.added,
        skipped=report.skipped,
        events=report.events,
        rejected=[RejectedOut(source=r.source, reason=r.reason) for r in report.rejected],
    )
