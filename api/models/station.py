"""What a scanning station is shown of its own batches (never a full ID number)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from api.models.batches import BatchHead
from api.models.examples import ID_EXAMPLE


class StationNotice(BaseModel):
    """One thing a station operator reads: a code, and its message in Chinese and English."""

    code: str = Field(examples=["residence_proof_missing"])
    message: str = Field(examples=["缺少居住证明材料（居住证、居住证明）"])
    message_en: str = Field(default="", examples=["residence proof missing"])


class StationDocument(BaseModel):
    id: str
    doc_type: str = Field(examples=["declaration_form"])
    source: str = Field(examples=["scan_01.jpg"])
    pages: list[int] = Field(default_factory=list, examples=[[1]])


class StationFiling(BaseModel):
    """A filing made from the packet, as much of it as the station that scanned it may see."""

    id: str = Field(examples=[ID_EXAMPLE])
    name: str | None = Field(examples=["张三"])
    id_number_masked: str | None = Field(examples=["140105********0012"])
    filing_category: str | None = Field(examples=["long_term_resident"])
    status: str = Field(description="complete | incomplete", examples=["incomplete"])
    review_status: str = Field(examples=["needs_review"])
    documents: list[StationDocument] = Field(default_factory=list)
    missing: list[StationNotice] = Field(
        default_factory=list, description="What the filing still lacks (documents, seals, signature)."
    )


class RescanItem(BaseModel):
    """A file or page the station must scan again, and why."""

    source: str = Field(examples=["scan_02.jpg"])
    page: int | None = Field(default=None, description="The page in the file; null for the whole file.")
    code: str = Field(examples=["page_blurred"])
    message: str = Field(examples=["页面模糊，请重新扫描"])
    message_en: str = Field(default="", examples=["page blurred, scan it again"])


class BatchSummaryOut(BatchHead):
    """What a scanning station sees of one packet: progress, what was found, what is lacking."""

    filings: list[StationFiling] = Field(default_factory=list)
    unfiled: list[StationDocument] = Field(
        default_factory=list, description="Documents that went into no filing (not a filing paper)."
    )
    rescan: list[RescanItem] = Field(default_factory=list)
