"""What a reviewer changes: a field, which filing a document belongs to, the verdict.

Every change checks the version the reviewer read (optimistic concurrency),
leaves an audit trail, and re-runs validation with ``validate.check.validate_filing``,
the very function the pipeline uses, so a corrected filing is judged by the
same rules as a freshly read one. (``filingdesk.pipeline.revalidate`` wraps the
same call but its module imports the OCR stages, which the API must not load.)
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session

from api.errors import ApiError
from api.keys import Principal, audit
from api.records import filing_row
from kernel.domain import BOOL_FIELDS, DATE_FIELDS, DOC_FIELDS, FIELD_ZH, LIST_FIELDS, DocType
from kernel.settings import Settings
from kernel.workflow import DECISIONS, EDITABLE
from store.access import FieldCorrection
from store.models import Document, FieldRow, Filing, FilingDocument, TriageItem
from store.repository import InvalidTransition, apply_verdict, load_filing, record_status
from validate.check import validate_filing

_DOC_TYPES = frozenset(d.value for d in DocType)


def check_version(row: Filing | TriageItem, if_match: str | None, what: str = "filing") -> None:
    """428 without If-Match, 412 when it names another version than the stored one."""
    if if_match is None:
        raise ApiError(428, "precondition_required", f'Send If-Match: "<version>" from the {what} you read.')
    wanted = if_match.strip().removeprefix("W/").strip('"')
    if wanted != str(row.version):
        raise ApiError(
            412,
            "conflict",
            f"The {what} was changed by another reviewer since you read it; "
            "reload it and apply your change again.",
            {"current_version": row.version},
        )


def correct_field(
    session: Session, settings: Settings, filing_id: str, change: Any, who: Principal, if_match: str | None
) -> None:
    """Set one field of one of the filing's documents, record old/new, revalidate."""
    row = filing_row(session, filing_id)
    check_version(row, if_match)
    ensure_editable(session, row, who)
    doc = _document_of(session, row, change.document)
    key: str = change.field
    allowed = DOC_FIELDS.get(DocType(doc.doc_type), ()) if doc.doc_type in _DOC_TYPES else ()
    if key not in (allowed or FIELD_ZH):
        raise ApiError(
            422, "unknown_field", f"{key!r} is not a field of a {doc.doc_type}.", {"allowed": list(allowed)}
        )
    value = _checked_value(key, change.value)
    field = next((f for f in doc.fields if f.key == key), None)
    old = field.value if field is not None else None
    if field is None:
        field = FieldRow(key=key, page=(doc.pages or [1])[0], bbox=None)
        doc.fields.append(field)
    field.value, field.confidence, field.low_confidence = value, 1.0, False
    field.source, field.updated_by = "reviewer", who.name
    session.add(
        FieldCorrection(
            filing_id=row.id, document_id=doc.id, field=key, old_value=old, new_value=value, who=who.name
        )
    )
    session.flush()
    revalidate(session, settings, row)


def regroup(
    session: Session,
    settings: Settings,
    filing_id: str,
    document_id: str,
    to_filing: str | None,
    who: Principal,
    if_match: str | None,
) -> tuple[Filing, Filing]:
    """Move a document to another filing (or a new one); both are validated again.

    ``if_match`` names the version of the filing the document leaves, as for a correction.
    """
    source = filing_row(session, filing_id)
    # The document links are read with the version they are checked against: read after the
    # check, a concurrent regroup's commit would make a stale request look like a wrong document.
    source.documents  # noqa: B018  (loads the collection now)
    check_version(source, if_match)
    ensure_editable(session, source, who)
    _document_of(session, source, document_id)
    if to_filing == source.id:
        raise ApiError(422, "same_filing", "The document is already in that filing.")
    if to_filing is None:
        if len(source.documents) == 1:
            raise ApiError(
                409, "last_document", "A filing's only document cannot move to a new filing of its own."
            )
        target = Filing(id=f"filing-r{secrets.token_hex(6)}", batch_id=source.batch_id, status="incomplete")
        target.review_status = "needs_review"
        session.add(target)
    else:
        target = filing_row(session, to_filing)
        ensure_editable(session, target, who)
    link = next(link for link in source.documents if link.document_id == document_id)
    source.documents.remove(link)
    target.documents.append(FilingDocument(document_id=document_id, position=len(target.documents)))
    session.flush()
    audit(session, who, "filing.regroup", document_id, {"from": source.id, "to": target.id})
    if not source.documents:
        record_status(session, source.id, "cancelled", who.name, f"all documents moved to {target.id}")
    else:
        revalidate(session, settings, source)
    revalidate(session, settings, target)
    return source, target


