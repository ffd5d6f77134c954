"""The reviewer's work list: filters, a whitelist of sort orders and keyset ("cursor") pagination.

Keyset pagination (``WHERE (created_at, id) > (:v, :id)``) keeps every page as
fast as the first on 100k filings and never skips or repeats a row when new
filings arrive while a reviewer pages; the indexes of migration 0003 serve it.
Issue counts and stations are fetched for the page's rows only.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import ColumnElement, String, and_, exists, func, literal, literal_column, select, tuple_
from sqlalchemy.orm import Session

from api.errors import ApiError
from api.masking import mask_id_number
from api.models import QueueItem, QueuePage
from store.models import Batch, FieldRow, Filing, FilingDocument, IssueRow
from store.repository import aware

SortKey = Literal["created_at", "-created_at", "updated_at", "-updated_at"]
REGION_KEYS = ("insured_region", "destination_region")


@dataclass(frozen=True)
class QueueFilter:
    review_status: str | None = None
    status: str | None = None
    region: str | None = None
    category: str | None = None
    station: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None


def encode_cursor(sort: str, moment: datetime, filing_id: str) -> str:
    raw = json.dumps([sort, aware(moment).isoformat(), filing_id], ensure_ascii=False).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, sort: str) -> tuple[datetime, str]:
    """The position a cursor names; 422 when it is malformed or made for another sort order."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        made_for, moment, filing_id = json.loads(raw.decode("utf-8"))
        position = datetime.fromisoformat(moment)
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError) as exc:
        raise ApiError(422, "invalid_cursor", "The cursor is not one this API handed out.") from exc
    if made_for != sort or not isinstance(filing_id, str):
        raise ApiError(422, "invalid_cursor", "The cursor belongs to another sort order; start again.")
    return aware(position), filing_id


def list_queue(
    session: Session, flt: QueueFilter, *, sort: SortKey, cursor: str | None, limit: int
) -> QueuePage:
    """One page of the work list."""
    column = Filing.created_at if sort.lstrip("-") == "created_at" else Filing.updated_at
    descending = sort.startswith("-")
    query = select(Filing).where(*_conditions(session, flt))
    if cursor:
        moment, last_id = decode_cursor(cursor, sort)
        key = tuple_(column, Filing.id)
        after = tuple_(literal(moment, type_=column.type), literal(last_id))
        query = query.where(key < after if descending else key > after)
    order = (column.desc(), Filing.id.desc()) if descending else (column.asc(), Filing.id.asc())
    rows = list(session.scalars(query.order_by(*order).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    counts = _issue_counts(session, [r.id for r in rows])
    stations = _stations(session, {r.batch_id for r in rows if r.batch_id is not None})
    items = [
        QueueItem(
            id=r.id,
            name=r.name,
            id_number_masked=mask_id_number(r.id_number),
            filing_category=r.filing_category,
            status=r.status,
            review_status=r.review_status,
            errors=counts.get((r.id, "error"), 0),
            warnings=counts.get((r.id, "warning"), 0),
            station=stations.get(r.batch_id) if r.batch_id is not None else None,
            created_at=aware(r.created_at),
            updated_at=aware(r.updated_at),
            version=r.version,
        )
        for r in rows
    ]
    last = rows[-1] if rows and more else None
    next_cursor = (
        encode_cursor(sort, last.created_at if column is Filing.created_at else last.updated_at, last.id)
        if last is not None
        else None
    )
    return QueuePage(items=items, next_cursor=next_cursor)


def _conditions(session: Session, flt: QueueFilter) -> list[ColumnElement[bool]]:
    out: list[ColumnElement[bool]] = []
    if flt.review_status:
        out.append(Filing.review_status == flt.review_status)
    if flt.status:
        out.append(Filing.status == flt.status)
    if flt.category:
        out.append(Filing.filing_category == flt.category)
    if flt.station:
        out.append(Filing.batch_id.in_(select(Batch.id).where(Batch.station == flt.station)))
    if flt.created_from:
        out.append(Filing.created_at >= flt.created_from)
    if flt.created_to:
        out.append(Filing.created_at < flt.created_to)
    if flt.region:
        out.append(_region_matches(session, flt.region))
    return out


def _region_matches(session: Session, region: str) -> ColumnElement[bool]:
    """The insured or destination region of a document of the filing starts with ``region``."""
    dialect = session.get_bind().dialect.name
    text: Any = (
        FieldRow.value.op("#>>", return_type=String)(literal_column("'{}'"))
        if dialect == "postgresql"
        else func.json_extract(FieldRow.value, "$", type_=String)
    )
    escaped = region.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return exists(
        select(literal(1))
        .select_from(FilingDocument)
        .join(FieldRow, FieldRow.document_id == FilingDocument.document_id)
        .where(
            and_(
                FilingDocument.filing_id == Filing.id,
                FieldRow.key.in_(REGION_KEYS),
                text.like(escaped + "%", escape="\\"),
            )
        )
    )


def _issue_counts(session: Session, ids: list[str]) -> dict[tuple[str, str], int]:
    if not ids:
        return {}
    query = (
        select(IssueRow.filing_id, IssueRow.severity, func.count())
        .where(IssueRow.filing_id.in_(ids))
        .group_by(IssueRow.filing_id, IssueRow.severity)
    )
    return {(fid, sev): int(n) for fid, sev, n in session.execute(query).all()}


def _stations(session: Session, batch_ids: set[int]) -> dict[int, str | None]:
    if not batch_ids:
        return {}
    rows = session.execute(select(Batch.id, Batch.station).where(Batch.id.in_(batch_ids))).all()
    return {batch_id: station for batch_id, station in rows}
