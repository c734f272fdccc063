"""Documents: a list, and one document's text with its events' spans."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from comity.store import aggregates as agg
from comity.store import lookups
from comity.web.routes.common import NOT_FOUND, Context, json_answer, json_data, reads
from comity.web.schemas import DocumentOut, DocumentPage, DocumentSummaryOut
from comity.web.views import document_data

router = APIRouter(tags=["documents"])


@router.get("/documents", response_model=DocumentPage)
@reads
def list_documents(
    context: Context,
    limit: Annotated[int, Query(ge=0, le=500)] = 50,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Response:
    """Stored documents, latest publication first, with how many events each gave."""
    items = [
        DocumentSummaryOut(
            id=summary.id,
            source=summary.source,
            title=summary.title,
            published=summary.published,
            events=summary.events,
        )
        for summary in agg.document_summaries(context.store, limit=limit, offset=offset)
    ]
    total = agg.count_documents(context.store)
    return json_answer(DocumentPage(total=total, limit=limit, offset=offset, items=items))


@router.get("/documents/{doc_id}", response_model=DocumentOut, responses=NOT_FOUND)
@reads
def document(
    context: Context, doc_id: Annotated[str, Path(min_length=1, max_length=128)]
) -> Response:
    """A document's text (as stored) and the spans of its events in that text."""
    store = context.store
    found = lookups.document_by_id(store, doc_id) or store.document(doc_id)  # or by a prefix
    return json_data(document_data(found, lookups.event_spans(store, found.id)))
