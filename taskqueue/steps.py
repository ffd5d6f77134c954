"""The bookkeeping around each task, kept out of the Celery layer so it reads top to bottom.

Every state change is its own short transaction, so a worker killed at any
instant leaves rows that say exactly how far it got: the ``task`` row
(queued → running → done | dead), the source file (queued → processing → done
| failed | dead) and the batch (received → processing → done | failed). The
batch row is locked (an UPDATE as the first statement: a row lock on
PostgreSQL, the write lock on SQLite) whenever a file finishes, so exactly the
last finishing file sees "all files final" and queues ``assemble_batch``.
"""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from kernel.schema import DocumentResult, FieldValue, ProcessResult, Stamp
from kernel.settings import Settings
from store import timings
from store.db import session_scope
from store.models import FINAL_FILE_STATES, Batch, Document, SourceFile, Task, TriageItem
from store.repository import aware, load_document, save_result
from taskqueue.lease import Lease, claim
from validate.assemble import assemble_filings, unfiled_documents

log = logging.getLogger(__name__)

FINAL_TASK_STATES = frozenset({"done", "dead"})
MAX_STARTS = 8  # a task started this often (retries and lost workers together) is poison


class AlreadyFinal(Exception):
    """The task (or the thing it works on) is already finished: a redelivery, nothing to do."""


class Poisoned(Exception):
    """The task keeps killing or failing its workers; it goes to the dead-letter state."""


def start_task(settings: Settings, kind: str, ref: int, task_id: int | None) -> Lease:
    """Claim the task row's lease and count the start; raises AlreadyFinal, LeaseHeld or Poisoned."""
    with session_scope(settings) as session:
        row = task_row(session, kind, ref, task_id)
        if row is None:
            row = Task(kind=kind, ref_id=str(ref), attempts=0)
            session.add(row)
            session.flush()
        elif row.state in FINAL_TASK_STATES:
            raise AlreadyFinal(f"{kind} {ref}: task {row.id} already {row.state}")
        lease = claim(session, settings, row)
        if row.attempts > MAX_STARTS:
            raise Poisoned(f"started {row.attempts - 1} times without finishing (the worker died or gave up)")
        if row.leases_lost >= settings.task_max_lost_leases:
            raise Poisoned(lost_leases_reason(row.leases_lost))
        return lease


def lost_leases_reason(count: int) -> str:
    return f"its worker was lost {count} times while reading it (killed, frozen or out of memory)"


def task_row(session: Session, kind: str, ref: int, task_id: int | None) -> Task | None:
    if task_id is not None:
        return session.get(Task, task_id)
    query = select(Task).where(Task.kind == kind, Task.ref_id == str(ref)).order_by(Task.id.desc()).limit(1)
    return session.scalars(query).first()


def finish_task(session: Session, row_id: int, state: str, error: str | None = None, pages: int = 0) -> None:
    row = session.get(Task, row_id)
    if row is not None:
        row.state, row.error, row.finished_at = state, (error or None) and error[:4000], datetime.now(UTC)
        row.pages = (row.pages or 0) + pages
        row.lease_expires_at = None  # the holder stays named: who finished it
        if state == "done" and row.started_at is not None:  # a task kind is a stage of its own
            timings.record(session, {row.kind: (row.finished_at - aware(row.started_at)).total_seconds()})


def dead_letter(session: Session, row: Task, reason: str) -> int | None:
    """Give the task (and a file it reads) the dead state with ``reason``.

    Returns the batch id when that made the batch ready to assemble.
    """
    finish_task(session, row.id, "dead", reason)
    if row.kind == "reread_document":
        mark_reread(session, int(row.ref_id), "failed")
    if row.kind != "process_file":
        return None
    batch_id = mark_file(session, int(row.ref_id), "dead", "processing_failed", reason)
    return batch_id if batch_id is not None and batch_ready(session, batch_id) else None


def begin_file(settings: Settings, source_file_id: int) -> SourceFile:
    """Mark the file processing; its batch too. Returns a detached copy of the row."""
    with session_scope(settings) as session:
        row = session.get(SourceFile, source_file_id)
        if row is None:
            raise LookupError(f"source file {source_file_id} does not exist")
        if row.state in FINAL_FILE_STATES:
            raise AlreadyFinal(f"source file {source_file_id} is already {row.state}")
        if not row.blob_sha256:
            raise LookupError(f"source file {source_file_id} has no stored bytes")
        row.state = "processing"
        session.execute(
            update(Batch)
            .where(Batch.id == row.batch_id, Batch.status == "received")
            .values(status="processing")
        )
        session.flush()
        session.expunge(row)
        return row


