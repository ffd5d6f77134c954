"""Uploads and their progress: receipts, a batch's files and documents, the batch list."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from api.models.examples import ID_EXAMPLE


class FileReceiptOut(BaseModel):
    """What happened to one uploaded file at intake (processing follows asynchronously)."""

    source: str = Field(examples=["packet_001/declaration.jpg"])
    sha256: str | None = Field(
        default=None, examples=["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"]
    )
    size: int | None = Field(default=None, examples=[482113])
    kind: str | None = Field(default=None, description="Sniffed from the bytes: pdf|png|jpeg|tiff|zip.")
    state: str = Field(description="queued | failed | duplicate | …", examples=["queued"])
    error_code: str | None = Field(default=None, examples=[None])
    error_message: str | None = None
    duplicate_of_file_id: int | None = Field(
        default=None, description="An earlier byte-identical upload this file repeats."
    )


class BatchReceiptOut(BaseModel):
    """Answer to an upload: the batch and each file's intake verdict."""

    batch_id: int = Field(examples=[42])
    created: bool = Field(description="False when this Idempotency-Key was seen before (same receipt).")
    station: str = Field(examples=["taiyuan-window-3"])
    files: list[FileReceiptOut]
    status_url: str = Field(examples=["/v1/batches/42"])


class BatchFileOut(BaseModel):
    source: str
    state: str = Field(examples=["done"])
    pages: int = 0
    error_code: str | None = None
    error_message: str | None = None


class BatchDocumentOut(BaseModel):
    id: str
    doc_type: str = Field(examples=["declaration_form"])
    state: str = Field(examples=["done"])
    source: str = Field(default="", examples=["scan_01.jpg"])
    filing: str | None = Field(default=None, description="The filing this document went into.")
    reason: str | None = Field(
        default=None,
        description="Why the assembled batch put it into no filing: `not_a_filing_document` "
        "(an invoice, a bank slip, a blank page) or `no_matching_filing` (another person's proof), "
        "left for a reviewer in the triage lane (`GET /v1/triage`).",
    )


class BatchHead(BaseModel):
    """What every view of a batch starts with: which batch, whose, how far, its files."""

    batch_id: int = Field(examples=[42])
    station: str | None = Field(examples=["taiyuan-window-3"])
    created_at: datetime
    state: Literal["received", "processing", "done", "failed"]
    pages_total: int = Field(examples=[5])
    pages_done: int = Field(examples=[3])
    files: list[BatchFileOut] = Field(default_factory=list)


class BatchProgressOut(BatchHead):
    """Where a batch stands: pages read so far, files, documents and the filings made of them."""

    documents: list[BatchDocumentOut] = Field(default_factory=list)
    filings: list[str] = Field(default_factory=list, examples=[[ID_EXAMPLE]])


class BatchListOut(BaseModel):
    """A page of batches, newest first; pass ``next_before`` as ``before`` for the next page."""

    items: list[BatchProgressOut]
    next_before: int | None = Field(default=None, examples=[41])
