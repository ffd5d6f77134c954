"""Starting a Celery worker process for filingdesk tasks."""

from __future__ import annotations

from filingdesk.settings import Settings
from taskqueue.app import make_celery


def run_worker(settings: Settings, *, concurrency: int = 1, loglevel: str = "INFO") -> None:
    """Block running a worker; OCR engines load once per worker process (prefork children included)."""
    app = make_celery(settings)
    app.worker_main(
        [
            "worker",
            f"--loglevel={loglevel}",
            f"--concurrency={concurrency}",
            "--pool=solo" if concurrency == 1 else "--pool=prefork",
            "--without-gossip",
            "--without-mingle",
        ]
    )
