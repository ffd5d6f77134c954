"""Integrations: pull approved filings (JSON or CSV) and acknowledge what was stored."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Response

from api.deps import DB, allow, roles_doc
from api.errors import responses
from api.export import acknowledge, as_csv, export_page, parse_after
from api.keys import Principal
from api.models import AckRequest, AckResult, ExportPage

router = APIRouter(prefix="/v1/export", tags=["integrations"])
INTEGRATION = allow("integration")


@router.get(
    "/filings",
    response_model=ExportPage,
    response_model_by_alias=True,
    summary="Approved filings, schema filingdesk.export/v1",
    description=(
        "Walk the feed with `after` = the previous `next_cursor` (stable: new approvals are appended, a "
        "filing changed and approved again reappears). `pending=true` lists only filings this integration "
        "has not acknowledged at their current version. `format=csv` answers text/csv with the cursor in "
        "the `X-Next-Cursor` header. Every filing handed out is audited."
    ),
    responses={
        200: {"content": {"text/csv": {}}, "description": "The page (JSON, or CSV with format=csv)."},
        **responses(401, 403, 422),
    },
    openapi_extra=roles_doc("integration"),
)
def export_filings(
    session: DB,
    who: Annotated[Principal, Depends(INTEGRATION)],
    after: Annotated[
        str | None, Query(max_length=20, description="next_cursor of the previous page.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
    pending: Annotated[bool, Query(description="Only filings not yet acknowledged.")] = False,
) -> ExportPage | Response:
    page = export_page(session, who, after=parse_after(after), limit=limit, pending=pending)
    if format == "csv":
        headers = {"X-Export-Schema": "filingdesk.export/v1"}
        if page.next_cursor:
            headers["X-Next-Cursor"] = page.next_cursor
        return Response(as_csv(page), media_type="text/csv; charset=utf-8", headers=headers)
    return page


@router.post(
    "/ack",
    response_model=AckResult,
    summary="Acknowledge stored filings",
    description="Marks the filings as received by this integration at their current version.",
    responses=responses(401, 403, 422),
    openapi_extra=roles_doc("integration"),
)
def ack(body: AckRequest, session: DB, who: Annotated[Principal, Depends(INTEGRATION)]) -> AckResult:
    done, unknown = acknowledge(session, who, body.filings)
    return AckResult(acknowledged=done, unknown=unknown)
