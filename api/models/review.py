"""The review queue and a filing's record: documents, page images, history, corrections and decisions."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from api.models.examples import ID_EXAMPLE
from kernel.schema import DocumentResult, FilingResult


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
