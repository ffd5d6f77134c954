"""Thin Celery tasks: load by id, call the pure pipeline, save, set the state.

Only ids cross the broker (JSON). ``process_file`` reads one stored upload,
checkpointing every page (``taskqueue.checkpoint``), and saves its documents;
the last file of a batch to finish queues ``assemble_batch``, which groups the
batch's documents into filings for review. Both are idempotent on redelivery:
the ``task`` row, the file and batch states and the page checkpoints say what
is already done. Transient errors (database or blob store unreachable) are
retried with exponential backoff; anything else, or a task that keeps killing
its workers, is dead-lettered (``task.state = dead``) with its reason.

The reading step is whatever ``FileReader`` the process installed: ``filingdesk
worker`` installs the OCR pipeline with its engines (``install_reader``), so
this package never imports OCR code. ``set_pipeline`` (in-process tests) and
``settings.pipeline`` (``module:function``; worker subprocesses in the queue's
fault tests and benchmark) put a stand-in reader in its place.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from datetime import date
from importlib import import_module
from typing import TYPE_CHECKING, Any

from celery import Task as CeleryTask
from celery import shared_task
from celery.exceptions import Retry
from sqlalchemy.exc import DisconnectionError, OperationalError
from sqlalchemy.orm import Session

from kernel import logcontext
from kernel.outcome import FileReader
from kernel.schema import ProcessResult
from kernel.settings import Settings
from store.db import session_scope
from store.models import Task
from taskqueue import steps
from taskqueue.app import app_settings
from taskqueue.lease import Lease, LeaseHeld, LeaseLost, fence, held, release
from taskqueue.outbox import enqueue_after_commit, mark_unsent

if TYPE_CHECKING:
    from kernel.reading import PageReading

log = logging.getLogger(__name__)

PROCESS_FILE = "filingdesk.process_file"
ASSEMBLE_BATCH = "filingdesk.assemble_batch"
REREAD_DOCUMENT = "filingdesk.reread_document"
MAX_RETRIES = 6

_pipeline_override: FileReader | None = None
_installed: FileReader | None = None


class NoReader(RuntimeError):
    """This process was given no file reader: tasks that read files run in ``filingdesk worker``."""


def install_reader(fn: FileReader) -> None:
    """Make ``fn`` this process's file reader (the worker's entry point installs the OCR pipeline)."""
    global _installed
    _installed = fn


def set_pipeline(fn: FileReader | None) -> None:
    """Read files with ``fn`` instead of the installed reader (in-process tests; ``None`` restores)."""
    global _pipeline_override
    _pipeline_override = fn


def resolve_pipeline(settings: Settings) -> FileReader:
    """The stand-in if one is set or configured, else the reader this process installed."""
    if _pipeline_override is not None:
        return _pipeline_override
    if settings.pipeline:
        module, _, name = settings.pipeline.partition(":")
        reader: FileReader = getattr(import_module(module), name)
        return reader
    if _installed is None:
        raise NoReader("no file reader installed in this process; files are read by `filingdesk worker`")
    return _installed


def transient_errors() -> tuple[type[BaseException], ...]:
    """Errors worth retrying: the database or the blob store was briefly out of reach."""
    from botocore.exceptions import ConnectionClosedError, EndpointConnectionError, ReadTimeoutError

    return (
        OperationalError,
        DisconnectionError,
        EndpointConnectionError,
        ConnectionClosedError,
        ReadTimeoutError,
        ConnectionError,
        TimeoutError,
    )


def backoff(attempt: int) -> float:
    """Seconds before retry ``attempt`` (1-based): 2, 4, 8 … capped at 5 minutes, with jitter."""
    return float(min(300, 2**attempt) * random.uniform(0.8, 1.2))


@shared_task(bind=True, name=PROCESS_FILE, max_retries=MAX_RETRIES, acks_late=True)
def process_file(self: CeleryTask, source_file_id: int, task_id: int | None = None) -> str:
    """Read one stored source file and save its documents; returns what became of the task."""
    return _run(self, "process_file", source_file_id, task_id, _process)


@shared_task(bind=True, name=ASSEMBLE_BATCH, max_retries=MAX_RETRIES, acks_late=True)
def assemble_batch(self: CeleryTask, batch_id: int, task_id: int | None = None) -> str:
    """Group a finished batch's documents into validated filings that wait for review."""
    return _run(self, "assemble_batch", batch_id, task_id, _assemble)


