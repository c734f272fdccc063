from __future__ import annotations

import io
from pathlib import Path

import pytest

from comity.export import EVENT_COLUMNS, event_record
from comity.export.parquet import export_parquet
from comity.store import Store

from .conftest import EVENTS, SOURCES

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pq = pytest.importorskip("pyarrow.parquet")


def _exported(store: Store, path: Path, **kwargs: object) -> int:
    return export_parquet(store, path, **kwargs)  # type: ignore[arg-type]


def test_pandas_reads_every_event_with_sane_dtypes(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    assert _exported(store, path) == len(EVENTS)
    frame = pd.read_parquet(path)
    assert tuple(frame.columns) == EVENT_COLUMNS
    assert len(frame) == len(EVENTS)
    assert frame["goldstein"].dtype == "float64"
    assert frame["quad_class"].dtype == "int64"
    assert frame["span_start"].dtype == "int64"
    assert frame["date_inferred"].dtype == "bool"
    assert pd.api.types.is_string_dtype(frame["date"])
    by_id = frame.set_index("id")
    for event in EVENTS:
        expected = event_record(event, SOURCES[event.doc_id])
        row = by_id.loc[event.id]
        assert row["goldstein"] == expected["goldstein"]
        assert row["doc"] == expected["doc"]
        assert row["sentence"] == expected["sentence"]
        assert (None if pd.isna(row["date"]) else row["date"]) == expected["date"]


def test_polars_reads_the_same_rows(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    _exported(store, path)
    frame = pl.read_parquet(path)
    assert frame.columns == list(EVENT_COLUMNS)
    assert frame.height == len(EVENTS)
    assert frame.schema["quad_class"] == pl.Int64
    assert frame.schema["date_inferred"] == pl.Boolean
    assert frame.schema["date"] == pl.Utf8
    assert sorted(frame["id"].to_list()) == sorted(event.id for event in EVENTS)


def test_rows_are_written_in_row_groups(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "events.parquet"
    _exported(store, path, row_group_size=2)
    metadata = pq.ParquetFile(path).metadata
    assert metadata.num_rows == len(EVENTS)
    assert metadata.num_row_groups == -(-len(EVENTS) // 2)


def test_filters_apply_and_an_empty_export_is_still_a_file(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "none.parquet"
    assert _exported(store, path, plover="THREATEN") == 0
    frame = pd.read_parquet(path)
    assert len(frame) == 0
    assert tuple(frame.columns) == EVENT_COLUMNS


def test_a_binary_stream_works_as_output(store: Store) -> None:
    out = io.BytesIO()
    assert export_parquet(store, out, actor="KAZ") == 1
    out.seek(0)
    assert pd.read_parquet(out)["id"].tolist() == ["exp-briefing-plan"]


def test_on_event_is_called_once_per_row(store: Store, tmp_path: Path) -> None:
    calls: list[None] = []
    _exported(store, tmp_path / "e.parquet", on_event=lambda: calls.append(None))
    assert len(calls) == len(EVENTS)
