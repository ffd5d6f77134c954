"""Running the API under uvicorn."""

from __future__ import annotations

import uvicorn

from api.app import create_app
from filingdesk.settings import Settings
from store.migrate import upgrade


def run_server(settings: Settings, *, host: str, port: int) -> None:
    """Create the schema if needed, then serve until interrupted."""
    upgrade(settings)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")
