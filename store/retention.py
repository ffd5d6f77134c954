"""Retention: page images and uploaded files are deleted once the law no longer lets us keep them.

Scans of ID cards and household registers are personal information (个人信息保护法):
they are kept while a filing can still be worked on or disputed, not for ever.
The filing record itself (fields, seals, issues, status history, corrections,
audit log) stays; only the pictures go.

When is a filing *settled*? Its review status is one a reviewer closed it with
(``approved``, ``rejected``, ``cancelled``) and nothing happened to it for
``retention_days``: no status change, no field change, no export acknowledgement
by an integration. Any of those restarts the clock, so an approved filing that an
integration is still fetching, or a rejected one reopened (rejected → received),
keeps its images. Filings in any other status (received, processing, needs_review,
returned_to_applicant, changed) are still open and are never purged.

An upload that made no filing at all (refused with an error code, a duplicate, or
only pages that are no filing document) goes after ``retention_refused_days``,
counted from its batch's arrival, once its batch is finished.

Safety. Blobs are content-addressed and shared by every row with the same bytes,
so a blob is deleted only when no page or source file outside what is purged
still names it; a source file is purged only when *every* filing holding one of
its documents is settled. Each source file is claimed with a conditional UPDATE
(``purged_at IS NULL``), so two workers purging at once never both act on it,
and a second run finds nothing left (idempotent). Rows are marked in the same
transaction as the audit-log entry; the bytes are deleted after that commits (a
crash between leaves an orphan blob, which is harmless, never a row naming
missing bytes without saying it was purged).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import ColumnElement, and_, exists, func, or_, select, update
from sqlalchemy.orm import Session

from ingest.blobs import BlobStore, blob_store_from_settings
from kernel.settings import Settings
from kernel.workflow import ReviewStatus
from store.access import AuditEntry, ExportAck
from store.db import session_scope
from store.models import Batch, Document, Filing, FilingDocument, Page, SourceFile, StatusEvent

log = logging.getLogger(__name__)

SETTLED = frozenset({ReviewStatus.APPROVED, ReviewStatus.REJECTED, ReviewStatus.CANCELLED})
ACTOR, ROLE, ACTION = "retention", "system", "purge_images"
FINISHED_BATCH = ("done", "failed", "processed")  # "processed": stored by `filingdesk process`


def cached_page_path(settings: Settings, sha: str, *, thumb: bool) -> Path:
    """Where the review API keeps a page's PNG (or thumbnail) made from blob ``sha``."""
    return settings.cache_dir / "pages" / f"{sha}{'-thumb' if thumb else ''}.png"


@dataclass
class PurgedItem:
    """What one filing (or one refused upload) lost: its files, pages, blobs and bytes."""

    target: str  # a filing id, or ``source_file:<id>`` for an upload that made no filing
    reason: str  # "settled" | "no_filing"
    source_files: list[int] = field(default_factory=list)
    filings: list[str] = field(default_factory=list)  # every filing with a document in those files
    pages: int = 0
    blobs: list[str] = field(default_factory=list)
    bytes: int = 0


@dataclass
class PurgeReport:
    dry_run: bool
    retention_days: int
    retention_refused_days: int
    items: list[PurgedItem] = field(default_factory=list)

    @property
    def totals(self) -> dict[str, int]:
        return {
            "targets": len(self.items),
            "source_files": sum(len(i.source_files) for i in self.items),
            "pages": sum(i.pages for i in self.items),
            "blobs": sum(len(i.blobs) for i in self.items),
            "bytes": sum(i.bytes for i in self.items),
        }

    def as_dict(self) -> dict[str, object]:
        return {
            "dry_run": self.dry_run,
            "retention_days": self.retention_days,
            "retention_refused_days": self.retention_refused_days,
            "totals": self.totals,
            "items": [asdict(i) for i in self.items],
        }


