"""The triage lane: pages that went into no filing, and what a reviewer does with each.

A page the classifier could not place (``not_a_filing_document``) or a proof of a
person nobody filed for (``no_matching_filing``) waits here instead of becoming a
filing. The reviewer either says what it is (``assign_type``: the page is read
again as that type by a worker, from the readings it checkpointed; the API runs
no OCR), puts it into a filing (``attach``: the filing is validated again, its
version moves on), or discards it with a reason. Each action checks the item's
version (``If-Match``, 428/412 as for corrections) and writes an audit-log line
in the same transaction; the audit log is the item's history.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import literal, select, tuple_
from sqlalchemy.orm import Session

from api.errors import ApiError
from api.keys import Principal, audit
from api.models import DocumentOut, TriageDetail, TriageEvent, TriageItemOut, TriagePage
from api.queue import decode_cursor, encode_cursor
from api.records import filing_row, page_images
from api.review import check_version, ensure_editable, revalidate
from kernel.domain import DOC_FIELDS, DocType
from kernel.settings import Settings
from store.access import AuditEntry
from store.models import Batch, Document, FieldRow, Filing, FilingDocument, TriageItem
from store.repository import aware, load_document, record_status

CURSOR_SORT = "triage"
FILING_TYPES = tuple(d.value for d in DocType if d != DocType.UNKNOWN)


def triage_row(session: Session, item_id: int) -> TriageItem:
    row = session.get(TriageItem, item_id)
    if row is None:
        raise ApiError(404, "not_found", f"No triage item {item_id}.")
    return row


def list_triage(
    session: Session, *, state: str, batch_id: int | None = None, cursor: str | None, limit: int
) -> TriagePage:
    """One page of the lane, newest first (keyset paging on ``(created_at, id)``)."""
    query = select(TriageItem).where(TriageItem.state == state)
    if batch_id is not None:
        query = query.where(TriageItem.batch_id == batch_id)
    if cursor:
        moment, last_id = decode_cursor(cursor, CURSOR_SORT)
        if not last_id.isdigit():
            raise ApiError(422, "invalid_cursor", "The cursor is not one this API handed out.")
        after = tuple_(literal(moment, type_=TriageItem.created_at.type), literal(int(last_id)))
        query = query.where(tuple_(TriageItem.created_at, TriageItem.id) < after)
    order = (TriageItem.created_at.desc(), TriageItem.id.desc())
    rows = list(session.scalars(query.order_by(*order).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    items = describe(session, rows)
    last = rows[-1] if rows and more else None
    next_cursor = encode_cursor(CURSOR_SORT, last.created_at, str(last.id)) if last is not None else None
    return TriagePage(items=items, next_cursor=next_cursor)


def triage_detail(session: Session, item_id: int) -> TriageDetail:
    """One item with its document, page images, guesses and history (its audit-log lines)."""
    row = triage_row(session, item_id)
    (item,) = describe(session, [row])
    events = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.target == row.document_id, AuditEntry.action.like("triage.%"))
        .order_by(AuditEntry.at, AuditEntry.id)
    )
    history = [
        TriageEvent(action=e.action, who=e.actor, at=aware(e.at), detail=e.detail or {}) for e in events
    ]
    return TriageDetail(**item.model_dump(), history=history)


def describe(session: Session, rows: list[TriageItem]) -> list[TriageItemOut]:
    """Rows as the API shows them: each with its document (fields, page images) and station."""
    images = page_images(session, [r.document_id for r in rows])
    batch_ids = {r.batch_id for r in rows if r.batch_id is not None}
    stations = (
        dict(session.execute(select(Batch.id, Batch.station).where(Batch.id.in_(batch_ids))).all())
        if batch_ids
        else {}
    )
    out = []
    for r in rows:
        document = load_document(session, r.document_id)
        out.append(
            TriageItemOut(
                id=r.id,
                version=r.version,
                state=r.state,  # type: ignore[arg-type]
                reason=r.reason,
                reread=r.reread,  # type: ignore[arg-type]
                guesses=r.guesses or [],  # type: ignore[arg-type]
                batch_id=r.batch_id,
                station=stations.get(r.batch_id) if r.batch_id is not None else None,
                filing_id=r.filing_id,
                note=r.note or "",
                decided_by=r.decided_by,
                decided_at=aware(r.decided_at) if r.decided_at is not None else None,
                created_at=aware(r.created_at),
                updated_at=aware(r.updated_at),
                document=DocumentOut.model_validate(
                    {**document.model_dump(), "page_images": images.get(r.document_id, [])}
                ),
            )
        )
    return out


def assign_type(
    session: Session, celery: Any, item_id: int, doc_type: str, who: Principal, if_match: str | None
) -> TriageItem:
    """Take the reviewer's word for what the page is, and have a worker read it again as that type."""
    from taskqueue.tasks import enqueue_reread_document

    row = _open_item(session, item_id, if_match)
    if doc_type not in FILING_TYPES:
        raise ApiError(
            422,
            "invalid_doc_type",
            f"{doc_type!r} is not a document type of a filing.",
            {"allowed": list(FILING_TYPES)},
        )
    document = _document(session, row)
    previous = document.doc_type
    document.doc_type, document.doc_type_confidence = doc_type, 1.0
    # what was read for the old type does not belong to the new one; a reviewer's value stays
    document.fields = [f for f in document.fields if f.source == "reviewer" and _keeps(f, doc_type)]
    row.reread = "queued"
    row.updated_at = datetime.now(UTC)
    session.flush()
    audit(
        session,
        who,
        "triage.assign_type",
        row.document_id,
        {"item": row.id, "from": previous, "to": doc_type},
    )
    enqueue_reread_document(session, celery, row.id)
    return row


