"""Request and response bodies of the /v1 API, documented with examples for integrators.

Filing and document bodies extend the RESULT.json models of
``kernel.schema``, so a record read over HTTP has the same shape as the
file ``filingdesk process`` writes, plus the review workflow around it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from kernel.schema import DocumentResult, FilingResult

ID_EXAMPLE = "filing-3f2a9c0d1e4b"


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


class QueueItem(BaseModel):
    """One line of the reviewer's work list; the ID number is masked."""

    id: str = Field(examples=[ID_EXAMPLE])
    name: str | None = Field(examples=["张三"])
    id_number_masked: str | None = Field(examples=["140105********0012"])
    filing_category: str | None = Field(examples=["long_term_resident"])
    status: str = Field(description="Validation verdict: complete | incomplete.", examples=["incomplete"])
    review_status: str = Field(examples=["needs_review"])
    errors: int = Field(examples=[1])
    warnings: int = Field(examples=[2])
    station: str | None = Field(examples=["taiyuan-window-3"])
    created_at: datetime
    updated_at: datetime
    version: int = Field(examples=[3])


class QueuePage(BaseModel):
    items: list[QueueItem]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null at the end.")


class HistoryEvent(BaseModel):
    from_status: str | None = Field(examples=["needs_review"])
    to_status: str = Field(examples=["approved"])
    who: str = Field(examples=["reviewer-li"])
    why: str = Field(examples=["材料齐全"])
    at: datetime


class FilingOut(FilingResult):
    """A filing as RESULT.json has it, plus its review workflow."""

    model_config = ConfigDict(extra="allow")

    review_status: str = Field(examples=["needs_review"])
    version: int = Field(description="Send back in If-Match when changing the filing.", examples=[3])
    batch_id: int | None = None
    station: str | None = None
    created_at: datetime
    updated_at: datetime
    history: list[HistoryEvent] = Field(default_factory=list)


class PageImage(BaseModel):
    page: int = Field(examples=[1])
    url: str = Field(examples=["/v1/pages/decl-1/1.png"])
    thumb_url: str = Field(examples=["/v1/pages/decl-1/1.png?thumb=1"])
    width: int | None = Field(examples=[1654])
    height: int | None = Field(examples=[2339])
    purged: bool = Field(
        default=False,
        description="The image was deleted after the retention period (图像已按保存期限删除); "
        "`url` then answers 410 `image_purged`.",
    )
    original_url: str | None = Field(
        default=None,
        examples=["/v1/pages/decl-1/1/original.png"],
        description="The page as uploaded (原件): the image as decoded, EXIF orientation applied, or the "
        "PDF page rendered at the document's `page_frames[].source_dpi`: the frame the page frame's "
        "matrix starts from. Null when the upload is not stored.",
    )


class DocumentOut(DocumentResult):
    """A document as RESULT.json has it, plus links to its page images.

    Boxes are fractions of the upright page (`page_images[].url`); `page_frames` give, per page,
    its size in pixels and the 3x3 matrix from the uploaded page (`page_images[].original_url`)
    to it, so a box can be drawn on the upload: corners × (width, height), through the inverse
    matrix, divided by the third coordinate.
    """

    model_config = ConfigDict(extra="allow")

    page_images: list[PageImage] = Field(default_factory=list)


class CorrectionOut(BaseModel):
    document: str = Field(examples=["decl-1"])
    field: str = Field(examples=["phone"])
    old: Any = Field(examples=["13812345670"])
    new: Any = Field(examples=["13812345678"])
    who: str = Field(examples=["reviewer-li"])
    at: datetime


class FilingDetail(BaseModel):
    """One filing with everything a reviewer needs; the ETag header carries ``filing.version``."""

    filing: FilingOut
    documents: list[DocumentOut]
    corrections: list[CorrectionOut]


class FieldChange(BaseModel):
    """Set one field of one document of the filing (validation runs again afterwards)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"document": "decl-1", "field": "phone", "value": "13812345678"}]},
    )

    document: str = Field(min_length=1, max_length=200)
    field: str = Field(min_length=1, max_length=100)
    value: Any = Field(description="str, ISO date str, bool, list[str] for hospitals, or null.")


class RegroupRequest(BaseModel):
    """Move a document out of this filing, into another filing or (``to_filing`` null) a new one."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"document": "hr-1", "to_filing": None}]}
    )

    document: str = Field(min_length=1, max_length=200)
    to_filing: str | None = Field(default=None, max_length=200)


class RegroupResult(BaseModel):
    document: str
    from_filing: str
    to_filing: str
    versions: dict[str, int] = Field(description="New version of each filing touched.")


class DecisionRequest(BaseModel):
    """A reviewer's verdict; a reason is required for reject, return and cancel.

    ``cancel`` records that the insured person withdrew the filing (备案取消, e.g. back home
    for good); it ends the record's history: filed → changed → cancelled.
    """

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"action": "return", "reason": "缺少居住证明"}]}
    )

    action: Literal["approve", "reject", "return", "cancel"]
    reason: str = Field(default="", max_length=2000)


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


class KeyCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"role": "station", "name": "taiyuan-window-3", "station": "ty-3"}]},
    )

    role: Literal["station", "reviewer", "integration", "admin"]
    name: str = Field(default="", max_length=100)
    station: str | None = Field(default=None, max_length=100, description="Required for station keys.")


class KeyInfo(BaseModel):
    id: int
    name: str
    role: str
    station: str | None
    prefix: str = Field(description="First characters of the key, to recognise it.", examples=["fdk_Ab3dE6"])
    created_at: datetime
    revoked: bool


class KeyCreated(KeyInfo):
    key: str = Field(description="The key itself; shown only in this answer.")


class WebhookCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"url": "https://erp.example.org/hooks/filingdesk"}]}
    )

    url: str = Field(pattern=r"^https?://[^\s]+$", max_length=1000)
    secret: str | None = Field(default=None, min_length=16, max_length=200, description="Default: generated.")


class WebhookOut(BaseModel):
    id: int
    url: str
    active: bool
    created_at: datetime
    secret: str | None = Field(default=None, description="Only in the answer that created the webhook.")


class RulePackOut(BaseModel):
    name: str = Field(examples=["shanxi"])
    description: str
    applies_to: list[str] = Field(examples=[["14"]])
    extends: str | None
    parameters: dict[str, Any]


class MeOut(BaseModel):
    """Who the presented key belongs to: a page or agent learns its role and station from its key."""

    role: Literal["station", "reviewer", "integration", "admin"] = Field(examples=["station"])
    name: str = Field(examples=["taiyuan-window-3-scanner"])
    station: str | None = Field(
        description="The station a station key uploads for.", examples=["taiyuan-window-3"]
    )


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
