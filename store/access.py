"""Tables of the HTTP service: API keys, the audit log, corrections, webhooks and export acknowledgements.

They live apart from ``store.models`` (the filing records) because they are
about *who* touched a record and *who* received it, not about the record
itself. They share ``Base`` so one Alembic history covers both. Importing this
module also declares the filing-table indexes the review queue and the export
feed rely on (created by migration 0003), so the metadata matches the database.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from store.models import Base, Filing, Json, StatusEvent, utcnow

ROLES = ("station", "reviewer", "integration", "admin")
DELIVERY_STATES = ("pending", "delivered", "failed")

# The reviewer's queue pages by (created_at, id) or (updated_at, id), usually within one review status.
Index("ix_filing_queue_created", Filing.review_status, Filing.created_at, Filing.id)
Index("ix_filing_queue_updated", Filing.review_status, Filing.updated_at, Filing.id)
Index("ix_filing_created", Filing.created_at, Filing.id)
Index("ix_filing_updated", Filing.updated_at, Filing.id)
# The export feed walks approval events in id order.
Index("ix_status_event_to_status", StatusEvent.to_status, StatusEvent.id)


class ApiKey(Base):
    """A caller of the API. Only the sha256 of the key is stored; the key itself is shown once."""

    __tablename__ = "api_key"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20))
    station: Mapped[str | None] = mapped_column(String(100))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AuditEntry(Base):
    """Who did what to which record: reads of filings by integrations, key changes, regroups."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    key_id: Mapped[int | None] = mapped_column(Integer)
    actor: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(50))
    target: Mapped[str | None] = mapped_column(String(200), index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)


class FieldCorrection(Base):
    """A reviewer's change of one field: old and new value, who and when."""

    __tablename__ = "field_correction"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    filing_id: Mapped[str] = mapped_column(ForeignKey("filing.id", ondelete="CASCADE"), index=True)
    document_id: Mapped[str] = mapped_column(String(200))
    field: Mapped[str] = mapped_column(String(100))
    old_value: Mapped[Any] = mapped_column(Json, nullable=True)
    new_value: Mapped[Any] = mapped_column(Json, nullable=True)
    who: Mapped[str] = mapped_column(String(100))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Webhook(Base):
    """An integration's endpoint, told about approvals; bodies are signed with ``secret``."""

    __tablename__ = "webhook"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(1000))
    secret: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class WebhookDelivery(Base):
    """One event for one webhook, retried with backoff until delivered or given up."""

    __tablename__ = "webhook_delivery"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    webhook_id: Mapped[int] = mapped_column(ForeignKey("webhook.id", ondelete="CASCADE"), index=True)
    event: Mapped[str] = mapped_column(String(50))
    filing_id: Mapped[str] = mapped_column(String(200))
    payload: Mapped[dict[str, Any]] = mapped_column(Json)
    state: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    __table_args__ = (Index("ix_webhook_delivery_due", "state", "next_attempt_at"),)


class ExportAck(Base):
    """An integration confirmed it stored a filing at a version; keyed by the integration's key name."""

    __tablename__ = "export_ack"
    __table_args__ = (UniqueConstraint("consumer", "filing_id", "version", name="uq_export_ack"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    consumer: Mapped[str] = mapped_column(String(100))
    filing_id: Mapped[str] = mapped_column(ForeignKey("filing.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