def decide(
    session: Session, filing_id: str, action: str, reason: str, who: Principal, if_match: str | None
) -> Filing:
    """Approve (refused while error issues remain), reject, return to the applicant, or cancel."""
    row = filing_row(session, filing_id)
    check_version(row, if_match)
    if action in ("reject", "return", "cancel") and not reason.strip():
        raise ApiError(
            422, "reason_required", "Say why the filing is rejected, returned or cancelled (reason)."
        )
    if action == "approve":
        errors = [i.code for i in row.issues if i.severity == "error"]
        if errors:
            raise ApiError(
                409, "errors_remain", "The filing still has errors; correct them first.", {"errors": errors}
            )
    try:
        record_status(session, row.id, DECISIONS[action], who.name, reason, expected_version=row.version)
    except InvalidTransition as exc:
        raise ApiError(
            409,
            "invalid_transition",
            f"A filing that is {row.review_status} cannot be {DECISIONS[action]}.",
        ) from exc
    session.flush()
    return row


def revalidate(session: Session, settings: Settings, row: Filing, today: date | None = None) -> None:
    """Validate the filing's documents again and store the verdict (bumping its version)."""
    session.flush()
    _, documents = load_filing(session, row.id)
    checked = validate_filing(row.id, documents, settings=settings, today=today or date.today())
    apply_verdict(row, checked, {**(row.extra or {}), **dict(checked.model_extra or {})})
    row.updated_at = datetime.now(UTC)  # always an UPDATE of the row, so the version moves on
    session.flush()


def ensure_editable(session: Session, row: Filing, who: Principal) -> None:
    """409 for a filing whose review is closed; a change to an approved one reopens it (变更)."""
    if row.review_status not in EDITABLE:
        raise ApiError(
            409,
            "not_editable",
            f"A filing that is {row.review_status} cannot be changed.",
            {"review_status": row.review_status},
        )
    if row.review_status == "approved":  # a change after approval is a 变更: it goes back through review
        record_status(session, row.id, "changed", who.name, "corrected after approval")


def _document_of(session: Session, row: Filing, document_id: str) -> Document:
    if document_id not in {link.document_id for link in row.documents}:
        raise ApiError(422, "unknown_document", f"Document {document_id!r} is not part of filing {row.id!r}.")
    doc = session.get(Document, document_id)
    if doc is None:
        raise ApiError(422, "unknown_document", f"Document {document_id!r} does not exist.")
    return doc


def _checked_value(key: str, value: Any) -> Any:
    """The value in the type RESULT.json uses for ``key``; 422 otherwise."""
    if value is None:
        return None
    if key in BOOL_FIELDS:
        if isinstance(value, bool):
            return value
        raise ApiError(422, "invalid_value", f"{key} takes true or false.")
    if key in LIST_FIELDS:
        if (
            isinstance(value, list)
            and all(isinstance(v, str) and v.strip() for v in value)
            and len(value) <= 10
        ):
            return [v.strip() for v in value]
        raise ApiError(422, "invalid_value", f"{key} takes a list of names.")
    if not isinstance(value, str) or len(value) > 500:
        raise ApiError(422, "invalid_value", f"{key} takes a text value.")
    if key in DATE_FIELDS and value:
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError as exc:
            raise ApiError(422, "invalid_value", f"{key} takes a date as YYYY-MM-DD.") from exc
    return value.strip()