def purge(
    settings: Settings, *, dry_run: bool = False, now: datetime | None = None, blobs: BlobStore | None = None
) -> PurgeReport:
    """Delete the images and uploads that retention says must go (or, with ``dry_run``, list them)."""
    now = now or datetime.now(UTC)
    blobs = blobs or blob_store_from_settings(settings)
    report = PurgeReport(dry_run, settings.retention_days, settings.retention_refused_days)
    if settings.retention_days:
        cutoff = now - timedelta(days=settings.retention_days)
        with session_scope(settings) as session:
            filing_ids = settled_filings(session, cutoff)
        for filing_id in filing_ids:
            item = _purge_filing(settings, blobs, filing_id, cutoff, now, dry_run)
            if item is not None:
                report.items.append(item)
    if settings.retention_refused_days:
        refused_cutoff = now - timedelta(days=settings.retention_refused_days)
        with session_scope(settings) as session:
            file_ids = files_without_filing(session, refused_cutoff)
        for file_id in file_ids:
            item = _purge_refused(settings, blobs, file_id, refused_cutoff, now, dry_run)
            if item is not None:
                report.items.append(item)
    if report.items and not dry_run:
        totals = report.totals
        log.info(
            "retention: deleted %d page image(s) and %d upload(s) of %d record(s), %d blob(s), %d bytes",
            totals["pages"],
            totals["source_files"],
            totals["targets"],
            totals["blobs"],
            totals["bytes"],
        )
    return report


def _settled_condition(cutoff: datetime) -> ColumnElement[bool]:
    """Filings closed by a reviewer with no status change, edit or export since ``cutoff``."""
    changed_since = exists(
        select(StatusEvent.id).where(StatusEvent.filing_id == Filing.id, StatusEvent.at >= cutoff)
    )
    exported_since = exists(
        select(ExportAck.id).where(ExportAck.filing_id == Filing.id, ExportAck.at >= cutoff)
    )
    return and_(
        Filing.review_status.in_([str(s) for s in SETTLED]),
        Filing.updated_at < cutoff,
        ~changed_since,
        ~exported_since,
    )


def settled_filings(session: Session, cutoff: datetime) -> list[str]:
    """Ids of settled filings that still have an upload (and so images) to purge."""
    unpurged_files = exists(
        select(SourceFile.id)
        .join(Document, Document.source_file_id == SourceFile.id)
        .join(FilingDocument, FilingDocument.document_id == Document.id)
        .where(FilingDocument.filing_id == Filing.id, SourceFile.purged_at.is_(None))
    )
    query = select(Filing.id).where(_settled_condition(cutoff), unpurged_files)
    return list(session.scalars(query.order_by(Filing.id)))


def files_without_filing(session: Session, cutoff: datetime) -> list[int]:
    """Unpurged uploads of finished batches older than ``cutoff`` with no document in any filing."""
    in_a_filing = exists(
        select(Document.id)
        .join(FilingDocument, FilingDocument.document_id == Document.id)
        .where(Document.source_file_id == SourceFile.id)
    )
    query = (
        select(SourceFile.id)
        .join(Batch, Batch.id == SourceFile.batch_id)
        .where(
            SourceFile.purged_at.is_(None),
            SourceFile.state.in_(("done", "failed", "dead", "duplicate")),
            Batch.status.in_(FINISHED_BATCH),
            Batch.created_at < cutoff,
            ~in_a_filing,
        )
        .order_by(SourceFile.id)
    )
    return list(session.scalars(query))


def _purgeable_files(session: Session, filing_id: str, cutoff: datetime) -> list[int]:
    """The filing's unpurged uploads none of whose documents sits in a filing still in use."""
    files = set(
        session.scalars(
            select(Document.source_file_id)
            .join(FilingDocument, FilingDocument.document_id == Document.id)
            .where(FilingDocument.filing_id == filing_id, Document.source_file_id.is_not(None))
        )
    )
    if not files:
        return []
    blocked = set(
        session.scalars(
            select(Document.source_file_id)
            .join(FilingDocument, FilingDocument.document_id == Document.id)
            .join(Filing, Filing.id == FilingDocument.filing_id)
            .where(Document.source_file_id.in_(files), ~_settled_condition(cutoff))
        )
    )
    unpurged = set(
        session.scalars(select(SourceFile.id).where(SourceFile.id.in_(files), SourceFile.purged_at.is_(None)))
    )
    return sorted(unpurged - blocked)


def _purge_filing(
    settings: Settings, blobs: BlobStore, filing_id: str, cutoff: datetime, now: datetime, dry_run: bool
) -> PurgedItem | None:
    item = PurgedItem(target=filing_id, reason="settled")
    with session_scope(settings) as session:
        still_settled = session.scalar(
            select(Filing.id).where(Filing.id == filing_id, _settled_condition(cutoff))
        )
        if still_settled is None:  # reopened, edited or exported since the list was made
            return None
        file_ids = _purgeable_files(session, filing_id, cutoff)
        doomed = _take_files(session, blobs, file_ids, item, now, dry_run)
        if not item.source_files:
            session.rollback()
            return None
        item.filings = _filings_in(session, item.source_files)
        if not dry_run:
            _audit(session, item, settings.retention_days, cutoff)
    if not dry_run:
        _delete_bytes(settings, blobs, doomed)
    return item