@shared_task(bind=True, name=REREAD_DOCUMENT, max_retries=MAX_RETRIES, acks_late=True)
def reread_document(self: CeleryTask, triage_item_id: int, task_id: int | None = None) -> str:
    """Read a triage item's document again as the type a reviewer assigned, from its stored pages."""
    return _run(self, "reread_document", triage_item_id, task_id, _reread)


Body = Callable[[Any, Settings, int, Lease], None]


def _run(task: CeleryTask, kind: str, ref: int, task_id: int | None, body: Body) -> str:
    """Run a task's body in its log context (task, batch or source file), with a closing line."""
    ids = {"batch_id": ref} if kind == "assemble_batch" else {"source_file_id": ref}
    started = time.perf_counter()
    outcome = "raised"
    with logcontext.opened(task=kind, task_id=task_id, **ids):
        try:
            outcome = _run_body(task, kind, ref, task_id, body)
            return outcome
        except Retry:
            outcome = "retrying"
            raise
        finally:
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            log.info(
                "%s %s: %s in %.0f ms", kind, ref, outcome, duration_ms, extra={"duration_ms": duration_ms}
            )


def _run_body(task: CeleryTask, kind: str, ref: int, task_id: int | None, body: Body) -> str:
    settings = app_settings(task.app)
    lease: Lease | None = None
    try:
        lease = steps.start_task(settings, kind, ref, task_id)
        with held(settings, lease):
            body(task.app, settings, ref, lease)
        return "done"
    except steps.AlreadyFinal as exc:
        steps.log_skip(kind, ref, exc)
        _close_skipped(settings, kind, ref, task_id)
        return "skipped"
    except LeaseHeld as exc:  # a second delivery while the holder is alive: it finishes the task
        steps.log_skip(kind, ref, exc)
        return "held"
    except LeaseLost as exc:  # frozen past the lease: the newer holder's result stands
        log.warning("%s %s: %s; this delivery stops without writing", kind, ref, exc)
        return "superseded"
    except transient_errors() as exc:
        if task.request.retries >= MAX_RETRIES:
            reason = f"gave up after {MAX_RETRIES} retries: {steps.describe(exc)}"
            _dead(task.app, settings, kind, ref, task_id, reason, lease)
            return "dead"
        log.warning("%s %s: transient error, retrying: %s", kind, ref, exc)
        _release(settings, lease)
        try:
            raise task.retry(exc=exc, countdown=backoff(task.request.retries + 1)) from exc
        except Retry:
            raise
        except Exception as send_error:  # the broker is away too: the reaper sends the row
            log.warning("%s %s: the retry could not be sent (%s)", kind, ref, send_error)
            if task_id is not None:
                mark_unsent(settings, task_id)
            return "unsent"
    except Exception as exc:  # permanent: record why and stop, never redeliver forever
        log.exception("%s %s failed permanently", kind, ref)
        _dead(task.app, settings, kind, ref, task_id, steps.describe(exc), lease)
        return "dead"


def _release(settings: Settings, lease: Lease | None) -> None:
    """Hand the lease back before a retry waits out its backoff, so the reaper leaves it alone."""
    if lease is None:
        return
    try:
        with session_scope(settings) as session:
            release(session, lease)
    except transient_errors():  # the database is still away: the lease expires by itself
        log.warning("task %s: could not give the lease back before retrying", lease.task_id)


def _process(app: Any, settings: Settings, source_file_id: int, lease: Lease) -> None:
    from ingest.blobs import blob_store_from_settings
    from kernel.inputs import InputFile
    from taskqueue.checkpoint import load_pages, save_page

    blobs = blob_store_from_settings(settings)
    sf = steps.begin_file(settings, source_file_id)
    logcontext.add(batch_id=sf.batch_id)
    done = load_pages(settings, blobs, source_file_id)

    def on_page(page: Any, reading: PageReading) -> None:
        save_page(settings, blobs, source_file_id, page.page, reading, lease)

    with blobs.as_file(sf.blob_sha256 or "") as path:
        f = InputFile(
            path=path, source=sf.source, sha256=sf.sha256 or "", size=sf.size or 0, kind=sf.kind or ""
        )
        outcome = resolve_pipeline(settings)(f, settings, done, on_page)
    result = ProcessResult(documents=outcome.documents, errors=[outcome.error] if outcome.error else [])
    state = "failed" if outcome.error is not None else "done"
    with session_scope(settings) as session:
        fence(session, lease)  # first: a superseded holder writes nothing
        batch_id = steps.save_file_outcome(session, source_file_id, result, state, len(done) + outcome.pages)
        steps.finish_task(session, lease.task_id, "done", pages=outcome.pages)
        if steps.batch_ready(session, batch_id):
            enqueue_assemble_batch(session, app, batch_id)


