"""Writing stored events out as JSON Lines or CSV, streamed row by row."""

from __future__ import annotations

from comity.export.events import EVENT_COLUMNS, ExportFormat, event_record, export_events

__all__ = ["EVENT_COLUMNS", "ExportFormat", "event_record", "export_events"]
