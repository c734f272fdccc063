"""Code gold-standard sentences one by one, each as a document of its own."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from comity.extract.extractor import Extractor
from comity.ingest import document_id
from comity.models import Document, Event, Precision


@dataclass(frozen=True)
class GoldSentence:
    """A sentence of a gold standard: its record id, text and (if given) its date."""

    key: str
    text: str
    published: date | None = None


def as_document(sentence: GoldSentence) -> Document:
    return Document(
        id=document_id(sentence.text),
        text=sentence.text,
        source=sentence.key,
        published=sentence.published,
        published_precision=Precision.DAY if sentence.published else None,
        language="en",
    )


def code_sentences(
    extractor: Extractor, sentences: Iterable[GoldSentence]
) -> Iterator[tuple[GoldSentence, list[Event]]]:
    """Each sentence with the events comity codes in it (batched by the extractor)."""
    pending = list(sentences)
    documents = (as_document(sentence) for sentence in pending)
    for sentence, extraction in zip(pending, extractor.extract_many(documents), strict=True):
        yield sentence, extraction.events


def limited(items: list[GoldSentence], limit: int | None) -> list[GoldSentence]:
    return items if limit is None else items[:limit]
