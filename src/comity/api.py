"""comity as a Python library: open a store, query events, code a text.

    import comity
    with comity.open("comity.db") as db:
        frame = db.events(actor="TUR", since="2018").to_pandas()
        ties = db.relations("KGZ", kind="diplomatic_relations")
    events = comity.extract("Ankara and Baku signed a protocol on 3 May 2024.")

`open` and `extract` are re-exported from `comity`; pandas, polars and networkx
are imported only by the methods that need them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Unpack, overload

from comity.config import load_settings
from comity.errors import NotFound
from comity.export.actors import EntityLookup, no_lookup
from comity.export.columns import COLUMN_TYPES
from comity.export.events import EVENT_COLUMNS, event_record
from comity.export.graph import build_graph
from comity.export.optional import require
from comity.ingest.text import id_of_normalised, normalise_text
from comity.models import Document, Event, Precision
from comity.relations import DyadReport, Relation, RelationIndex, dyad_report
from comity.store import EventFilters, EventQuery, Store, open_store

if TYPE_CHECKING:
    from comity.extract.extractor import Extractor

_PANDAS_DTYPES = {"string": "string", "float": "float64", "int": "int64", "bool": "bool"}


class EventList(Sequence[Event]):
    """Events in timeline order, each with the source of its document.

    A read-only sequence of `Event` records that converts to a DataFrame whose
    columns are `EVENT_COLUMNS` (as in the CSV export).
    """

    def __init__(self, pairs: Iterable[tuple[Event, str]]) -> None:
        self._pairs = tuple(pairs)

    @overload
    def __getitem__(self, index: int) -> Event: ...
    @overload
    def __getitem__(self, index: slice) -> EventList: ...
    def __getitem__(self, index: int | slice) -> Event | EventList:
        if isinstance(index, slice):
            return EventList(self._pairs[index])
        return self._pairs[index][0]

    def __len__(self) -> int:
        return len(self._pairs)

    def __repr__(self) -> str:
        return f"EventList({len(self)} events)"

    def sources(self) -> list[str]:
        """The document source of each event, in the same order."""
        return [doc for _, doc in self._pairs]

    def records(self) -> Iterator[dict[str, Any]]:
        """One export record (`EVENT_COLUMNS`) per event."""
        return (event_record(event, doc) for event, doc in self._pairs)

    def to_pandas(self) -> Any:
        """A pandas DataFrame with `EVENT_COLUMNS`; needs pandas installed."""
        pd = require("pandas", "pandas", "EventList.to_pandas()")
        columns = self._columns()
        return pd.DataFrame(
            {
                name: pd.Series(values, dtype=_PANDAS_DTYPES[COLUMN_TYPES[name]])
                for name, values in columns.items()
            }
        )

    def to_polars(self) -> Any:
        """A polars DataFrame with `EVENT_COLUMNS`; needs polars installed."""
        pl = require("polars", "polars", "EventList.to_polars()")
        types = {"string": pl.Utf8, "float": pl.Float64, "int": pl.Int64, "bool": pl.Boolean}
        schema = {name: types[COLUMN_TYPES[name]] for name in EVENT_COLUMNS}
        return pl.DataFrame(self._columns(), schema=schema)

    def _columns(self) -> dict[str, list[Any]]:
        columns: dict[str, list[Any]] = {name: [] for name in EVENT_COLUMNS}
        for record in self.records():
            for name in EVENT_COLUMNS:
                columns[name].append(record[name])
        return columns


class Database:
    """A comity store opened for reading from Python (use it as a context manager)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def __enter__(self) -> Database:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    def events(self, **query: Unpack[EventQuery]) -> EventList:
        """The matching events, read into an `EventList`.

        Filters as for `Store.events`: actor, dyad, plover, cameo, since, until,
        doc_id, limit, offset.
        """
        return EventList(self.store.events_with_source(**query))

    def count(self, **filters: Unpack[EventFilters]) -> int:
        """How many events match, without reading them."""
        return self.store.count_events(**filters)

    def event(self, event_id: str) -> Event:
        """One event by id or unique id prefix; raises `NotFound`."""
        return self.store.event(event_id)

    def document(self, doc_id: str) -> Document:
        """One document by id; raises `NotFound`."""
        return self.store.document(doc_id)

    def relations(
        self,
        actor: str | None = None,
        *,
        on: date | None = None,
        kind: str | None = None,
    ) -> list[Relation]:
        """Relations merged over every document (those of `actor`, of `kind`, holding
        on `on`), each with its supporting and contradicting sources."""
        index = RelationIndex.from_store(self.store, actor=actor)
        return index.relations(actor=actor, on=on, kind=kind)

    def dyad(self, a: str, b: str, *, on: date | None = None) -> DyadReport:
        """Relations between `a` and `b` on `on` (today), their history, their events and
        the events' Goldstein trend."""
        index = RelationIndex.from_store(self.store, actor=a)
        return dyad_report(index, a, b, self.store.events_with_source(dyad=(a, b)), on=on)

    def conflicts(self) -> list[Relation]:
        """Relations that at least one source contradicts."""
        return RelationIndex.from_store(self.store).conflicts()

    def graph(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        plover: str | None = None,
        lookup: EntityLookup = no_lookup,
    ) -> Any:
        """The actor network of the matching events as a networkx DiGraph."""
        return build_graph(self.store.events(since=since, until=until, plover=plover), lookup)


def open(db: str | Path | None = None, *, create: bool = False) -> Database:  # noqa: A001
    """Open a comity database (default: $COMITY_DB, comity.toml, else ./comity.db).

    A database file that does not exist raises `NotFound` (a mistyped path would
    otherwise give an empty database), unless `create` is set.
    """
    target = db if db is not None else load_settings().db
    if not create and "://" not in str(target) and not Path(target).exists():
        raise NotFound(f"no comity database at {target} (pass create=True to make one)")
    return Database(open_store(target))


def extract(text: str, published: date | str | None = None) -> list[Event]:
    """Code `text` into events without storing it.

    `published` (a date or "YYYY-MM-DD") anchors relative dates such as
    "yesterday"; without it such dates stay unresolved. The extractor (and its
    spaCy model) is loaded on the first call and kept for the process.
    """
    day = date.fromisoformat(published) if isinstance(published, str) else published
    normalised = normalise_text(text)
    document = Document(
        id=id_of_normalised(normalised),
        text=normalised,
        source="text",
        published=day,
        published_precision=Precision.DAY if day is not None else None,
        language="en",
    )
    return _extractor().extract(document).events


@lru_cache(maxsize=1)
def _extractor() -> Extractor:
    from comity.extract.extractor import Extractor

    settings = load_settings()
    return Extractor.load(
        model=settings.model, kb_extra=settings.kb_extra, lexicon_extra=settings.lexicon_extra
    )
