"""comity's HTTP API and web explorer.

    from comity.web import WebSettings, create_app
    app = create_app(open_store("news.db"), WebSettings())

`comity serve` runs it with uvicorn; see `comity.web.server`.
"""

from __future__ import annotations

from comity.web.app import create_app
from comity.web.context import WebSettings

__all__ = ["WebSettings", "create_app"]
