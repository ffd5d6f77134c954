"""What integrations pull: validated filings, a page of them, and the acknowledgement."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from api.models.examples import ID_EXAMPLE


class ExportDocument(BaseModel):
    id: str
    doc_type: str = Field(examples=["declaration_form"])
    fields: dict[str, Any] = Field(examples=[{"name": "张三", "hospitals": ["北京协和医院"]}])


class ExportFiling(BaseModel):
    """An approved filing in the versioned export schema ``filingdesk.export/v1``."""

    filing_id: str = Field(examples=[ID_EXAMPLE])
    status: Literal["approved", "cancelled"] = Field(
        description="`cancelled`: the filing was withdrawn after approval; drop it.", examples=["approved"]
    )
    version: int = Field(examples=[4])
    approved_at: datetime
    approved_by: str = Field(examples=["reviewer-li"])
    name: str | None = Field(examples=["张三"])
    id_number: str | None = Field(examples=["140105198803150012"])
    filing_category: str | None = Field(examples=["long_term_resident"])
    fields: dict[str, Any] = Field(description="The declaration form's fields, by canonical key.")
    documents: list[ExportDocument]
    warnings: list[str] = Field(default_factory=list, examples=[["hospital_defaulted"]])
    acknowledged: bool = Field(description="This integration acknowledged this version already.")


class ExportPage(BaseModel):
    schema_: Literal["filingdesk.export/v1"] = Field(
        default="filingdesk.export/v1", alias="schema", serialization_alias="schema"
    )
    items: list[ExportFiling]
    next_cursor: str | None = Field(description="Pass as `after` for the next page; stable across calls.")

    model_config = ConfigDict(populate_by_name=True)


class AckRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"filings": [ID_EXAMPLE]}]})

    filings: list[str] = Field(min_length=1, max_length=1000)


class AckResult(BaseModel):
    acknowledged: list[str]
    unknown: list[str] = Field(description="Ids that are not approved filings (not acknowledged).")
