"""`filingdesk station watch`: the hot-folder agent's command line.

The key may come from ``FILINGDESK_STATION_KEY`` so that it is not visible in
``ps`` or a shell history; the server and the station from their own variables,
so a systemd unit or a scheduled task carries no secret on its command line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

station_app = typer.Typer(help="Scanning-station tools (clients of the station API).", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(station_app, name="station")


@station_app.command("watch")
def watch(
    folder: Annotated[Path, typer.Argument(help="The folder the scanner saves into (scan to folder).")],
    server: Annotated[
        str,
        typer.Option(envvar="FILINGDESK_SERVER_URL", help="The filingdesk API, e.g. http://filingdesk:8000."),
    ],
    key: Annotated[
        str, typer.Option(envvar="FILINGDESK_STATION_KEY", help="A station API key (better: the env var).")
    ],
    station: Annotated[
        str | None,
        typer.Option(
            envvar="FILINGDESK_STATION_ID",
            help="The station id the key was created for (default: asked of the server, GET /v1/me).",
        ),
    ] = None,
    once: Annotated[
        bool, typer.Option("--once", help="Send what is ready now and exit (cron, tests).")
    ] = False,
    interval: Annotated[
        float,
        typer.Option(min=0.1, help="Seconds between looks; a file is complete when unchanged across one."),
    ] = 5.0,
    quiet_period: Annotated[
        float, typer.Option(min=0, help="A packet goes when nothing in it changed for this many seconds.")
    ] = 30.0,
    backoff_max: Annotated[
        float, typer.Option(min=0.1, help="Longest wait between tries while the server is unreachable.")
    ] = 300.0,
    retry_for: Annotated[
        float, typer.Option(min=0, help="With --once: give up (files kept, exit 3) after this many seconds.")
    ] = 600.0,
) -> None:
    """Upload what a scanner drops into FOLDER: a sub-folder is one packet (one batch), loose files
    go together after the quiet period. Accepted files move to FOLDER/.done/ with the receipt,
    refused ones to FOLDER/.rejected/ with the reason; nothing is deleted.

    Exit codes: 0 done; 2 key, station or URL refused (files kept); 3 unreachable (--once; files kept).
    """
    from filingdesk.station.watch import Agent, WatchOptions

    err = Console(stderr=True)
    if not folder.is_dir():
        err.print(f"[red]文件夹不存在 No such folder: {folder}[/]")
        raise typer.Exit(2)
    if not server.startswith(("http://", "https://")) or not _host(server):
        err.print(
            f"[red]服务器地址应以 http(s):// 开头 --server must start with http:// or https://: {server}[/]"
        )
        raise typer.Exit(2)
    options = WatchOptions(
        root=folder.resolve(),
        server=server,
        key=key,
        station=station or "",
        once=once,
        interval=interval,
        quiet_period=quiet_period,
        backoff_max=backoff_max,
        retry_for=retry_for,
    )
    out = Console()
    if not out.is_terminal:  # a log or a pipe: a wide table beats wrapped cells
        out = Console(width=160)
    try:
        code = Agent(options, out, err).run()
    except KeyboardInterrupt:
        err.print("stopped 已停止 (every file not yet sent is still in the folder)")
        code = 130
    raise typer.Exit(code)


def _host(url: str) -> str:
    import httpx

    try:
        return httpx.URL(url).host
    except httpx.InvalidURL:
        return ""
