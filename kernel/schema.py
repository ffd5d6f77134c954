"""The RESULT.json contract of `filingdesk process` (and of sample truth files).

Other tools depend on this shape; it is versioned by ``SCHEMA_VERSION`` and
checked by tests. Truth files written by the sample generator use the very same
models, so evaluation compares like with like.

Coordinates: every ``bbox`` is ``[x0, y0, x1, y1]`` as fractions (0..1) of the
width and height of the *upright* page (after the pipeline turned and deskewed
it), origin top-left. Fractions keep boxes valid at any scan resolution.
To draw them on the file that was uploaded, each document lists its pages'
``page_frames``: the upright page's size and the 3x3 matrix from the input page
to it (``PageFrame``); its inverse takes a box back onto the upload.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from kernel.domain import DocType, FilingStatus, Severity

SCHEMA_VERSION = "1.1"  # 1.1: DocumentResult.page_frames

BBox = list[float]


class FieldValue(BaseModel):
    """One extracted field: its typed value and where it was read."""

    model_config = ConfigDict(extra="allow")

    value: Any = Field(description="Typed value: str, ISO date str, bool, or list[str] for hospitals.")
    confidence: float = Field(ge=0.0, le=1.0)
    page: int = Field(ge=1, description="1-based page number within the document's source file.")
    bbox: BBox | None = Field(default=None, description="[x0,y0,x1,y1] fractions of the upright page.")
    low_confidence: bool = Field(default=False, description="True when the reviewer must check it.")
    source: Literal["ocr", "text_layer", "default", "reviewer", "truth"] = "ocr"


class Stamp(BaseModel):
    """A seal found on a page."""

    model_config = ConfigDict(extra="allow")

    page: int = Field(ge=1)
    bbox: BBox
    confidence: float = Field(ge=0.0, le=1.0)
    shape: Literal["round", "oval", "square"]
    text: str = ""
    color: Literal["red", "gray"] = "red"
    role: Literal["agency", "issuer", "unknown"] = "unknown"


class Issue(BaseModel):
    """A finding of validation, with a stable code."""

    code: str
    severity: Severity
    field: str | None = None
    document: str | None = None
    message: str = Field(description="Message for reviewers (Chinese).")
    message_en: str = Field(default="", description="Message for logs (English).")


class PageFrame(BaseModel):
    """How one upright page lies on the input page it was read from.

    ``matrix`` is row-major 3x3 and maps a pixel ``(x, y, 1)`` of the *input page*
    to homogeneous coordinates ``(u, v, w)`` on the upright page (pixel ``(u/w, v/w)``,
    of a page ``width`` x ``height``); its inverse maps upright pixels back. The
    input page is the uploaded image as decoded (EXIF orientation applied; one frame
    of a TIFF), or a PDF page rendered at ``source_dpi`` (pixels = PDF points x
    ``source_dpi`` / 72, origin top-left). Pixel coordinates are continuous, origin
    at the top-left corner, x right, y down; expect agreement to a pixel or two.
    """

    page: int = Field(ge=1, description="1-based page number within the document's source file.")
    width: int = Field(ge=1, description="Upright page width in pixels (what bbox x fractions multiply).")
    height: int = Field(ge=1, description="Upright page height in pixels (what bbox y fractions multiply).")
    source_width: int = Field(ge=1, description="Input page width in pixels.")
    source_height: int = Field(ge=1, description="Input page height in pixels.")
    source_dpi: int = Field(
        default=0,
        ge=0,
        description="For a PDF page, the dpi it was rendered at (points x dpi / 72 = input pixels); "
        "for an image, the resolution the file records (0 when it records none).",
    )
    matrix: list[list[float]] = Field(
        min_length=3,
        max_length=3,
        description="Row-major 3x3: input page pixel (x, y, 1) → upright page (u, v, w); "
        "crop to the sheet, turn, deskew and perspective in one. Normalised so matrix[2][2] = 1.",
    )


class DocumentResult(BaseModel):
    """One document found in the input; a file may hold several."""

    model_config = ConfigDict(extra="allow")

    id: str
    source: str = Field(description="Path relative to the INPUT folder it came from.")
    pages: list[int] = Field(description="1-based page numbers within the source file.")
    doc_type: DocType
    doc_type_confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    fields: dict[str, FieldValue] = Field(default_factory=dict)
    stamps: list[Stamp] = Field(default_factory=list)
    duplicate_of: str | None = Field(
        default=None, description="Document id this is a byte-identical copy of."
    )
    page_frames: list[PageFrame] = Field(
        default_factory=list,
        description="Per page of the document: the upright page's size and the matrix from the input "
        "page to it, for drawing boxes on the uploaded file (empty in results older than 1.1).",
    )


class FilingResult(BaseModel):
    """Documents of one insured person grouped into a filing, with its verdict."""

    model_config = ConfigDict(extra="allow")

    id: str
    id_number: str | None = None
    name: str | None = None
    filing_category: str | None = None
    documents: list[str]
    status: FilingStatus
    issues: list[Issue] = Field(default_factory=list)


class InputError(BaseModel):
    """An input that could not be read; the rest of the run went on."""

    source: str
    code: str
    message: str


NOT_A_FILING_DOCUMENT = "not_a_filing_document"
NO_MATCHING_FILING = "no_matching_filing"


class UnfiledDocument(BaseModel):
    """A document left out of every filing, for a person to look at (triage), and why."""

    document: str
    source: str
    pages: list[int] = Field(default_factory=list)
    doc_type: DocType
    reason: str = Field(
        description="not_a_filing_document: no document type of a filing fits the page; "
        "no_matching_filing: a filing document whose person matches no declaration of the batch"
    )
    message: str = ""


class ProcessResult(BaseModel):
    """The whole RESULT.json."""

    model_config = ConfigDict(extra="allow")

    schema_version: str = SCHEMA_VERSION
    documents: list[DocumentResult] = Field(default_factory=list)
    filings: list[FilingResult] = Field(default_factory=list)
    unfiled: list[UnfiledDocument] = Field(default_factory=list)
    errors: list[InputError] = Field(default_factory=list)
