"""Reviewers: the triage lane of pages that went into no filing, and the three things to do with one."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response

from api import triage
from api.deps import DB, AppSettings, IntId, allow, commit, roles_doc
from api.errors import responses
from api.keys import Principal
from api.models import AssignTypeRequest, AttachRequest, DiscardRequest, TriageDetail, TriagePage
from api.routes.filings import IfMatch

router = APIRouter(prefix="/v1", tags=["reviewers"])

ROLES = ("reviewer", "admin")
ACTION_DOC = (
    "Requires `If-Match` with the item's version as read (428 without it, 412 when someone else acted on "
    "it meanwhile); 409 `not_open` when it was already attached or discarded. Written to the audit log."
)


def _detail(response: Response, session: DB, item_id: int) -> TriageDetail:
    detail = triage.triage_detail(session, item_id)
    response.headers["ETag"] = f'"{detail.version}"'
    return detail


@router.get(
    "/triage",
    response_model=TriagePage,
    summary="The triage lane: pages that went into no filing",
    description=(
        "Newest first, a page at a time (follow `next_cursor`). Each item has its document with page-image "
        "links and the best guesses of its type with their confidence."
    ),
    responses=responses(401, 403, 422),
    openapi_extra=roles_doc(*ROLES),
)
def lane(
    session: DB,
    _who: Annotated[Principal, Depends(allow(*ROLES))],
    state: Annotated[Literal["open", "attached", "discarded"], Query(description="Default: open.")] = "open",
    batch: Annotated[
        int | None, Query(ge=1, le=2_147_483_647, description="Only this batch's pages.")
    ] = None,
    cursor: Annotated[str | None, Query(max_length=1000)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> TriagePage:
    return triage.list_triage(session, state=state, batch_id=batch, cursor=cursor, limit=limit)


@router.get(
    "/triage/{item_id}",
    response_model=TriageDetail,
    summary="One triage item with its page, guesses and history",
    description="The `ETag` header holds the version to send back in `If-Match` with an action.",
    responses=responses(401, 403, 404),
    openapi_extra=roles_doc(*ROLES),
)
def get_item(
    item_id: IntId, response: Response, session: DB, _who: Annotated[Principal, Depends(allow(*ROLES))]
) -> TriageDetail:
    return _detail(response, session, item_id)


@router.post(
    "/triage/{item_id}/assign-type",
    response_model=TriageDetail,
    summary="Say what the page is; it is read again as that type",
    description=(
        f"{ACTION_DOC} The document takes the type (422 `invalid_doc_type` for one that is no filing "
        "document's) and a worker reads its stored pages again as that type (`reread`: queued → done)."
    ),
    responses=responses(401, 403, 404, 409, 412, 422, 428),
    openapi_extra=roles_doc(*ROLES),
)
def assign_type(
    item_id: IntId,
    body: AssignTypeRequest,
    request: Request,
    response: Response,
    session: DB,
    who: Annotated[Principal, Depends(allow(*ROLES))],
    if_match: IfMatch = None,
) -> TriageDetail:
    triage.assign_type(session, request.app.state.celery, item_id, body.doc_type, who, if_match)
    commit(session)
    return _detail(response, session, item_id)


@router.post(
    "/triage/{item_id}/attach",
    response_model=TriageDetail,
    summary="Put the page into a filing (or a new one)",
    description=(
        f"{ACTION_DOC} The document joins `filing` (or, with `filing` null, a new filing of its own), which "
        "is validated again and gets a new version. A page of type `unknown` needs a type first (409 "
        "`type_required`); one still being read again waits (409 `reading_pending`)."
    ),
    responses=responses(401, 403, 404, 409, 412, 422, 428),
    openapi_extra=roles_doc(*ROLES),
)
def attach(
    item_id: IntId,
    body: AttachRequest,
    response: Response,
    session: DB,
    settings: AppSettings,
    who: Annotated[Principal, Depends(allow(*ROLES))],
    if_match: IfMatch = None,
) -> TriageDetail:
    triage.attach(session, settings, item_id, body.filing, who, if_match)
    commit(session)
    return _detail(response, session, item_id)


@router.post(
    "/triage/{item_id}/discard",
    response_model=TriageDetail,
    summary="Set the page aside, with a reason",
    description=f"{ACTION_DOC} A `reason` is required (422 `reason_required`).",
    responses=responses(401, 403, 404, 409, 412, 422, 428),
    openapi_extra=roles_doc(*ROLES),
)
def discard(
    item_id: IntId,
    body: DiscardRequest,
    response: Response,
    session: DB,
    who: Annotated[Principal, Depends(allow(*ROLES))],
    if_match: IfMatch = None,
) -> TriageDetail:
    triage.discard(session, item_id, body.reason, who, if_match)
    commit(session)
    return _detail(response, session, item_id)
