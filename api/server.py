"""Running the API under uvicorn, with its own worker on the embedded default.

With ``FILINGDESK_BROKER_URL`` set, ``serve`` only enqueues: workers run
elsewhere (``filingdesk worker``). Without it, uploads still must not be read
inside the request, so ``serve`` puts the queue in a SQLite file next to the
database (kombu's SQLAlchemy transport: no server to install) and supervises
one ``filingdesk worker`` child process on it, restarting it if it dies. A
child process rather than a thread keeps OCR off the API's event loop and GIL,
and a crash in a decoder cannot take the API down with it.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
from contextlib import suppress

import uvicorn

from api.app import create_app
from kernel.settings import Settings
from store.migrate import upgrade
from taskqueue.app import embedded_broker_url, make_celery
from taskqueue.reaper import Reaper
from taskqueue.recover import requeue_running
from taskqueue.worker import PARENT_ENV

log = logging.getLogger(__name__)
RESTART_DELAY = 2.0


class WorkerSupervisor:
    """Keeps one ``filingdesk worker`` child running until ``stop``."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.env = {
            **os.environ,
            "FILINGDESK_HOME": str(settings.home.resolve()),
            "FILINGDESK_DATABASE_URL": settings.resolved_database_url,
            "FILINGDESK_BROKER_URL": settings.broker_url,
            PARENT_ENV: str(os.getpid()),  # the worker stops itself if this process dies
        }
        self.proc: subprocess.Popen[bytes] | None = None
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="filingdesk-worker-supervisor", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:  # the previous worker (or a previous `serve`) may have died holding tasks
                requeue_running(self.settings, make_celery(self.settings))
            except Exception:
                log.exception("could not send the interrupted tasks again")
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "filingdesk", "worker"], env=self.env
            )
            code = self.proc.wait()
            if self._stopping.is_set():
                return
            log.error("embedded worker exited with %s; restarting in %.0f s", code, RESTART_DELAY)
            self._stopping.wait(RESTART_DELAY)

    def stop(self) -> None:
        self._stopping.set()
        proc = self.proc
        if proc is not None and proc.poll() is None:
            proc.terminate()  # Celery's warm shutdown: the task in hand finishes or is redelivered
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)
        with suppress(RuntimeError):
            self._thread.join(5)


def embedded_settings(settings: Settings) -> Settings:
    """The settings ``serve`` runs with: unchanged with a broker, else the SQLite-file broker."""
    if settings.broker_url:
        return settings
    return settings.model_copy(update={"broker_url": embedded_broker_url(settings)})


def run_server(settings: Settings, *, host: str, port: int) -> None:
    """Create the schema if needed, start the embedded worker if there is no broker, serve."""
    upgrade(settings)
    supervisor = None
    if not settings.broker_url:
        settings = embedded_settings(settings)
        supervisor = WorkerSupervisor(settings)
        supervisor.start()
    reaper = Reaper(settings, make_celery(settings)).start()  # also when every worker is down
    # uvicorn re-raises SIGTERM/SIGINT after its graceful shutdown; with the default handler the
    # process would die right there and leave the worker child running. Turn them into SystemExit
    # so the ``finally`` below stops the worker too.
    previous = {sig: signal.signal(sig, _exit_on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        # logging is the caller's (filingdesk.logs): uvicorn keeps its hands off it, and the app's
        # own access line (api.requestlog: request id, role, duration) replaces uvicorn's
        uvicorn.run(
            create_app(settings), host=host, port=port, log_level="info", log_config=None, access_log=False
        )
    finally:
        reaper.stop()
        if supervisor is not None:
            supervisor.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _exit_on_signal(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)