def _assemble(app: Any, settings: Settings, batch_id: int, lease: Lease) -> None:
    with session_scope(settings) as session:
        fence(session, lease)
        steps.assemble(session, settings, batch_id, date.today())
        steps.finish_task(session, lease.task_id, "done")


def _reread(app: Any, settings: Settings, triage_item_id: int, lease: Lease) -> None:
    """The page readings the workers checkpointed are read again with the reviewer's type: no OCR
    runs again, only classification is overruled (``extract.documents.read_as``)."""
    from extract.documents import read_as
    from ingest.blobs import blob_store_from_settings
    from kernel.domain import DocType
    from taskqueue.checkpoint import load_pages

    with session_scope(settings) as session:
        source_file_id, pages, doc_type = steps.reread_target(session, triage_item_id)
    saved = load_pages(settings, blob_store_from_settings(settings), source_file_id)
    readings = [saved[number] for number in pages if number in saved]
    if not readings:
        raise LookupError(f"triage item {triage_item_id}: no stored page readings to read again")
    fields, stamps = read_as(DocType(doc_type), readings, settings)
    with session_scope(settings) as session:
        fence(session, lease)
        steps.save_reread(session, triage_item_id, doc_type, fields, stamps)
        steps.finish_task(session, lease.task_id, "done")


def _dead(
    app: Any, settings: Settings, kind: str, ref: int, task_id: int | None, reason: str, lease: Lease | None
) -> None:
    """Dead-letter the task (and its file), then let the rest of the batch go on."""
    try:
        with session_scope(settings) as session:
            if lease is not None:
                fence(session, lease)  # a superseded holder does not get to declare it dead
            row = steps.task_row(session, kind, ref, task_id)
            if row is None:
                row = Task(kind=kind, ref_id=str(ref), attempts=1)
                session.add(row)
                session.flush()
            ready = steps.dead_letter(session, row, reason)
            if ready is not None:
                enqueue_assemble_batch(session, app, ready)
    except LeaseLost:
        log.warning("%s %s: failed after its lease was taken over; the newer holder decides", kind, ref)
    except transient_errors():
        log.error("%s %s: could not record the dead state: %s", kind, ref, reason)


def _close_skipped(settings: Settings, kind: str, ref: int, task_id: int | None) -> None:
    with session_scope(settings) as session:
        row = steps.task_row(session, kind, ref, task_id)
        if row is not None and row.state not in steps.FINAL_TASK_STATES:
            steps.finish_task(session, row.id, "done")


def enqueue_process_file(session: Session, app: Any, source_file_id: int) -> Task:
    """Create the ``task`` row for a source file and send ``process_file`` after commit."""
    return _enqueue(session, app, PROCESS_FILE, "process_file", source_file_id)


def enqueue_assemble_batch(session: Session, app: Any, batch_id: int) -> Task:
    """Create the ``task`` row for a batch and send ``assemble_batch`` after commit."""
    return _enqueue(session, app, ASSEMBLE_BATCH, "assemble_batch", batch_id)


def enqueue_reread_document(session: Session, app: Any, triage_item_id: int) -> Task:
    """Create the ``task`` row for re-reading a triage item's document and send it after commit."""
    return _enqueue(session, app, REREAD_DOCUMENT, "reread_document", triage_item_id)


def _enqueue(session: Session, app: Any, name: str, kind: str, ref: int) -> Task:
    row = Task(kind=kind, ref_id=str(ref), state="queued")
    session.add(row)
    session.flush()
    enqueue_after_commit(session, app.tasks[name], ref, task_id=row.id)
    return row
