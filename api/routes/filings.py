"""Reviewers: the work queue, one filing with its pages, corrections, regrouping, decisions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response

from api import review, webhooks
from api.deps import DB, AppSettings, IntId, allow, commit, roles_doc
from api.errors import responses
from api.keys import Principal
from api.models import DecisionRequest, FieldChange, FilingDetail, QueuePage, RegroupRequest, RegroupResult
from api.originals import original_page_png
from api.queue import QueueFilter, SortKey, list_queue
from api.records import filing_detail, page_png
from store.models import REVIEW_STATUSES

router = APIRouter(prefix="/v1", tags=["reviewers"])

READ = ("reviewer", "admin")
WRITE = ("reviewer",)
IfMatch = Annotated[str | None, Header(alias="If-Match", max_length=100, description='"<version>" as read.')]


def _detail(response: Response, session: DB, filing_id: str) -> FilingDetail:
    detail = filing_detail(session, filing_id)
    response.headers["ETag"] = f'"{detail.filing.version}"'
    return detail


@router.get(
    "/filings",
    response_model=QueuePage,
    summary="The review queue",
    description="Filings filtered and sorted, a page at a time; follow `next_cursor` for the next page.",
    responses=responses(401, 403, 422),
    openapi_extra=roles_doc(*READ),
)
def queue(
    session: DB,
    _who: Annotated[Principal, Depends(allow(*READ))],
    review_status: Annotated[str | None, Query(description=f"One of: {', '.join(REVIEW_STATUSES)}.")] = None,
    status: Annotated[str | None, Query(description="complete | incomplete", max_length=20)] = None,
    region: Annotated[
        str | None, Query(max_length=50, description="Insured or destination region starts with this.")
    ] = None,
    category: Annotated[str | None, Query(max_length=50, description="filing_category key.")] = None,
    station: Annotated[str | None, Query(max_length=100)] = None,
    created_from: Annotated[datetime | None, Query(description="Created at or after (ISO 8601).")] = None,
    created_to: Annotated[datetime | None, Query(description="Created before (ISO 8601).")] = None,
    sort: Annotated[SortKey, Query(description="`-` for descending.")] = "created_at",
    cursor: Annotated[str | None, Query(max_length=1000)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> QueuePage:
    flt = QueueFilter(review_status, status, region, category, station, created_from, created_to)
    return list_queue(session, flt, sort=sort, cursor=cursor, limit=limit)


@router.get(
    "/filings/{filing_id}",
    response_model=FilingDetail,
    summary="One filing with documents, page images, fields, seals, issues and history",
    description="The `ETag` header holds the version to send back in `If-Match` when changing the filing.",
    responses=responses(401, 403, 404),
    openapi_extra=roles_doc(*READ),
)
def get_filing(
    filing_id: str, response: Response, session: DB, _who: Annotated[Principal, Depends(allow(*READ))]
) -> FilingDetail:
    return _detail(response, session, filing_id)


@router.get(
    "/pages/{document_id}/{page}.png",
    response_class=Response,
    summary="A page image (PNG), or its thumbnail with `thumb=1`",
    responses={
        200: {"content": {"image/png": {}}, "description": "The page."},
        **responses(401, 403, 404, 410),
    },
    openapi_extra=roles_doc(*READ),
)
def get_page(
    document_id: str,
    page: IntId,
    session: DB,
    settings: AppSettings,
    _who: Annotated[Principal, Depends(allow(*READ))],
    thumb: Annotated[bool, Query()] = False,
) -> Response:
    data = page_png(session, settings, document_id, page, thumb=thumb)
    return Response(content=data, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})


@router.get(
    "/pages/{document_id}/{page}/original.png",
    response_class=Response,
    summary="A page as uploaded (原件), the frame `page_frames[].matrix` starts from",
    description=(
        "The uploaded image decoded as the pipeline decoded it (EXIF orientation applied; a TIFF's "
        "page), or the PDF page rendered at `page_frames[].source_dpi`. A field's `bbox` is drawn on "
        "it by taking the box's corners (fractions × the frame's `width`, `height`) through the "
        "inverse of `matrix` and dividing by the third coordinate. Rendered on each request."
    ),
    responses={
        200: {"content": {"image/png": {}}, "description": "The page as uploaded."},
        **responses(401, 403, 404, 410),
    },
    openapi_extra=roles_doc(*READ),
)
def get_original_page(
    document_id: str,
    page: IntId,
    session: DB,
    settings: AppSettings,
    _who: Annotated[Principal, Depends(allow(*READ))],
) -> Response:
    data = original_page_png(session, settings, document_id, page)
    return Response(content=data, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})


@router.patch(
    "/filings/{filing_id}/fields",
    response_model=FilingDetail,
    summary="Correct one field",
    description=(
        "Requires `If-Match` with the version read (428 without it, 412 when someone else changed the filing "
        "meanwhile). The old and new values are kept in `corrections`; validation runs again."
    ),
    responses=responses(401, 403, 404, 409, 412, 422, 428),
    openapi_extra=roles_doc(*WRITE),
)
def correct_field(
    filing_id: str,
    change: FieldChange,
    response: Response,
    session: DB,
    settings: AppSettings,
    who: Annotated[Principal, Depends(allow(*WRITE))],
    if_match: IfMatch = None,
) -> FilingDetail:
    review.correct_field(session, settings, filing_id, change, who, if_match)
    commit(session)
    return _detail(response, session, filing_id)


@router.post(
    "/filings/{filing_id}/regroup",
    response_model=RegroupResult,
    summary="Move a document to another filing, or to a new one",
    description=(
        "Requires `If-Match` with the version read of the filing the document leaves (428 without it, "
        "412 when someone else changed it meanwhile). Both filings are validated again."
    ),
    responses=responses(401, 403, 404, 409, 412, 422, 428),
    openapi_extra=roles_doc(*WRITE),
)
def regroup(
    filing_id: str,
    body: RegroupRequest,
    session: DB,
    settings: AppSettings,
    who: Annotated[Principal, Depends(allow(*WRITE))],
    if_match: IfMatch = None,
) -> RegroupResult:
    source, target = review.regroup(
        session, settings, filing_id, body.document, body.to_filing, who, if_match
    )
    commit(session)
    return RegroupResult(
        document=body.document,
        from_filing=source.id,
        to_filing=target.id,
        versions={source.id: source.version, target.id: target.version},
    )


@router.post(
    "/filings/{filing_id}/decision",
    response_model=FilingDetail,
    summary="Approve, reject or return a filing",
    description=(
        "Requires `If-Match`. Approving is refused with 409 `errors_remain` while error issues remain; "
        "reject and return need a `reason`. Approval notifies the configured webhooks."
    ),
    responses=responses(401, 403, 404, 409, 412, 422, 428),
    openapi_extra=roles_doc(*WRITE),
)
def decide(
    filing_id: str,
    body: DecisionRequest,
    request: Request,
    response: Response,
    session: DB,
    who: Annotated[Principal, Depends(allow(*WRITE))],
    if_match: IfMatch = None,
) -> FilingDetail:
    row = review.decide(session, filing_id, body.action, body.reason, who, if_match)
    hooks = 0
    if body.action == "approve":
        hooks = webhooks.enqueue_approval(session, row.id, row.version, who.name, datetime.now(UTC))
    commit(session)
    if hooks:
        webhooks.kick(request.app.state)
    return _detail(response, session, filing_id)
