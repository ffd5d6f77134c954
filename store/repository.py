"""Save and load filing records in the contract's own shapes (ProcessResult, FilingResult).

Saving is an upsert keyed by the pipeline's document and filing ids, so
re-processing the same scans updates records instead of duplicating them, and
it never undoes people's work: fields a reviewer corrected and filings a
reviewer already decided keep their values and review status.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kernel.inputs import InputFile
from kernel.schema import DocumentResult, FieldValue, FilingResult, Issue, ProcessResult, Stamp
from kernel.workflow import STATUSES, UNDECIDED, allowed
from store.models import (
    Batch,
    Document,
    FieldRow,
    Filing,
    FilingDocument,
    IssueRow,
    SourceFile,
    StampRow,
    StatusEvent,
)
from store.progress import BatchNotFound, BatchProgress, batch_progress  # noqa: F401 - the contract's home
from store.triage import record_unfiled

SYSTEM = "system"


class FilingNotFound(LookupError):
    """No filing with that id."""


class InvalidTransition(ValueError):
    """The review status cannot move that way (e.g. a cancelled filing cannot be approved)."""


class StaleFiling(RuntimeError):
    """Someone else changed the filing since the caller read it (optimistic concurrency)."""


@dataclass(frozen=True)
class FilingSummary:
    """One line of the reviewer's work list."""

    id: str
    batch_id: int | None
    name: str | None
    id_number: str | None
    filing_category: str | None
    status: str
    review_status: str
    version: int
    issues: int
    updated_at: datetime


def save_result(
    session: Session,
    result: ProcessResult,
    *,
    batch_station: str | None = None,
    batch_id: int | None = None,
    inputs: Sequence[InputFile] = (),
) -> int:
    """Store a run's documents, fields, stamps, filings, issues, input errors and the documents in no
    filing (as triage items); returns the batch id.

    ``inputs`` adds checksums, sizes and kinds to the source-file rows; ``batch_id``
    saves into an existing batch (a re-run of the same upload) instead of a new one.
    """
    batch = session.get(Batch, batch_id) if batch_id is not None else None
    if batch is None:
        batch = Batch(station=batch_station, status="processed")
        session.add(batch)
        session.flush()
    files = _source_files(session, batch, result, inputs)
    for doc in result.documents:
        _save_document(session, batch.id, files.get(doc.source), doc)
    session.flush()
    for filing in result.filings:
        _save_filing(session, batch.id, filing)
    session.flush()
    record_unfiled(session, batch.id, result.unfiled)
    return batch.id


def load_filing(session: Session, filing_id: str) -> tuple[FilingResult, list[DocumentResult]]:
    """A filing and its documents, as the pipeline produced them (plus reviewer corrections)."""
    row = session.get(Filing, filing_id)
    if row is None:
        raise FilingNotFound(filing_id)
    filing = FilingResult.model_validate(
        {
            **(row.extra or {}),
            "id": row.id,
            "id_number": row.id_number,
            "name": row.name,
            "filing_category": row.filing_category,
            "documents": [link.document_id for link in row.documents],
            "status": row.status,
            "issues": [
                Issue(
                    code=i.code,
                    severity=i.severity,  # type: ignore[arg-type]
                    field=i.field,
                    document=i.document_id,
                    message=i.message,
                    message_en=i.message_en,
                )
                for i in row.issues
            ],
        }
    )
    documents = [load_document(session, link.document_id) for link in row.documents]
    return filing, documents


def load_document(session: Session, document_id: str) -> DocumentResult:
    """One stored document in the contract's shape."""
    row = session.get(Document, document_id)
    if row is None:
        raise LookupError(document_id)
    return DocumentResult.model_validate(
        {
            **(row.extra or {}),
            "id": row.id,
            "source": row.source,
            "pages": row.pages,
            "doc_type": row.doc_type,
            "doc_type_confidence": row.doc_type_confidence,
            "duplicate_of": row.duplicate_of,
            "fields": {
                f.key: FieldValue(
                    value=f.value,
                    confidence=f.confidence,
                    page=f.page,
                    bbox=f.bbox,
                    low_confidence=f.low_confidence,
                    source=f.source,  # type: ignore[arg-type]
                )
                for f in row.fields
            },
            "stamps": [
                Stamp(
                    page=s.page,
                    bbox=s.bbox,
                    confidence=s.confidence,
                    shape=s.shape,  # type: ignore[arg-type]
                    text=s.text,
                    color=s.color,  # type: ignore[arg-type]
                    role=s.role,  # type: ignore[arg-type]
                )
                for s in row.stamps
            ],
        }
    )


