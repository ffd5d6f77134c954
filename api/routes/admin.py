"""Administrators: API keys, webhooks, and a read-only view of settings and rule packs."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response
from sqlalchemy import select

from api.deps import DB, AppSettings, IntId, allow, roles_doc
from api.errors import ApiError, responses
from api.keys import Principal, audit, create_key, revoke_key
from api.models import KeyCreate, KeyCreated, KeyInfo, RulePackOut, WebhookCreate, WebhookOut
from store.access import ApiKey, Webhook
from store.repository import aware

router = APIRouter(prefix="/v1", tags=["admin"])
ADMIN = allow("admin")
Admin = Annotated[Principal, Depends(ADMIN)]
DOC = roles_doc("admin")
# settings an operator may see; URLs with credentials and secrets are left out
_VISIBLE_SETTINGS = (
    "ocr_engine",
    "render_dpi",
    "low_confidence",
    "max_upload_bytes",
    "max_pages_per_file",
    "max_image_pixels",
    "max_batch_files",
    "rule_pack",
)


def _info(row: ApiKey) -> dict[str, Any]:
    return {
        "id": row.id,
        "name": row.name,
        "role": row.role,
        "station": row.station,
        "prefix": row.prefix,
        "created_at": aware(row.created_at),
        "revoked": row.revoked_at is not None,
    }


def _audit(session: DB, who: Principal, action: str, target: str, **detail: Any) -> None:
    audit(session, who, action, target, detail)


@router.post(
    "/keys",
    status_code=201,
    response_model=KeyCreated,
    summary="Create an API key",
    description="The key is in this answer only; it is stored as a hash.",
    responses=responses(401, 403, 422),
    openapi_extra=DOC,
)
def make_key(body: KeyCreate, session: DB, who: Admin) -> KeyCreated:
    try:
        row, plain = create_key(session, role=body.role, name=body.name, station=body.station)
    except ValueError as exc:
        raise ApiError(422, "invalid_request", str(exc)) from exc
    _audit(session, who, "key.create", str(row.id), role=row.role)
    return KeyCreated(**_info(row), key=plain)


@router.get(
    "/keys",
    response_model=list[KeyInfo],
    summary="List API keys",
    responses=responses(401, 403),
    openapi_extra=DOC,
)
def list_keys(session: DB, _who: Admin) -> list[KeyInfo]:
    return [KeyInfo(**_info(r)) for r in session.scalars(select(ApiKey).order_by(ApiKey.id))]


@router.delete(
    "/keys/{key_id}",
    status_code=204,
    response_class=Response,
    summary="Revoke an API key",
    responses=responses(401, 403, 404, 422),
    openapi_extra=DOC,
)
def delete_key(key_id: IntId, session: DB, who: Admin) -> Response:
    if not revoke_key(session, key_id):
        raise ApiError(404, "not_found", f"No key {key_id}.")
    _audit(session, who, "key.revoke", str(key_id))
    return Response(status_code=204)


@router.post(
    "/webhooks",
    status_code=201,
    response_model=WebhookOut,
    summary="Add a webhook for approvals",
    description="The signing secret is in this answer only (generated unless given).",
    responses=responses(401, 403, 422),
    openapi_extra=DOC,
)
def add_webhook(body: WebhookCreate, session: DB, who: Admin) -> WebhookOut:
    row = Webhook(url=body.url, secret=body.secret or secrets.token_urlsafe(32), active=True)
    session.add(row)
    session.flush()
    _audit(session, who, "webhook.create", str(row.id), url=body.url)
    return WebhookOut(
        id=row.id, url=row.url, active=True, created_at=aware(row.created_at), secret=row.secret
    )


@router.get(
    "/webhooks",
    response_model=list[WebhookOut],
    summary="List webhooks",
    responses=responses(401, 403),
    openapi_extra=DOC,
)
def list_webhooks(session: DB, _who: Admin) -> list[WebhookOut]:
    rows = session.scalars(select(Webhook).order_by(Webhook.id))
    return [WebhookOut(id=r.id, url=r.url, active=r.active, created_at=aware(r.created_at)) for r in rows]


@router.delete(
    "/webhooks/{webhook_id}",
    status_code=204,
    response_class=Response,
    summary="Remove a webhook",
    responses=responses(401, 403, 404, 422),
    openapi_extra=DOC,
)
def delete_webhook(webhook_id: IntId, session: DB, who: Admin) -> Response:
    row = session.get(Webhook, webhook_id)
    if row is None:
        raise ApiError(404, "not_found", f"No webhook {webhook_id}.")
    row.active = False
    _audit(session, who, "webhook.delete", str(webhook_id))
    return Response(status_code=204)


@router.get(
    "/settings",
    response_model=dict[str, Any],
    summary="Effective processing settings (read-only)",
    responses=responses(401, 403),
    openapi_extra=DOC,
)
def show_settings(settings: AppSettings, _who: Admin) -> dict[str, Any]:
    return {k: getattr(settings, k) for k in _VISIBLE_SETTINGS if hasattr(settings, k)}


@router.get(
    "/rule-packs",
    response_model=list[RulePackOut],
    summary="The validation rule packs in use",
    responses=responses(401, 403),
    openapi_extra=DOC,
)
def rule_packs(_who: Admin) -> list[RulePackOut]:
    from validate.packs import default_packs

    return [
        RulePackOut(
            name=p.name,
            description=p.description,
            applies_to=list(p.applies_to),
            extends=p.extends,
            parameters=p.parameters.model_dump(mode="json"),
        )
        for p in default_packs().values()
    ]
