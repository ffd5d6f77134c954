"""`filingdesk serve` and `filingdesk keys`: the HTTP API and its API keys."""

from __future__ import annotations

from typing import Annotated

import typer

from kernel.settings import get_settings

keys_app = typer.Typer(help="Manage API keys (stored hashed; a key is shown once).", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    """Add the service commands to the main CLI."""
    app.command()(serve)
    app.add_typer(keys_app, name="keys")


def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
) -> None:
    """Run the HTTP API for scanning stations, reviewers and integrations (docs at /docs)."""
    from api.server import run_server
    from filingdesk.logs import setup_logging

    settings = get_settings()
    setup_logging(settings)
    run_server(settings, host=host, port=port)


@keys_app.command("create")
def create(
    role: Annotated[str, typer.Option(help="station | reviewer | integration | admin")],
    station: Annotated[str | None, typer.Option(help="Station id (required for station keys).")] = None,
    name: Annotated[str, typer.Option(help="Who uses the key (shown in audit trails).")] = "",
) -> None:
    """Create an API key and print it on the last line (it cannot be shown again)."""
    from api.keys import create_key
    from store.db import session_scope
    from store.migrate import upgrade

    settings = get_settings()
    upgrade(settings)
    try:
        with session_scope(settings) as session:
            row, plain = create_key(session, role=role, name=name, station=station)
            summary = f"created key {row.id} ({row.role}, name {row.name!r}" + (
                f", station {row.station!r})" if row.station else ")"
            )
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(summary)
    typer.echo(plain)
