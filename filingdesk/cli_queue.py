"""`filingdesk worker` and `filingdesk status`: the task queue's commands.

Kept apart from ``filingdesk.cli`` so the queue's command line grows in one
place; heavy imports stay inside the commands so ``--help`` answers at once.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.console import Console

from kernel.settings import get_settings


def register(app: typer.Typer) -> None:
    """Add the queue commands to the main CLI."""
    app.command()(worker)
    app.command()(status)
    app.command()(requeue)


def worker(
    concurrency: Annotated[
        int | None,
        typer.Option(
            help="Processes reading at once (one OCR engine each); default FILINGDESK_WORKER_CONCURRENCY, "
            "else one per CPU core."
        ),
    ] = None,
    loglevel: Annotated[str, typer.Option(help="Celery log level.")] = "INFO",
) -> None:
    """Run a queue worker: takes pages from the broker, reads them, stores the records.

    Start any number of workers on any number of machines with the same
    FILINGDESK_BROKER_URL, FILINGDESK_DATABASE_URL and blob store settings.
    """
    from filingdesk.logs import keep_for_celery, setup_logging
    from filingdesk.pipeline import load_worker, read_with_engines
    from taskqueue.worker import run_worker, worker_processes

    settings = get_settings()
    setup_logging(settings, level=loglevel.upper())
    keep_for_celery()
    if not settings.broker_url:
        Console(stderr=True).print(
            "[red]No broker configured.[/] Set FILINGDESK_BROKER_URL (e.g. redis://host:6379/0) to run "
            "workers; on the embedded default `filingdesk serve` processes uploads itself."
        )
        raise typer.Exit(2)
    run_worker(
        settings,
        reader=read_with_engines,
        warm=load_worker,
        concurrency=concurrency or worker_processes(settings),
        loglevel=loglevel,
    )


def status(
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Show the queue: tasks by state, running tasks with their lease holder, pages per second
    lately, and failed items with their reason."""
    from taskqueue.status import print_status, queue_status

    snapshot = queue_status(get_settings())
    if as_json:
        typer.echo(json.dumps(snapshot.as_dict(), ensure_ascii=False))
    else:
        print_status(snapshot, Console())


def requeue(
    older_than: Annotated[
        int, typer.Option(help="Minutes a task may wait in the queue before it is resent.")
    ] = 30,
) -> None:
    """Send again tasks that have waited too long (a lost broker message); safe to run from cron."""
    from datetime import timedelta

    from store.migrate import upgrade
    from taskqueue.app import make_celery
    from taskqueue.recover import requeue_stale

    settings = get_settings()
    upgrade(settings)
    count = requeue_stale(settings, make_celery(settings), timedelta(minutes=older_than))
    Console().print(f"{count} task(s) sent again")
