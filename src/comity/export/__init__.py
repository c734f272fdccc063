"""Writing stored events where researchers work: JSON Lines, CSV, Parquet, GDELT,
ICEWS and PLOVER layouts, and the actor network as GraphML, GEXF or an edge list.

Every export streams over the store: relations are merged one at a time as
their claims stream in (`comity.relations.stream_relations`), and only the graph
keeps one tally per actor and per dyad. CSV cells that a spreadsheet would run
as formulas are written as text (`comity.export.spreadsheet`).
"""

from __future__ import annotations

from comity.export.actors import EntityLookup, no_lookup
from comity.export.columns import COLUMN_TYPES
from comity.export.events import EVENT_COLUMNS, ExportFormat, event_record, export_events
from comity.export.gdelt import gdelt_columns, gdelt_row, global_event_id
from comity.export.graph import EDGE_COLUMNS, GraphFormat, build_graph, export_graph
from comity.export.icews import ICEWS_COLUMNS, icews_row
from comity.export.parquet import export_parquet, parquet_schema
from comity.export.plover import PLOVER_FIELDS, plover_record
from comity.export.progress import ExportProgress
from comity.export.relations import (
    RELATION_COLUMNS,
    RelationFormat,
    export_relations,
    export_relations_parquet,
    relation_record,
)

__all__ = [
    "COLUMN_TYPES",
    "EDGE_COLUMNS",
    "EVENT_COLUMNS",
    "ICEWS_COLUMNS",
    "PLOVER_FIELDS",
    "RELATION_COLUMNS",
    "EntityLookup",
    "ExportFormat",
    "ExportProgress",
    "GraphFormat",
    "RelationFormat",
    "build_graph",
    "event_record",
    "export_events",
    "export_graph",
    "export_parquet",
    "export_relations",
    "export_relations_parquet",
    "gdelt_columns",
    "gdelt_row",
    "global_event_id",
    "icews_row",
    "no_lookup",
    "parquet_schema",
    "relation_record",
    "plover_record",
]