def attach(
    session: Session,
    settings: Settings,
    item_id: int,
    to_filing: str | None,
    who: Principal,
    if_match: str | None,
) -> tuple[TriageItem, Filing]:
    """Put the page's document into a filing (or a new filing of its own) and validate it again."""
    row = _open_item(session, item_id, if_match)
    document = _document(session, row)
    if document.doc_type == DocType.UNKNOWN:
        raise ApiError(
            409, "type_required", "Say what the page is (assign a document type) before attaching it."
        )
    if row.reread == "queued":
        raise ApiError(
            409, "reading_pending", "The page is still being read as its new type; try again in a moment."
        )
    if to_filing is None:
        filing = Filing(
            id=f"filing-t{secrets.token_hex(6)}",
            batch_id=row.batch_id,
            status="incomplete",
            review_status="received",
        )
        session.add(filing)
        session.flush()
        record_status(session, filing.id, "needs_review", who.name, f"made from triage item {row.id}")
    else:
        filing = filing_row(session, to_filing)
        ensure_editable(session, filing, who)
    filing.documents.append(FilingDocument(document_id=document.id, position=len(filing.documents)))
    row.state, row.filing_id = "attached", filing.id
    _decided(row, who)
    session.flush()
    audit(
        session,
        who,
        "triage.attach",
        row.document_id,
        {"item": row.id, "filing": filing.id, "new": to_filing is None},
    )
    revalidate(session, settings, filing)
    return row, filing


def discard(session: Session, item_id: int, reason: str, who: Principal, if_match: str | None) -> TriageItem:
    """Set the page aside for good, with the reviewer's reason (kept in the audit trail)."""
    row = _open_item(session, item_id, if_match)
    if not reason.strip():
        raise ApiError(422, "reason_required", "Say why the page is discarded (reason).")
    row.state, row.note = "discarded", reason.strip()
    _decided(row, who)
    session.flush()
    audit(session, who, "triage.discard", row.document_id, {"item": row.id, "reason": row.note})
    return row


def _open_item(session: Session, item_id: int, if_match: str | None) -> TriageItem:
    row = triage_row(session, item_id)
    check_version(row, if_match, "triage item")
    if row.state != "open":
        raise ApiError(
            409,
            "not_open",
            f"Triage item {item_id} is already {row.state}.",
            {"state": row.state, "filing": row.filing_id},
        )
    return row


def _document(session: Session, row: TriageItem) -> Document:
    document = session.get(Document, row.document_id)
    if document is None:  # the row cascades with its document: only a race gets here
        raise ApiError(404, "not_found", f"The document of triage item {row.id} no longer exists.")
    return document


def _keeps(field: FieldRow, doc_type: str) -> bool:
    return field.key in DOC_FIELDS.get(DocType(doc_type), ())


def _decided(row: TriageItem, who: Principal) -> None:
    row.decided_by, row.decided_at = who.name, datetime.now(UTC)
