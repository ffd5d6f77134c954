"""`filingdesk serve`: the HTTP API (and, on the embedded default, the worker) in one process."""

from __future__ import annotations

from typing import Annotated

import typer

from filingdesk.settings import get_settings


def register(app: typer.Typer) -> None:
    """Add the service commands to the main CLI."""
    app.command()(serve)


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
) -> None:
    """Run the HTTP API for scanning stations, reviewers and integrations (docs at /docs)."""
    from api.server import run_server

    run_server(get_settings(), host=host, port=port)
