"""Starting a Celery worker process for filingdesk tasks."""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Callable
from typing import Any

from celery.signals import worker_process_init

from kernel.outcome import FileReader
from kernel.settings import Settings
from taskqueue.app import make_celery
from taskqueue.reaper import Reaper
from taskqueue.tasks import install_reader, resolve_pipeline

log = logging.getLogger(__name__)
PARENT_ENV = "FILINGDESK_PARENT_PID"  # set by `serve` for its embedded worker


def watch_parent(parent: str | None, interval: float = 1.0) -> threading.Thread | None:
    """Warm-stop this worker when the process that started it is gone (``serve`` killed with -9).

    A graceful ``serve`` stops its worker itself; this covers the case where it
    cannot, so no orphan keeps reading the queue of a service that is down.
    """
    if not parent or not parent.isdigit():
        return None
    expected = int(parent)

    def watch() -> None:
        while os.getppid() == expected:
            threading.Event().wait(interval)
        log.warning("the serving process %s is gone; stopping this worker", expected)
        os.kill(os.getpid(), signal.SIGTERM)

    thread = threading.Thread(target=watch, name="filingdesk-parent-watch", daemon=True)
    thread.start()
    return thread


def worker_processes(settings: Settings) -> int:
    """How many processes a worker reads with: as set, else one per CPU core (measured faster on
    2 cores than one process of two threads: ``make bench-queue``)."""
    return settings.worker_concurrency or max(1, os.cpu_count() or 1)


def share_cores(settings: Settings, concurrency: int) -> Settings:
    """Each of ``concurrency`` processes reads with its share of the cores, unless threads were set."""
    if concurrency <= 1 or "ocr_threads" in settings.model_fields_set:
        return settings
    return settings.model_copy(update={"ocr_threads": max(1, (os.cpu_count() or 1) // concurrency)})


def run_worker(
    settings: Settings,
    *,
    reader: FileReader,
    warm: Callable[[Settings], object],
    concurrency: int = 1,
    loglevel: str = "INFO",
) -> None:
    """Block running a worker that reads files with ``reader``; ``warm`` loads what it needs once
    per worker process (prefork children included): the OCR engines, for the real pipeline.

    The schema is migrated first (whichever process starts first does it), and
    each pool process drops the database connections it inherited from its
    parent: sockets must never be shared across a fork. The worker's reaper
    sends again the tasks of any worker that stopped renewing its leases.
    """
    from store.migrate import upgrade

    settings = share_cores(settings, concurrency)
    upgrade(settings)
    install_reader(reader)
    app = make_celery(settings)
    watch_parent(os.environ.get(PARENT_ENV))
    Reaper(settings, app).start()  # in this (parent) process only: threads do not survive a fork

    def init_process(**_: Any) -> None:
        from store.db import dispose_engines

        dispose_engines(close=False)  # the parent's reaper still uses its connections
        preload(settings, reader, warm)

    worker_process_init.connect(init_process, weak=False)
    if concurrency == 1:
        preload(settings, reader, warm)  # the solo pool runs tasks in this very process
    app.worker_main(
        [
            "worker",
            f"--loglevel={loglevel}",
            f"--concurrency={concurrency}",
            "--pool=solo" if concurrency == 1 else "--pool=prefork",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ]
    )


def preload(settings: Settings, reader: FileReader, warm: Callable[[Settings], object]) -> None:
    """Warm the reader's engines before the first task (not for a configured stand-in reader)."""
    if resolve_pipeline(settings) is not reader:
        return
    log.info("loading OCR engines (%s)", settings.ocr_engine)
    warm(settings)
