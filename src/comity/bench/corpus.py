"""The benchmark corpus: the same documents for every run, built deterministically.

By default the texts come from the shared data folder (PETRARCH-2 gold sentences,
PLOVER gold records, CASE 2021 snippets and the example seed articles). Their
passages are merged in proportion, so that every document mixes the sources,
and grouped into documents of about `words` words. A folder or JSONL of one's
own can be read instead (`corpus_from_sources`); `repeated` cycles its documents
to reach a count, marking each copy so that its text hash differs — the ingest
skips a document it has already stored. The built-in corpus is not cycled but
regrouped (`regrouped`): a marked copy is a near-duplicate, which costs the
ingest a comparison that real news rarely needs.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import count, cycle, islice
from pathlib import Path

from comity.errors import NotFound
from comity.evaluate import SHARED_ENV, case2021, default_shared, petr2, plover
from comity.ingest import Rejected, document_id, normalise_text, read_sources
from comity.models import Document, Precision

DEFAULT_WORDS = 600
DEFAULT_DOCUMENTS = 200
# The built-in documents are dated so that relative dates resolve as in real news.
BENCH_PUBLISHED = date(2025, 6, 2)
SEEDS_DIR = Path("examples", "seeds")


@dataclass(frozen=True)
class PassageSource:
    """One file of the shared folder and how to read its passages."""

    name: str
    path: Path  # relative to the shared folder
    passages: Callable[[str], list[str]]


def _petr2_passages(text: str) -> list[str]:
    return [record.sentence.text for record in petr2.parse_records(text)]


def _plover_passages(text: str) -> list[str]:
    return [record.sentence.text for record in plover.parse_records(text)]


def _case2021_passages(text: str) -> list[str]:
    return [snippet.sentence.text for snippet in case2021.parse_snippets(text)]


def paragraphs(text: str) -> list[str]:
    """The non-blank lines of a text, each stripped: the passages of an article."""
    return [line.strip() for line in text.splitlines() if line.strip()]


SHARED_SOURCES = (
    PassageSource("petr2-gsr", petr2.GOLD_FILE, _petr2_passages),
    PassageSource("plover-gsr", plover.GOLD_FILE, _plover_passages),
    PassageSource("case2021", case2021.GOLD_FILE, _case2021_passages),
)


@dataclass(frozen=True)
class Corpus:
    """The documents every run of a benchmark reads, and where they came from."""

    documents: tuple[Document, ...]
    origin: str  # what the documents were built from, for the report

    @property
    def words(self) -> int:
        return sum(len(document.text.split()) for document in self.documents)

    def texts(self) -> list[str]:
        return [document.text for document in self.documents]


def resolve_shared(shared: Path | None = None) -> Path:
    """The shared data folder: `shared`, else `$COMITY_SHARED`, else ../shared.

    Raises NotFound when the folder does not exist.
    """
    folder = shared if shared is not None else default_shared()
    if not folder.is_dir():
        hint = f"give it with --shared PATH or ${SHARED_ENV}"
        raise NotFound(f"the shared data folder was not found at {folder}; {hint}")
    return folder


def shared_passages(shared: Path) -> dict[str, list[str]]:
    """Passages of each source found in the shared folder, by source name.

    A source whose file is absent is left out; raises NotFound when none is there.
    """
    found: dict[str, list[str]] = {}
    for source in SHARED_SOURCES:
        path = shared / source.path
        if path.is_file():
            found[source.name] = source.passages(path.read_text(encoding="utf-8"))
    seeds = sorted((shared / SEEDS_DIR).glob("*.txt"))
    if seeds:
        found["seeds"] = [
            passage for seed in seeds for passage in paragraphs(seed.read_text(encoding="utf-8"))
        ]
    found = {name: passages for name, passages in found.items() if passages}
    if not found:
        raise NotFound(f"no benchmark texts were found in the shared folder {shared}")
    return found


def interleave(groups: Sequence[Sequence[str]]) -> list[str]:
    """All items, each group spread evenly over the result (a stable, deterministic merge)."""
    keyed = [
        ((index + 0.5) / len(group), rank, item)
        for rank, group in enumerate(groups)
        for index, item in enumerate(group)
    ]
    return [item for _, _, item in sorted(keyed, key=lambda key: key[:2])]


def group_passages(passages: Iterable[str], words: int) -> list[str]:
    """Consecutive passages joined (one per line) into texts of at least `words` words.

    The last text may be shorter. Raises ValueError for a non-positive `words`.
    """
    if words <= 0:
        raise ValueError(f"the words per document must be positive, not {words}")
    texts: list[str] = []
    current: list[str] = []
    count = 0
    for passage in passages:
        current.append(passage)
        count += len(passage.split())
        if count >= words:
            texts.append("\n".join(current))
            current, count = [], 0
    if current:
        texts.append("\n".join(current))
    return texts


def bench_document(text: str, source: str, published: date | None = BENCH_PUBLISHED) -> Document:
    """A Document for `text` as the ingest would store it (normalised, hashed)."""
    stored = normalise_text(text)
    return Document(
        id=document_id(stored),
        text=stored,
        source=source,
        published=published,
        published_precision=Precision.DAY if published else None,
        language="en",
    )


def repeated(documents: Sequence[Document], count: int) -> list[Document]:
    """`count` documents cycling through `documents`; every copy after the first is marked.

    The mark is a first line naming the copy, so each copy has its own id.
    Raises ValueError when there is nothing to repeat or `count` is negative.
    """
    if count < 0:
        raise ValueError(f"the number of documents must not be negative, not {count}")
    if not documents:
        raise ValueError("there are no documents to benchmark")
    return [
        _copy(document, number // len(documents))
        for number, document in enumerate(islice(cycle(documents), count))
    ]


def _copy(document: Document, copy: int) -> Document:
    if copy == 0:
        return document
    marked = f"Copy {copy + 1} of this text.\n{document.text}"
    return bench_document(marked, f"{document.source}#copy{copy + 1}", document.published)


def shared_corpus(
    shared: Path | None = None, *, documents: int = DEFAULT_DOCUMENTS, words: int = DEFAULT_WORDS
) -> Corpus:
    """`documents` documents of about `words` words from the shared data folder."""
    folder = resolve_shared(shared)
    passages = shared_passages(folder)
    texts = regrouped(list(passages.values()), documents, words)
    built = [bench_document(text, f"bench/{number:04d}") for number, text in enumerate(texts)]
    origin = f"{folder} ({', '.join(passages)}; ~{words} words per document)"
    return Corpus(tuple(built), origin)


def regrouped(groups: Sequence[Sequence[str]], documents: int, words: int) -> list[str]:
    """`documents` texts of about `words` words, each passage used once per round.

    The first round keeps every group's order; each further round shuffles them
    (seeded by the round), so that its texts are new combinations of passages and
    not near-duplicates of earlier texts, which comity would detect as copies.
    """
    texts: list[str] = []
    for round_number in count():
        if len(texts) >= documents:
            break
        shuffled = [list(group) for group in groups]
        if round_number:
            for group in shuffled:
                random.Random(round_number).shuffle(group)
        texts += group_passages(interleave(shuffled), words)
    return texts[:documents]


def corpus_from_sources(path: Path, *, documents: int | None = None) -> Corpus:
    """The documents comity's ingest reads from a folder or file (each once, in order).

    Duplicates are dropped; `documents` cycles or cuts them to that count.
    Raises NotFound when `path` yields no usable document.
    """
    if not path.exists():
        raise NotFound(f"the benchmark corpus {path} does not exist")
    unique = list(_unique(read_sources([path])))
    if not unique:
        raise NotFound(f"no usable document was read from {path}")
    chosen = repeated(unique, documents) if documents is not None else unique
    return Corpus(tuple(chosen), os.fspath(path))


def _unique(outcomes: Iterable[Document | Rejected]) -> Iterator[Document]:
    seen: set[str] = set()
    for outcome in outcomes:
        if isinstance(outcome, Document) and outcome.id not in seen:
            seen.add(outcome.id)
            yield outcome


def write_jsonl(documents: Iterable[Document], path: Path) -> Path:
    """Write documents as the JSONL comity's ingest reads (text and metadata)."""
    with path.open("w", encoding="utf-8") as out:
        for document in documents:
            out.write(json.dumps(_jsonl_fields(document), ensure_ascii=False) + "\n")
    return path


def _jsonl_fields(document: Document) -> dict[str, str]:
    fields = {"text": document.text, "title": document.title, "language": document.language}
    if document.published is not None:
        fields["published"] = document.published.isoformat()
        if document.published_precision is not None:
            fields["published_precision"] = str(document.published_precision.value)
    return {name: value for name, value in fields.items() if value is not None}