def lock_batch(session: Session, batch_id: int) -> None:
    """Serialise the finishing of a batch's files (see the module docstring)."""
    session.execute(update(Batch).where(Batch.id == batch_id).values(id=Batch.id))


def batch_ready(session: Session, batch_id: int) -> bool:
    """True when every file of the batch is final (call with the batch locked)."""
    states = session.scalars(select(SourceFile.state).where(SourceFile.batch_id == batch_id)).all()
    return all(s in FINAL_FILE_STATES for s in states)


def save_file_outcome(
    session: Session, source_file_id: int, result: ProcessResult, state: str, pages: int
) -> int:
    """Store the documents read from one file (upsert) and its final state; returns the batch id."""
    row = session.get(SourceFile, source_file_id)
    if row is None:
        raise LookupError(f"source file {source_file_id} does not exist")
    lock_batch(session, row.batch_id)
    save_result(session, result, batch_id=row.batch_id)
    row.state = state
    row.pages = max(row.pages or 0, pages)
    return row.batch_id


def mark_file(session: Session, source_file_id: int, state: str, code: str, message: str) -> int | None:
    """Give a file a final state with its reason (dead letter); returns its batch id."""
    row = session.get(SourceFile, source_file_id)
    if row is None:
        return None
    lock_batch(session, row.batch_id)
    row.state, row.error_code, row.error_message = state, code, message[:4000]
    return row.batch_id


def assemble(session: Session, settings: Settings, batch_id: int, today: date) -> list[str]:
    """Group the batch's documents into validated filings (needs_review), put the documents of no
    filing into the triage lane, and close the batch."""
    batch = session.get(Batch, batch_id)
    if batch is None:
        raise LookupError(f"batch {batch_id} does not exist")
    lock_batch(session, batch_id)
    if batch.status in ("done", "failed"):
        raise AlreadyFinal(f"batch {batch_id} is already {batch.status}")
    ids = session.scalars(
        select(Document.id).where(Document.batch_id == batch_id, Document.duplicate_of.is_(None))
    ).all()
    docs: list[DocumentResult] = [load_document(session, doc_id) for doc_id in sorted(ids)]
    filings = assemble_filings(docs, settings, today)
    unfiled = unfiled_documents(docs, filings)  # into the reviewers' triage lane
    save_result(session, ProcessResult(filings=filings, unfiled=unfiled), batch_id=batch_id)
    states = session.scalars(select(SourceFile.state).where(SourceFile.batch_id == batch_id)).all()
    nothing_read = not docs and any(s in ("failed", "dead") for s in states)
    batch.status = "failed" if nothing_read else "done"
    batch.finished_at = datetime.now(UTC)
    return [f.id for f in filings]


def reread_target(session: Session, triage_item_id: int) -> tuple[int, list[int], str]:
    """Where a triage item's document lies (source file, pages) and the type it is to be read as."""
    item = session.get(TriageItem, triage_item_id)
    if item is None or item.reread != "queued":
        raise AlreadyFinal(f"triage item {triage_item_id} has no re-reading queued")
    document = session.get(Document, item.document_id)
    if document is None or document.source_file_id is None:
        raise LookupError(f"triage item {triage_item_id}: its document has no stored source file")
    return document.source_file_id, list(document.pages or []), document.doc_type


def save_reread(
    session: Session,
    triage_item_id: int,
    doc_type: str,
    fields: dict[str, FieldValue],
    stamps: list[Stamp],
) -> None:
    """Store the fields and seals read as ``doc_type`` (a reviewer's corrections stay) and mark the
    item read; a type changed again meanwhile waits for its own re-reading instead."""
    item = session.get(TriageItem, triage_item_id)
    document = session.get(Document, item.document_id) if item is not None else None
    if item is None or document is None or document.doc_type != doc_type:
        return
    current = load_document(session, document.id)
    updated = current.model_copy(update={"fields": fields, "stamps": stamps})
    save_result(session, ProcessResult(documents=[updated]), batch_id=document.batch_id)
    mark_reread(session, triage_item_id, "done")


def mark_reread(session: Session, triage_item_id: int, state: str) -> None:
    item = session.get(TriageItem, triage_item_id)
    if item is not None and item.reread == "queued":
        item.reread = state


def describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def log_skip(kind: str, ref: Any, why: BaseException) -> None:
    log.info("%s %s: redelivery ignored (%s)", kind, ref, why)
