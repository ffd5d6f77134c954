"""The reviewer's page: static HTML, JS and CSS from ``api/static``, plus the field vocabulary.

The page is plain files (no build step, nothing fetched from the internet), so
it is served by the same process as the API and works offline at an agency
window. Chinese labels come from ``kernel.domain`` as JSON instead of a
second hand-kept copy in JavaScript, so a new field key shows up in the UI
with its printed label without touching the page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException
from fastapi.responses import FileResponse, JSONResponse

from kernel.domain import CATEGORY_ZH, DOC_FIELDS, DOC_TYPE_ZH, FIELD_ZH, GENDER_ZH, INSURANCE_TYPE_ZH

router = APIRouter(tags=["review page"], include_in_schema=False)

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
_MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
}
# The page changes with the service; a reviewer reloading gets the new page, never a stale mix.
_NO_CACHE = {"Cache-Control": "no-cache"}
# The page loads its own files only (no inline script or style; page images are blob: URLs made
# from authenticated fetches), so a script injected through OCR text has nowhere to run from.
PAGE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
_HEADERS = {**_NO_CACHE, "Content-Security-Policy": PAGE_POLICY, "X-Content-Type-Options": "nosniff"}

REVIEW_STATUS_ZH = {
    "received": "已接收",
    "processing": "识别中",
    "needs_review": "待审核",
    "approved": "已通过",
    "rejected": "已驳回",
    "returned_to_applicant": "已退回申请人",
    "changed": "已变更",
    "cancelled": "已撤销",
}
FILING_STATUS_ZH = {"complete": "材料齐全", "incomplete": "材料不全"}
# why a page waits in the triage lane (validate.assemble)
UNFILED_REASON_ZH = {
    "not_a_filing_document": "不是备案材料",
    "no_matching_filing": "与本批备案的参保人都不符",
}


@router.get("/review")
def review_page() -> FileResponse:
    """The single-page review application (queue and filing views)."""
    return FileResponse(STATIC_DIR / "review.html", media_type=_MEDIA_TYPES[".html"], headers=_HEADERS)


@router.get("/review/labels.json")
def review_labels() -> JSONResponse:
    """Chinese names of fields, document types, categories and statuses, from the domain module."""
    return JSONResponse(page_labels(), headers=_HEADERS)


def page_labels() -> dict[str, Any]:
    """The labels both pages show (the station page adds its own to these)."""
    return {
        "fields": FIELD_ZH,
        "doc_types": {str(k): v for k, v in DOC_TYPE_ZH.items()},
        "doc_fields": {str(k): list(v) for k, v in DOC_FIELDS.items()},
        "categories": {str(k): v for k, v in CATEGORY_ZH.items()},
        "gender": GENDER_ZH,
        "insurance_type": INSURANCE_TYPE_ZH,
        "review_status": REVIEW_STATUS_ZH,
        "filing_status": FILING_STATUS_ZH,
        "unfiled_reason": UNFILED_REASON_ZH,
    }


@router.get("/review/static/{name}")
def review_asset(name: str) -> FileResponse:
    """A file of the page; only plain names of known kinds directly inside ``api/static``."""
    path = (STATIC_DIR / name).resolve()
    media_type = _MEDIA_TYPES.get(path.suffix)
    if media_type is None or path.parent != STATIC_DIR or not path.is_file():
        raise HTTPException(status_code=404, detail="no such file")
    return FileResponse(path, media_type=media_type, headers=_HEADERS)
