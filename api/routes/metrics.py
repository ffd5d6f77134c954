"""``GET /metrics``: Prometheus' scrape, for an admin key or the scrape token.

A Prometheus server holds no API key of a person, so ``FILINGDESK_METRICS_TOKEN``
may be given instead (``Authorization: Bearer <token>``); an admin key works too.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Response
from prometheus_client import CONTENT_TYPE_LATEST

from api.deps import DB, AppSettings, PresentedKey, principal, roles_doc
from api.errors import ApiError, responses
from api.metrics import render

router = APIRouter(tags=["operations"])


def scraper(settings: AppSettings, session: DB, presented: PresentedKey) -> None:
    """The scrape token, else an admin key (401 without either, 403 for other roles)."""
    token = settings.metrics_token
    if token and presented and secrets.compare_digest(presented.encode(), token.encode()):
        return
    who = principal(session, presented)
    if who.role != "admin":
        raise ApiError(403, "forbidden", f"A {who.role} key may not read metrics; it needs an admin key.")


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    description="Tasks by kind and state, pages read, files by state and code, filings by review status; "
    "read from the database, so one scrape covers every worker.",
    response_class=Response,
    responses=responses(401, 403),
    openapi_extra=roles_doc("admin"),
)
def metrics(settings: AppSettings, _: Annotated[None, Depends(scraper)]) -> Response:
    return Response(render(settings), media_type=CONTENT_TYPE_LATEST)
