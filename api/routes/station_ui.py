"""The scanning station's page: ``/station``, its labels, and its files from ``api/static``.

Served like the review page (same folder, same strict policy, no build step),
under its own path so a station's browser never loads the reviewer's page. The
Chinese reasons for refused files come from ``api.station`` so the page and the
summary endpoint say the same thing.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse, JSONResponse

from api.routes.ui import _HEADERS, _MEDIA_TYPES, STATIC_DIR, page_labels, review_asset
from api.station import FILE_ERROR_ZH

router = APIRouter(tags=["station page"], include_in_schema=False)


@router.get("/station")
def station_page() -> FileResponse:
    """The single-page station application (drop, upload, follow, read the result)."""
    return FileResponse(STATIC_DIR / "station.html", media_type=_MEDIA_TYPES[".html"], headers=_HEADERS)


@router.get("/station/labels.json")
def station_labels() -> JSONResponse:
    """The review page's labels plus the Chinese reason for each refused-file code."""
    return JSONResponse({**page_labels(), "file_errors": FILE_ERROR_ZH}, headers=_HEADERS)


@router.get("/station/static/{name}")
def station_asset(name: str) -> FileResponse:
    """A file of the page (the same folder and checks as the review page's files)."""
    return review_asset(name)
