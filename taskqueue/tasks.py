"""Thin Celery tasks: load by id, run the pipeline, save, record the task's state.

The heavy lifting lives in ``filingdesk.pipeline.process_stored_file``
(imported lazily, so workers start fast and tests can inject a stand-in via
``set_pipeline``). The ``task`` row makes redelivery harmless: a task that is
already ``done`` or ``dead`` is not run again. Transient database errors are
retried with exponential backoff; anything else is permanent and marks the
task ``dead`` with its reason, instead of looping forever.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import import_module
from typing import Any

from celery import Task as CeleryTask
from celery import shared_task
from sqlalchemy import event, select
from sqlalchemy.exc import DisconnectionError, OperationalError
from sqlalchemy.orm import Session

from filingdesk.schema import ProcessResult
from filingdesk.settings import Settings
from store.db import session_scope
from store.models import SourceFile, Task
from store.repository import save_result
from taskqueue.app import app_settings

log = logging.getLogger(__name__)

PROCESS_FILE = "filingdesk.process_file"
MAX_RETRIES = 5
TRANSIENT = (OperationalError, DisconnectionError)
FINAL_STATES = frozenset({"done", "dead"})

StoredFilePipeline = Callable[[SourceFile, Settings], ProcessResult]
_pipeline_override: StoredFilePipeline | None = None
_PENDING_KEY = "filingdesk_after_commit"


def set_pipeline(fn: StoredFilePipeline | None) -> None:
    """Use ``fn`` instead of ``filingdesk.pipeline.process_stored_file`` (tests; ``None`` restores)."""
    global _pipeline_override
    _pipeline_override = fn


def resolve_pipeline() -> StoredFilePipeline:
    if _pipeline_override is not None:
        return _pipeline_override
    pipeline: StoredFilePipeline = import_module("filingdesk.pipeline").process_stored_file
    return pipeline


def backoff(attempt: int) -> float:
    """Seconds before retry ``attempt`` (1-based): 5, 10, 20 … capped at 10 minutes, with jitter."""
    return float(min(600, 5 * 2 ** (attempt - 1)) * random.uniform(0.8, 1.2))


@shared_task(bind=True, name=PROCESS_FILE, max_retries=MAX_RETRIES, acks_late=True)
def process_file(self: CeleryTask, source_file_id: int, task_id: int | None = None) -> str:
    """Read one stored source file and save its documents and filings; returns the task's final state."""
    settings = app_settings(self.app)
    try:
        row_id = _start(settings, source_file_id, task_id)
        if row_id is None:
            return "skipped"
        with session_scope(settings) as session:
            source_file = session.get(SourceFile, source_file_id)
            if source_file is None:
                raise LookupError(f"source file {source_file_id} does not exist")
            result = resolve_pipeline()(source_file, settings)
            save_result(session, result, batch_id=source_file.batch_id)
            _finish(session, row_id, "done", None)
        return "done"
    except TRANSIENT as exc:
        if self.request.retries >= MAX_RETRIES:
            _mark_dead(settings, source_file_id, task_id, f"gave up after {MAX_RETRIES} retries: {exc}")
            return "dead"
        log.warning("process_file %s: transient database error, retrying: %s", source_file_id, exc)
        raise self.retry(exc=exc, countdown=backoff(self.request.retries + 1)) from exc
    except Exception as exc:  # permanent: record why and stop, never redeliver forever
        log.exception("process_file %s failed permanently", source_file_id)
        _mark_dead(settings, source_file_id, task_id, f"{type(exc).__name__}: {exc}")
        return "dead"


def enqueue_after_commit(session: Session, task: CeleryTask, *args: Any, **kwargs: Any) -> None:
    """Send ``task`` only once ``session`` commits, so a worker never looks for rows that do not exist.

    On rollback the pending sends are dropped. In embedded (eager) mode the task
    runs right after the commit, in this process, on its own session.
    """
    pending: list[tuple[CeleryTask, tuple[Any, ...], dict[str, Any]]] | None = session.info.get(_PENDING_KEY)
    if pending is None:
        pending = session.info[_PENDING_KEY] = []
        event.listen(session, "after_commit", _send_pending)
        event.listen(session, "after_soft_rollback", _drop_pending)
    pending.append((task, args, kwargs))


def enqueue_process_file(session: Session, app: Any, source_file_id: int) -> Task:
    """Create the ``task`` row for a source file and send ``process_file`` after commit."""
    row = Task(kind="process_file", ref_id=str(source_file_id), state="queued")
    session.add(row)
    session.flush()
    enqueue_after_commit(session, app.tasks[PROCESS_FILE], source_file_id, task_id=row.id)
    return row


def _send_pending(session: Session) -> None:
    pending = session.info.get(_PENDING_KEY) or []
    session.info[_PENDING_KEY] = []
    for task, args, kwargs in pending:
        task.apply_async(args=args, kwargs=kwargs)


def _drop_pending(session: Session, previous_transaction: Any) -> None:
    if previous_transaction.parent is None:  # the outermost transaction rolled back
        session.info[_PENDING_KEY] = []


def _start(settings: Settings, source_file_id: int, task_id: int | None) -> int | None:
    """Mark the task row running (creating it if the task was sent without one); None = already final."""
    with session_scope(settings) as session:
        row = _task_row(session, source_file_id, task_id)
        if row is None:
            row = Task(kind="process_file", ref_id=str(source_file_id))
            session.add(row)
        elif row.state in FINAL_STATES:
            log.info(
                "process_file %s: task %s already %s; redelivery ignored", source_file_id, row.id, row.state
            )
            return None
        row.state, row.attempts, row.started_at = "running", (row.attempts or 0) + 1, datetime.now(UTC)
        session.flush()
        return row.id


def _finish(session: Session, row_id: int, state: str, error: str | None) -> None:
    row = session.get(Task, row_id)
    if row is not None:
        row.state, row.error, row.finished_at = state, error, datetime.now(UTC)


def _mark_dead(settings: Settings, source_file_id: int, task_id: int | None, reason: str) -> None:
    try:
        with session_scope(settings) as session:
            row = _task_row(session, source_file_id, task_id)
            if row is None:
                row = Task(kind="process_file", ref_id=str(source_file_id), attempts=1)
                session.add(row)
            row.state, row.error, row.finished_at = "dead", reason[:4000], datetime.now(UTC)
    except TRANSIENT:
        log.error("process_file %s: could not record dead state: %s", source_file_id, reason)


def _task_row(session: Session, source_file_id: int, task_id: int | None) -> Task | None:
    if task_id is not None:
        return session.get(Task, task_id)
    query = (
        select(Task)
        .where(Task.kind == "process_file", Task.ref_id == str(source_file_id))
        .order_by(Task.id.desc())
        .limit(1)
    )
    return session.scalars(query).first()
