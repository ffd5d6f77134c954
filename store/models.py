"""The filing-record tables (SQLAlchemy 2 declarative), portable to SQLite and PostgreSQL.

Only portable column types are used (JSON, String, Text, Boolean, timezone-aware
DateTime), so the embedded SQLite file and the production PostgreSQL database
share one schema and one migration history. ``filing.version`` is SQLAlchemy's
version counter: two reviewers saving the same filing cannot silently overwrite
each other (the second gets ``StaleDataError``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from kernel.workflow import ReviewStatus

REVIEW_STATUSES = tuple(ReviewStatus)  # the workflow itself: kernel/workflow.py
TASK_STATES = ("queued", "running", "done", "failed", "dead")
BATCH_STATES = ("received", "processing", "done", "failed")
# a source file: waiting → processing → done, or failed (unreadable) / dead (gave up) / duplicate (not read)
FILE_STATES = ("queued", "processing", "done", "failed", "dead", "duplicate")
FINAL_FILE_STATES = frozenset({"done", "failed", "dead", "duplicate"})
# a page left out of every filing: open in the triage lane until a reviewer attaches or discards it
TRIAGE_STATES = ("open", "attached", "discarded")
# re-reading a page as the type a reviewer assigned: queued for a worker, then done or failed
REREAD_STATES = ("queued", "done", "failed")

Json = JSON().with_variant(JSONB(), "postgresql")


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    # named constraints keep Alembic migrations reproducible on both back ends
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "ck": "ck_%(table_name)s_%(constraint_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class Batch(Base):
    """One run of ``process`` or one upload: the files that arrived together.

    ``(station, idempotency_key)`` is unique, so a station retrying an upload
    after a lost response gets the first batch back instead of a second one.
    """

    __tablename__ = "batch"
    __table_args__ = (UniqueConstraint("station", "idempotency_key", name="uq_batch_station_idem"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    station: Mapped[str | None] = mapped_column(String(100))
    status: Mapped[str] = mapped_column(String(20), default="received")
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    # sha256 of the upload's file names and contents: the same key with other files is refused
    request_sha256: Mapped[str | None] = mapped_column(String(64))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SourceFile(Base):
    """An input file of a batch; failed inputs keep their error code here."""

    __tablename__ = "source_file"
    __table_args__ = (UniqueConstraint("batch_id", "source"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batch.id", ondelete="CASCADE"), index=True)
    source: Mapped[str] = mapped_column(String(1000))
    sha256: Mapped[str | None] = mapped_column(String(64), index=True)
    size: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str | None] = mapped_column(String(20))
    error_code: Mapped[str | None] = mapped_column(String(50))
    error_message: Mapped[str | None] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20), default="done", server_default="done", index=True)
    blob_sha256: Mapped[str | None] = mapped_column(String(64), index=True)  # retention asks who names a blob
    pages: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    duplicate_of_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("source_file.id", ondelete="SET NULL", name="fk_source_file_duplicate_of")
    )
    # set when retention deleted the uploaded file (store/retention.py); blob_sha256 is then NULL
    purged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Page(Base):
    """A page of a source file: its upright image (blob) and what was read on it.

    ``reading`` is the page's checkpoint: a worker that dies after reading page
    3 of 5 leaves pages 1-3 here, and the redelivered task starts at page 4.
    """

    __tablename__ = "page"
    __table_args__ = (UniqueConstraint("source_file_id", "page_no"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_file_id: Mapped[int] = mapped_column(ForeignKey("source_file.id", ondelete="CASCADE"), index=True)
    page_no: Mapped[int] = mapped_column(Integer)
    blob_sha256: Mapped[str | None] = mapped_column(String(64), index=True)  # retention asks who names a blob
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    reading: Mapped[dict[str, Any] | None] = mapped_column(Json, nullable=True)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # set when retention deleted the page image (store/retention.py): the page answers 410, not 404
    purged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Document(Base):
    """A document found in a source file (DocumentResult); its id comes from the pipeline."""

    __tablename__ = "document"
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    batch_id: Mapped[int] = mapped_column(ForeignKey("batch.id"), index=True)
    source_file_id: Mapped[int | None] = mapped_column(ForeignKey("source_file.id", ondelete="SET NULL"))
    source: Mapped[str] = mapped_column(String(1000))
    pages: Mapped[list[int]] = mapped_column(Json, default=list)
    doc_type: Mapped[str] = mapped_column(String(50))
    doc_type_confidence: Mapped[float] = mapped_column(Float, default=1.0)
    duplicate_of: Mapped[str | None] = mapped_column(String(200))
    extra: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)
    fields: Mapped[list[FieldRow]] = relationship(cascade="all, delete-orphan", order_by="FieldRow.id")
    stamps: Mapped[list[StampRow]] = relationship(cascade="all, delete-orphan", order_by="StampRow.id")


class FieldRow(Base):
    """One extracted (or reviewer-corrected) field value."""

    __tablename__ = "field"
    __table_args__ = (UniqueConstraint("document_id", "key"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(100))
    value: Mapped[Any] = mapped_column(Json, nullable=True)
    confidence: Mapped[float] = mapped_column(Float)
    page: Mapped[int] = mapped_column(Integer)
    bbox: Mapped[list[float] | None] = mapped_column(Json, nullable=True)
    low_confidence: Mapped[bool] = mapped_column(Boolean, default=False)
    source: Mapped[str] = mapped_column(String(20), default="ocr")  # ocr|text_layer|default|reviewer|truth
    updated_by: Mapped[str | None] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


class StampRow(Base):
    """A seal found on a document page."""

    __tablename__ = "stamp"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    page: Mapped[int] = mapped_column(Integer)
    bbox: Mapped[list[float]] = mapped_column(Json)
    shape: Mapped[str] = mapped_column(String(20))
    color: Mapped[str] = mapped_column(String(20), default="red")
    role: Mapped[str] = mapped_column(String(20), default="unknown")
    text: Mapped[str] = mapped_column(Text, default="")
    confidence: Mapped[float] = mapped_column(Float)


class Filing(Base):
    """A filing packet: validation verdict (``status``) and the review workflow (``review_status``)."""

    __tablename__ = "filing"
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batch.id"), index=True)
    id_number: Mapped[str | None] = mapped_column(String(30), index=True)
    name: Mapped[str | None] = mapped_column(String(100))
    filing_category: Mapped[str | None] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(20))  # complete | incomplete
    review_status: Mapped[str] = mapped_column(String(30), default="received", index=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    extra: Mapped[dict[str, Any]] = mapped_column(Json, default=dict)
    documents: Mapped[list[FilingDocument]] = relationship(
        cascade="all, delete-orphan", order_by="FilingDocument.position"
    )
    issues: Mapped[list[IssueRow]] = relationship(cascade="all, delete-orphan", order_by="IssueRow.id")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy reads a plain dict


class FilingDocument(Base):
    """Which documents make up a filing, in the order the pipeline listed them."""

    __tablename__ = "filing_document"
    filing_id: Mapped[str] = mapped_column(ForeignKey("filing.id", ondelete="CASCADE"), primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class IssueRow(Base):
    """A validation finding of a filing."""

    __tablename__ = "issue"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    filing_id: Mapped[str] = mapped_column(ForeignKey("filing.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(100))
    severity: Mapped[str] = mapped_column(String(20))
    field: Mapped[str | None] = mapped_column(String(100))
    document_id: Mapped[str | None] = mapped_column(String(200))
    message: Mapped[str] = mapped_column(Text)
    message_en: Mapped[str] = mapped_column(Text, default="")


class StatusEvent(Base):
    """Audit trail of review-status changes: who moved a filing, from where to where, and why."""

    __tablename__ = "status_event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    filing_id: Mapped[str] = mapped_column(ForeignKey("filing.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(30))
    to_status: Mapped[str] = mapped_column(String(30))
    who: Mapped[str] = mapped_column(String(100))
    why: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class TriageItem(Base):
    """A document that went into no filing (RESULT.json's ``unfiled``), waiting for a reviewer.

    One row per document, kept after it is decided: ``state`` says what became of it
    (attached to ``filing_id``, or discarded with ``note``), and ``version`` guards the
    reviewer's actions the way ``filing.version`` guards corrections. ``guesses`` are the
    classifier's best document types for the page, ``[{"doc_type", "confidence"}]``.
    """

    __tablename__ = "triage_item"
    __table_args__ = (
        UniqueConstraint("document_id", name="uq_triage_item_document_id"),
        Index("ix_triage_item_lane", "state", "created_at", "id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("batch.id", ondelete="SET NULL"), index=True)
    reason: Mapped[str] = mapped_column(String(50))
    state: Mapped[str] = mapped_column(String(20), default="open")
    guesses: Mapped[list[dict[str, Any]]] = mapped_column(Json, default=list)
    reread: Mapped[str | None] = mapped_column(String(20))  # REREAD_STATES, after a reviewer assigned a type
    filing_id: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str | None] = mapped_column(String(100))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 - SQLAlchemy reads a plain dict


class Task(Base):
    """A queued unit of work; its state lives here, not in a Celery result backend."""

    __tablename__ = "task"
    __table_args__ = (Index("ix_task_unsent", "state", "sent_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(50))
    ref_id: Mapped[str] = mapped_column(String(200), index=True)
    state: Mapped[str] = mapped_column(String(20), default="queued", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    pages: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # read by this task
    # The lease (taskqueue/lease.py): who holds the running task and until when. ``lease_token``
    # grows by one with every grant; a write is accepted only with the current token (fencing).
    lease_owner: Mapped[str | None] = mapped_column(String(200))
    lease_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    lease_token: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    leases_lost: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # holder died
    # The outbox mark (taskqueue/outbox.py): set once the task's message reached the broker. A
    # queued row without it committed while the broker was away, or its sender died first.
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class StageBucket(Base):
    """How many pages (or tasks) took at most ``le`` seconds in a pipeline stage, per bucket.

    Counts are added with an atomic upsert by whoever finished the work, in the
    same transaction as its result (store/timings.py), so ``GET /metrics`` of any
    API process reads one histogram for every worker on every machine. ``le`` is
    the bucket's upper bound as Prometheus writes it ("0.25", "+Inf"); a count
    is of that bucket alone, the scrape adds them up.
    """

    __tablename__ = "stage_bucket"
    stage: Mapped[str] = mapped_column(String(40), primary_key=True)
    le: Mapped[str] = mapped_column(String(20), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class StageTotal(Base):
    """The count and sum of seconds of a stage, beside its buckets (a histogram's _count and _sum)."""

    __tablename__ = "stage_total"
    stage: Mapped[str] = mapped_column(String(40), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    seconds: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
