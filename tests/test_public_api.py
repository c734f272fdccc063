"""The names `import comity` offers, and the API behind `comity.open` and `comity.extract`."""

from __future__ import annotations
import __future__

import hashlib
import importlib
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from builders import make_claim

import comity
from comity.models import Document, Event, Mode, Precision, RelationKind


def test_every_name_in_all_is_importable() -> None:
    assert comity.__all__ == sorted(comity.__all__)
    for name in comity.__all__:
        assert getattr(comity, name) is not None
        exec(f"from comity import {name}", {})  # noqa: S102 - the import statement is the test


def test_every_public_name_is_in_all() -> None:
    public = {
        name
        for name in dir(comity)
        if not name.startswith("_")
        and not isinstance(getattr(comity, name), ModuleType | __future__._Feature)
    }
    assert public <= set(comity.__all__), public - set(comity.__all__)


def test_the_promised_names_are_there() -> None:
    promised = {
        "Document", "Event", "Mention", "Entity", "Mode", "Precision", "ComityError", "open",
        "extract", "Settings", "load_settings", "open_store", "__version__",
    }  # fmt: skip
    assert promised <= set(comity.__all__)


def test_extract_stays_the_function_after_its_subpackage_loads() -> None:
    importlib.import_module("comity.extract.extractor")
    assert callable(comity.extract) and not isinstance(comity.extract, ModuleType)


def _event(doc: Document, event_id: str, **fields: object) -> Event:
    values: dict[str, object] = {
        "id": event_id, "doc_id": doc.id, "source": "KGZ", "target": "UZB", "plover": "CONSULT",
        "cameo": "040", "goldstein": 1.0, "quad_class": 1, "sentence": doc.text, "span_start": 0,
        "span_end": len(doc.text), "trigger": "met", "trigger_start": 0, "trigger_end": 3,
        "confidence": 0.8, "extractor": "test-rules/1",
    }  # fmt: skip
    values.update(fields)
    return Event(**values)  # type: ignore[arg-type]


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Path]:
    text = "Bishkek and Tashkent officials met to discuss water in March 2019."
    doc = Document(id=hashlib.sha256(text.encode()).hexdigest(), text=text, source="water.txt")
    events = [
        _event(doc, "api-water-talks", date="2019-03", date_precision=Precision.MONTH),
        _event(
            doc,
            "api-water-deal",
            source="UZB",
            target="KGZ",
            plover="AGREE",
            cameo="057",
            goldstein=8.0,
            mode=Mode.INTENDED,
            date="2021",
            date_precision=Precision.YEAR,
        ),  # fmt: skip
    ]
    path = tmp_path / "api.db"
    with comity.open_store(path) as store:
        store.save_document(doc, [], events)
    yield path


def test_open_queries_events_into_a_typed_list(database: Path) -> None:
    with comity.open(database) as db:
        everything = db.events()
        assert len(everything) == db.count() == 2
        assert all(isinstance(event, comity.Event) for event in everything)
        assert [event.id for event in everything] == ["api-water-talks", "api-water-deal"]
        assert [event.id for event in db.events(since="2020")] == ["api-water-deal"]
        assert [event.id for event in db.events(plover="consult")] == ["api-water-talks"]
        assert isinstance(everything[1:], comity.EventList) and len(everything[1:]) == 1
        assert db.event("api-water-deal").mode is Mode.INTENDED


def test_to_pandas_has_the_export_columns(database: Path) -> None:
    pd = pytest.importorskip("pandas")
    from comity.export import EVENT_COLUMNS

    with comity.open(database) as db:
        frame = db.events(actor="KGZ").to_pandas()
        empty = db.events(actor="TUR").to_pandas()
    assert tuple(frame.columns) == EVENT_COLUMNS == tuple(empty.columns)
    assert len(frame) == 2 and len(empty) == 0
    assert frame["goldstein"].dtype == "float64" == empty["goldstein"].dtype
    assert frame["date_inferred"].dtype == "bool"
    assert frame["doc"].tolist() == ["water.txt", "water.txt"]
    assert frame["mode"].tolist() == ["asserted", "intended"]
    assert pd.api.types.is_string_dtype(frame["date"])


def test_to_polars_has_the_export_columns(database: Path) -> None:
    pl = pytest.importorskip("polars")
    with comity.open(database) as db:
        frame = db.events().to_polars()
    assert frame.height == 2
    assert frame.schema["quad_class"] == pl.Int64
    assert frame["date"].to_list() == ["2019-03", "2021"]


def test_graph_from_the_api(database: Path) -> None:
    pytest.importorskip("networkx")
    with comity.open(database) as db:
        graph = db.graph()
    assert set(graph.edges) == {("KGZ", "UZB"), ("UZB", "KGZ")}


@pytest.mark.model
def test_extract_codes_a_sentence_without_storing_it() -> None:
    events = comity.extract(
        "Uzbekistan and Kyrgyzstan signed a border agreement in Tashkent on 12 March 2021.",
        published="2021-03-13",
    )
    assert events, "the sentence holds an agreement"
    actors = {event.source for event in events} | {event.target for event in events}
    assert {"UZB", "KGZ"} <= actors
    assert any(event.cameo == "057" and event.date == "2021-03-12" for event in events)


def test_open_refuses_a_missing_file_unless_asked_to_create(tmp_path: Path) -> None:
    missing = tmp_path / "typo.db"
    with pytest.raises(comity.NotFound, match="typo.db"):
        comity.open(missing)
    assert not missing.exists()
    with comity.open(missing, create=True) as db:
        assert len(db.events()) == 0
    assert missing.exists()


def test_relations_from_the_api(tmp_path: Path) -> None:
    text = "Kyrgyzstan is a member of the Parliamentary Assembly of Turkic States."
    doc = Document(id=hashlib.sha256(text.encode()).hexdigest(), text=text, source="m.txt")
    claim = make_claim(
        doc, "c1", kind=RelationKind.MEMBERSHIP, a="KGZ", b="TURKPA", object_key="TURKPA"
    )
    path = tmp_path / "rel.db"
    with comity.open_store(path) as store:
        store.save_document(doc, [], [], claims=[claim])
    with comity.open(path) as db:
        (membership,) = db.relations("KGZ")
        assert (membership.a, membership.b, membership.docs) == ("KGZ", "TURKPA", ["m.txt"])
        assert db.relations("KGZ", kind="embassy") == []
        assert db.dyad("KGZ", "TURKPA").holding == [membership]
        assert db.conflicts() == []
