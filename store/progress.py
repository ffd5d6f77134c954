"""How far a batch has come: what ``GET /v1/batches/{id}`` shows a scanning station.

Read straight from the rows the workers write (source files, page
checkpoints, documents, filings), so the answer is the same whichever worker
did the work and survives restarts; no broker or result backend is asked.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store.models import Batch, Document, Filing, FilingDocument, Page, SourceFile
from validate.assemble import unfiled_reason

_FILE_STATE = {"queued": "queued", "processing": "processing", "done": "done", "dead": "failed"}


@dataclass
class FileProgress:
    source: str
    state: str  # queued | processing | done | failed | duplicate
    pages: int
    error_code: str | None = None
    error_message: str | None = None
    file_id: int | None = None


@dataclass
class DocumentProgress:
    id: str
    doc_type: str
    state: str  # read (documents appear once their file is read)
    source: str = ""
    filing: str | None = None  # the filing it went into, once the batch is assembled
    reason: str | None = None  # why it went into none: not_a_filing_document


@dataclass
class BatchProgress:
    batch_id: int
    station: str | None
    created_at: datetime
    state: str  # received | processing | done | failed
    pages_total: int
    pages_done: int
    files: list[FileProgress] = field(default_factory=list)
    documents: list[DocumentProgress] = field(default_factory=list)
    filings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["created_at"] = self.created_at.isoformat()
        return out


class BatchNotFound(LookupError):
    """No batch with that id."""


def batch_progress(session: Session, batch_id: int) -> BatchProgress:
    """The batch, its files (with page counts), documents found so far and filings made."""
    from store.repository import aware

    batch = session.get(Batch, batch_id)
    if batch is None:
        raise BatchNotFound(batch_id)
    files = list(
        session.scalars(select(SourceFile).where(SourceFile.batch_id == batch_id).order_by(SourceFile.id))
    )
    read = dict(
        session.execute(
            select(Page.source_file_id, func.count())
            .join(SourceFile, SourceFile.id == Page.source_file_id)
            .where(SourceFile.batch_id == batch_id, Page.reading.is_not(None))
            .group_by(Page.source_file_id)
        ).all()
    )
    readable = [f for f in files if f.state not in ("failed", "duplicate", "dead")]
    pages_total = sum(max(f.pages or 0, int(read.get(f.id, 0))) for f in readable)
    pages_done = sum(
        (f.pages or 0) if f.state == "done" else min(int(read.get(f.id, 0)), f.pages or 0) for f in readable
    )
    docs = session.scalars(select(Document).where(Document.batch_id == batch_id).order_by(Document.id)).all()
    filings = session.scalars(select(Filing.id).where(Filing.batch_id == batch_id).order_by(Filing.id)).all()
    filed = dict(
        session.execute(
            select(FilingDocument.document_id, FilingDocument.filing_id).where(
                FilingDocument.filing_id.in_(filings)
            )
        ).all()
    )
    assembled = batch.status in ("done", "failed")
    return BatchProgress(
        batch_id=batch.id,
        station=batch.station,
        created_at=aware(batch.created_at),
        state=batch.status if batch.status in ("received", "processing", "done", "failed") else "done",
        pages_total=pages_total,
        pages_done=pages_done,
        files=[
            FileProgress(
                source=f.source,
                state=_FILE_STATE.get(f.state, f.state),
                pages=f.pages or 0,
                error_code=f.error_code,
                error_message=f.error_message,
                file_id=f.id,
            )
            for f in files
        ],
        documents=[
            DocumentProgress(
                id=d.id,
                doc_type=d.doc_type,
                state="read",
                source=d.source,
                filing=filed.get(d.id),
                reason=unfiled_reason(d.doc_type, d.duplicate_of)
                if assembled and d.id not in filed
                else None,
            )
            for d in docs
        ],
        filings=list(filings),
    )
