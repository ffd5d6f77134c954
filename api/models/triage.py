"""Pages that belong to no filing, and the reviewer's actions on them."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from api.models.examples import ID_EXAMPLE
from api.models.review import DocumentOut


class TypeGuess(BaseModel):
    doc_type: str = Field(examples=["residence_certificate"])
    confidence: float = Field(ge=0.0, le=1.0, examples=[0.31])


class TriageEvent(BaseModel):
    """One audited action on a triage item."""

    action: str = Field(examples=["triage.discard"])
    who: str = Field(examples=["reviewer-li"])
    at: datetime
    detail: dict[str, Any] = Field(default_factory=dict, examples=[{"reason": "银行回单，非备案材料"}])


class TriageItemOut(BaseModel):
    """A page (document) that went into no filing, as the triage lane shows it."""

    id: int = Field(examples=[7])
    version: int = Field(description="Send back in If-Match with an action.", examples=[1])
    state: Literal["open", "attached", "discarded"] = Field(examples=["open"])
    reason: str = Field(
        description="`not_a_filing_document` (no filing document type fits the page) or "
        "`no_matching_filing` (a filing document whose person matches no declaration of its batch).",
        examples=["not_a_filing_document"],
    )
    reread: Literal["queued", "done", "failed"] | None = Field(
        default=None, description="Reading the page again as the type a reviewer assigned."
    )
    guesses: list[TypeGuess] = Field(description="The best document types for the page, best first.")
    batch_id: int | None = Field(default=None, examples=[42])
    station: str | None = Field(default=None, examples=["taiyuan-window-3"])
    filing_id: str | None = Field(default=None, description="The filing it was attached to.")
    note: str = Field(default="", description="Why it was discarded.")
    decided_by: str | None = None
    decided_at: datetime | None = None
    created_at: datetime
    updated_at: datetime
    document: DocumentOut


class TriageDetail(TriageItemOut):
    history: list[TriageEvent] = Field(default_factory=list)


class TriagePage(BaseModel):
    items: list[TriageItemOut]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null at the end.")


class AssignTypeRequest(BaseModel):
    """The reviewer says what the page is; it is read again as that type."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"doc_type": "residence_certificate"}]}
    )

    doc_type: str = Field(min_length=1, max_length=50)


class AttachRequest(BaseModel):
    """Put the document into an existing filing, or (``filing`` null) make a filing of it."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"filing": ID_EXAMPLE}]})

    filing: str | None = Field(default=None, max_length=200)


class DiscardRequest(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"reason": "银行回单，非备案材料"}]}
    )

    reason: str = Field(default="", max_length=2000)
