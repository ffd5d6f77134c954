"""The integration feed: approved filings in the versioned schema ``filingdesk.export/v1``.

A filing that was approved and later cancelled (备案取消) comes round once more
with ``status: "cancelled"``, so an integration that stored it learns to drop it.

The cursor is the id of the filing's latest approval event, which only grows,
so a feed read with ``after`` is stable (new approvals land at the end, nothing
shifts) and a filing approved again after a change (变更) comes round again.
Acknowledgements are kept per integration (the key's name), at the filing's
version: ``pending=true`` lists what this integration has not confirmed yet,
which gives at-least-once delivery even to a client that lost its cursor.
Every filing handed out is written to the audit log.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, select
from sqlalchemy.orm import Session, aliased

from api.errors import ApiError
from api.keys import Principal, audit
from api.models import ExportDocument, ExportFiling, ExportPage
from kernel.domain import DOC_FIELDS, DocType
from store.access import ExportAck
from store.models import Filing, StatusEvent
from store.repository import aware, load_filing

SCHEMA = "filingdesk.export/v1"
CSV_FIXED = [
    "filing_id",
    "status",
    "version",
    "approved_at",
    "approved_by",
    "name",
    "id_number",
    "filing_category",
]
FEED_STATUSES = ("approved", "cancelled")
_FORMULA_STARTS = frozenset("=+-@\t\r")
CSV_FIELDS = [
    k for k in DOC_FIELDS[DocType.DECLARATION_FORM] if k not in ("name", "id_number", "filing_category")
]


def parse_after(after: str | None) -> int:
    if not after:
        return 0
    if not (after.isascii() and after.isdigit()) or len(after) > 18:  # "²", "③", "٣" are digits to str
        raise ApiError(422, "invalid_cursor", "`after` takes the next_cursor of an earlier answer.")
    return int(after)


def export_page(session: Session, who: Principal, *, after: int, limit: int, pending: bool) -> ExportPage:
    """Up to ``limit`` approved (or approved, then cancelled) filings after the cursor; reads are audited."""
    later = aliased(StatusEvent)
    approval = aliased(StatusEvent)
    query = (
        select(StatusEvent.id, StatusEvent.at, StatusEvent.who, Filing)
        .join(Filing, Filing.id == StatusEvent.filing_id)
        .where(
            StatusEvent.to_status.in_(FEED_STATUSES),
            StatusEvent.to_status == Filing.review_status,
            StatusEvent.id > after,
            ~exists(
                select(later.id).where(
                    later.filing_id == StatusEvent.filing_id,
                    later.to_status.in_(FEED_STATUSES),
                    later.id > StatusEvent.id,
                )
            ),
            exists(  # a cancellation only matters to integrations that could have the approval
                select(approval.id).where(
                    approval.filing_id == StatusEvent.filing_id, approval.to_status == "approved"
                )
            ),
        )
        .order_by(StatusEvent.id)
        .limit(limit)
    )
    acked = exists(
        select(ExportAck.id).where(
            and_(
                ExportAck.consumer == who.name,
                ExportAck.filing_id == Filing.id,
                ExportAck.version == Filing.version,
            )
        )
    )
    if pending:
        query = query.where(~acked)
    rows = session.execute(query.add_columns(acked.label("acked"))).all()
    items = [
        _item(session, _approval(session, filing.id), filing, bool(was_acked))
        for _, _, _, filing, was_acked in rows
    ]
    for item in items:
        audit(session, who, "export.read", item.filing_id, {"version": item.version, "status": item.status})
    next_cursor = str(rows[-1][0]) if len(rows) == limit else None
    return ExportPage(items=items, next_cursor=next_cursor)


def acknowledge(session: Session, who: Principal, filing_ids: list[str]) -> tuple[list[str], list[str]]:
    """Record that ``who`` stored these filings at their current version; unknown ids are returned apart."""
    done, unknown = [], []
    for filing_id in dict.fromkeys(filing_ids):
        row = session.get(Filing, filing_id)
        if row is None or row.review_status not in FEED_STATUSES:
            unknown.append(filing_id)
            continue
        seen = session.scalar(
            select(ExportAck.id).where(
                ExportAck.consumer == who.name,
                ExportAck.filing_id == filing_id,
                ExportAck.version == row.version,
            )
        )
        if seen is None:
            session.add(ExportAck(consumer=who.name, filing_id=filing_id, version=row.version))
        done.append(filing_id)
    session.flush()
    return done, unknown


def as_csv(page: ExportPage) -> str:
    """One row per filing: fixed columns, then the declaration fields; lists joined with ``;``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_FIXED + CSV_FIELDS)
    for item in page.items:
        fixed = [
            inert(item.filing_id),
            item.status,
            item.version,
            item.approved_at.isoformat(),
            inert(item.approved_by),
            inert(item.name or ""),
            inert(item.id_number or ""),
            inert(item.filing_category or ""),
        ]
        writer.writerow(fixed + [_cell(item.fields.get(k)) for k in CSV_FIELDS])
    return out.getvalue()


def _approval(session: Session, filing_id: str) -> tuple[datetime, str]:
    """When and by whom the filing was last approved."""
    event = session.scalars(
        select(StatusEvent)
        .where(StatusEvent.filing_id == filing_id, StatusEvent.to_status == "approved")
        .order_by(StatusEvent.id.desc())
        .limit(1)
    ).one()
    return event.at, event.who


def _item(session: Session, approval: tuple[datetime, str], row: Filing, acked: bool) -> ExportFiling:
    approved_at, approver = approval
    filing, documents = load_filing(session, row.id)
    declaration = next((d for d in documents if d.doc_type == DocType.DECLARATION_FORM), None)
    return ExportFiling(
        filing_id=row.id,
        status="cancelled" if row.review_status == "cancelled" else "approved",
        version=row.version,
        approved_at=aware(approved_at),
        approved_by=approver,
        name=filing.name,
        id_number=filing.id_number,
        filing_category=filing.filing_category,
        fields={k: v.value for k, v in declaration.fields.items()} if declaration is not None else {},
        documents=[
            ExportDocument(
                id=d.id, doc_type=str(d.doc_type), fields={k: v.value for k, v in d.fields.items()}
            )
            for d in documents
        ],
        warnings=[i.code for i in filing.issues if i.severity == "warning"],
        acknowledged=acked,
    )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return inert(";".join(str(v) for v in value))
    return inert(str(value))


def inert(text: str) -> str:
    """A cell a spreadsheet shows as text: one starting like a formula gets a leading ``'``.

    Reviewers' corrections and read fields are untrusted; ``=HYPERLINK(…)`` opened in
    Excel or LibreOffice would run. OWASP's CSV-injection guidance: prefix cells that
    begin with ``= + - @``, tab or carriage return.
    """
    return "'" + text if text[:1] in _FORMULA_STARTS else text