def list_filings(
    session: Session,
    *,
    review_status: str | None = None,
    status: str | None = None,
    batch_id: int | None = None,
    id_number: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[FilingSummary]:
    """Filings newest first, optionally filtered, with their issue counts."""
    issues = select(IssueRow.filing_id, func.count().label("n")).group_by(IssueRow.filing_id).subquery()
    query = select(Filing, func.coalesce(issues.c.n, 0)).outerjoin(issues, issues.c.filing_id == Filing.id)
    if review_status is not None:
        query = query.where(Filing.review_status == review_status)
    if status is not None:
        query = query.where(Filing.status == status)
    if batch_id is not None:
        query = query.where(Filing.batch_id == batch_id)
    if id_number is not None:
        query = query.where(Filing.id_number == id_number)
    query = query.order_by(Filing.updated_at.desc(), Filing.id).limit(limit).offset(offset)
    return [
        FilingSummary(
            id=f.id,
            batch_id=f.batch_id,
            name=f.name,
            id_number=f.id_number,
            filing_category=f.filing_category,
            status=f.status,
            review_status=f.review_status,
            version=f.version,
            issues=int(n),
            updated_at=aware(f.updated_at),
        )
        for f, n in session.execute(query).all()
    ]


def record_status(
    session: Session, filing_id: str, to: str, who: str, why: str = "", *, expected_version: int | None = None
) -> StatusEvent:
    """Move a filing's review status and write the audit event (same transaction).

    ``expected_version`` is the version the caller read; a mismatch raises
    StaleFiling instead of overwriting a colleague's decision.
    """
    if to not in STATUSES:
        raise InvalidTransition(f"unknown review status {to!r}")
    filing = session.get(Filing, filing_id)
    if filing is None:
        raise FilingNotFound(filing_id)
    if expected_version is not None and filing.version != expected_version:
        raise StaleFiling(f"filing {filing_id} is at version {filing.version}, not {expected_version}")
    if not allowed(filing.review_status, to):
        raise InvalidTransition(f"filing {filing_id}: {filing.review_status} → {to} is not allowed")
    event = StatusEvent(filing_id=filing_id, from_status=filing.review_status, to_status=to, who=who, why=why)
    filing.review_status = to
    session.add(event)
    session.flush()
    return event


def status_history(session: Session, filing_id: str) -> list[StatusEvent]:
    """The audit trail of a filing, oldest first."""
    return list(
        session.scalars(
            select(StatusEvent)
            .where(StatusEvent.filing_id == filing_id)
            .order_by(StatusEvent.at, StatusEvent.id)
        )
    )


def apply_verdict(row: Filing, filing: FilingResult, extra: dict[str, Any]) -> None:
    """Store what validation said of a filing (who, which category, status, issues) on its row.

    The pipeline's save and a reviewer's revalidation both end here, so a
    corrected filing's record has exactly the shape of a freshly read one.
    """
    row.status = str(filing.status)
    row.id_number, row.name, row.filing_category = filing.id_number, filing.name, filing.filing_category
    row.extra = extra
    row.issues = [
        IssueRow(
            code=i.code,
            severity=str(i.severity),
            field=i.field,
            document_id=i.document,
            message=i.message,
            message_en=i.message_en,
        )
        for i in filing.issues
    ]


def aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored moment is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _source_files(
    session: Session, batch: Batch, result: ProcessResult, inputs: Sequence[InputFile]
) -> dict[str, SourceFile]:
    rows = session.scalars(select(SourceFile).where(SourceFile.batch_id == batch.id))
    existing = {f.source: f for f in rows}
    by_source = {f.source: f for f in inputs}

    def get(source: str) -> SourceFile:
        row = existing.get(source)
        if row is None:
            row = existing[source] = SourceFile(batch_id=batch.id, source=source)
            session.add(row)
        known = by_source.get(source)
        if known is not None:
            row.sha256, row.size, row.kind = known.sha256 or None, known.size or None, known.kind or None
        return row

    for source in [*by_source, *(d.source for d in result.documents)]:
        get(source)
    for error in result.errors:
        row = get(error.source)
        row.error_code, row.error_message = error.code, error.message
    session.flush()
    return existing


def _save_document(
    session: Session, batch_id: int, source_file: SourceFile | None, doc: DocumentResult
) -> None:
    row = session.get(Document, doc.id)
    if row is None:
        row = Document(id=doc.id)
        session.add(row)
    row.batch_id = batch_id
    row.source_file_id = source_file.id if source_file is not None else None
    row.source, row.pages, row.doc_type = doc.source, list(doc.pages), str(doc.doc_type)
    row.doc_type_confidence, row.duplicate_of = doc.doc_type_confidence, doc.duplicate_of
    row.extra = dict(doc.model_extra or {})
    if doc.page_frames:  # kept with the document's other extras: load_document reads them back
        row.extra["page_frames"] = [f.model_dump(mode="json") for f in doc.page_frames]
    fields = {f.key: f for f in row.fields}
    for key, fv in doc.fields.items():
        current = fields.pop(key, None)
        if current is not None and current.source == "reviewer":
            continue  # a person's correction outranks a re-read
        if current is None:
            current = FieldRow(key=key)
            row.fields.append(current)
        current.value, current.confidence, current.page = fv.value, fv.confidence, fv.page
        current.bbox, current.low_confidence, current.source = fv.bbox, fv.low_confidence, fv.source
        current.updated_by = SYSTEM
    for stale in fields.values():
        if stale.source != "reviewer":
            row.fields.remove(stale)
    row.stamps = [
        StampRow(
            page=s.page,
            bbox=list(s.bbox),
            shape=s.shape,
            color=s.color,
            role=s.role,
            text=s.text,
            confidence=s.confidence,
        )
        for s in doc.stamps
    ]


def _save_filing(session: Session, batch_id: int, filing: FilingResult) -> None:
    row = session.get(Filing, filing.id)
    if row is None:
        row = Filing(id=filing.id, review_status="received")
        session.add(row)
    row.batch_id = batch_id
    apply_verdict(row, filing, dict(filing.model_extra or {}))
    wanted = list(dict.fromkeys(filing.documents))
    links = {link.document_id: link for link in row.documents}
    row.documents = [links.get(doc_id) or FilingDocument(document_id=doc_id) for doc_id in wanted]
    for position, link in enumerate(row.documents):
        link.position = position
    if row.review_status in UNDECIDED:
        session.flush()
        record_status(session, row.id, "needs_review", SYSTEM, "read and validated")