def _purge_refused(
    settings: Settings, blobs: BlobStore, file_id: int, cutoff: datetime, now: datetime, dry_run: bool
) -> PurgedItem | None:
    item = PurgedItem(target=f"source_file:{file_id}", reason="no_filing")
    with session_scope(settings) as session:
        if file_id not in files_without_filing(session, cutoff):  # regrouped or purged meanwhile
            return None
        doomed = _take_files(session, blobs, [file_id], item, now, dry_run)
        if not item.source_files:
            session.rollback()
            return None
        if not dry_run:
            _audit(session, item, settings.retention_refused_days, cutoff)
    if not dry_run:
        _delete_bytes(settings, blobs, doomed)
    return item


def _filings_in(session: Session, file_ids: list[int]) -> list[str]:
    """The filings whose documents come from these files (a scan can hold several filings)."""
    return sorted(
        set(
            session.scalars(
                select(FilingDocument.filing_id)
                .join(Document, Document.id == FilingDocument.document_id)
                .where(Document.source_file_id.in_(file_ids))
            )
        )
    )


def _take_files(
    session: Session,
    blobs: BlobStore,
    file_ids: Iterable[int],
    item: PurgedItem,
    now: datetime,
    dry_run: bool,
) -> list[str]:
    """Claim each file (and its pages) for this purge; returns the blobs no remaining row names."""
    candidates: set[str] = set()
    for file_id in file_ids:
        file_sha = session.scalar(select(SourceFile.blob_sha256).where(SourceFile.id == file_id))
        page_shas = [
            sha
            for sha in session.scalars(select(Page.blob_sha256).where(Page.source_file_id == file_id))
            if sha
        ]
        page_count = session.scalar(select(func.count(Page.id)).where(Page.source_file_id == file_id)) or 0
        if not dry_run:
            claimed = session.execute(
                update(SourceFile)
                .where(SourceFile.id == file_id, SourceFile.purged_at.is_(None))
                .values(purged_at=now, blob_sha256=None)
                .execution_options(synchronize_session=False)
            )
            if claimed.rowcount != 1:  # type: ignore[attr-defined]
                continue  # another worker's purge took it first
            session.execute(
                update(Page)
                .where(Page.source_file_id == file_id)
                .values(purged_at=now, blob_sha256=None)
                .execution_options(synchronize_session=False)
            )
        item.source_files.append(file_id)
        item.pages += page_count
        candidates.update(page_shas)
        if file_sha:
            candidates.add(file_sha)
    claimed_files = set(item.source_files)
    doomed = sorted(sha for sha in candidates if not _still_named(session, sha, claimed_files, dry_run))
    item.blobs = doomed
    item.bytes = sum(blobs.size(sha) or 0 for sha in doomed)
    return doomed


def _still_named(session: Session, sha: str, purged_files: set[int], dry_run: bool) -> bool:
    """Whether a page or upload outside this purge still points at blob ``sha``."""
    page_rows = select(Page.id).where(Page.blob_sha256 == sha)
    file_rows = select(SourceFile.id).where(SourceFile.blob_sha256 == sha)
    if dry_run:  # nothing was unlinked: leave out what this purge would unlink
        page_rows = page_rows.where(Page.source_file_id.not_in(purged_files))
        file_rows = file_rows.where(SourceFile.id.not_in(purged_files))
    return bool(session.scalar(select(or_(exists(page_rows), exists(file_rows)))))


def _audit(session: Session, item: PurgedItem, days: int, cutoff: datetime) -> None:
    detail = {
        "reason": item.reason,
        "retention_days": days,
        "cutoff": cutoff.isoformat(),
        "source_files": item.source_files,
        "filings": item.filings,
        "pages": item.pages,
        "blobs": len(item.blobs),
        "bytes": item.bytes,
        "blob_sha256": item.blobs,
    }
    session.add(AuditEntry(actor=ACTOR, role=ROLE, action=ACTION, target=item.target, detail=detail))


def _delete_bytes(settings: Settings, blobs: BlobStore, shas: list[str]) -> None:
    for sha in shas:
        try:
            blobs.delete(sha)
        except Exception as exc:  # the rows say purged; a blob left behind is an orphan, not a leak of state
            log.warning("retention: could not delete blob %s: %s", sha[:12], exc)
        for thumb in (False, True):
            cached_page_path(settings, sha, thumb=thumb).unlink(missing_ok=True)
