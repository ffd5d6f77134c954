"""The HTTP service: scanning stations upload, reviewers and integrations read records.

``create_app(settings)`` builds the FastAPI application; it never imports OCR
code. Uploaded files become blobs and source-file rows first; processing is
queued after the commit (in-process on the embedded default, Celery workers in
production). Every answer that is not a success has the shape
``{"code", "message", "details"?}``; no stack trace ever reaches a caller.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI

from api import errors
from api.masking import install_log_masking
from api.requestlog import RequestContext
from api.routes import admin, batches, export, filings, health, me, metrics, station_ui, triage
from api.routes import ui as review_ui
from api.uploads import BodyLimit
from api.webhooks import WebhookSender
from kernel.settings import Settings
from store import access  # noqa: F401 - registers the API tables and indexes on the metadata

DESCRIPTION = """
Filing records for 异地就医备案 (medical treatment in a different place): upload scanned
packets, follow their processing, review extracted fields, seals and validation issues,
and export approved filings.

**Authentication.** Every `/v1` call needs an API key: `Authorization: Bearer <key>` (or
`X-API-Key: <key>`). Keys have one role — `station`, `reviewer`, `integration` or `admin` —
and each operation lists the roles it admits under `x-roles`; other keys get 403.
Keys are created with `filingdesk keys create --role …` or `POST /v1/keys`.

**Errors.** Every error is `{"code": "...", "message": "...", "details": ...}` with a stable `code`.

**Concurrency.** `GET /v1/filings/{id}` returns `ETag: "<version>"`; changes need
`If-Match: "<version>"` (428 without, 412 when stale).

**Webhooks.** On approval, each webhook gets a POST with `X-Filingdesk-Signature:
sha256=HMAC_SHA256(secret, "<X-Filingdesk-Timestamp>.<body>")`; retried with backoff.
"""


def create_app(settings: Settings, *, celery_app: Any = None, webhook_sender: bool = True) -> FastAPI:
    """The application, with its settings (and Celery app) stored on ``app.state``.

    ``webhook_sender=False`` leaves webhook delivery to explicit ``deliver_due`` calls (tests).
    """
    install_log_masking()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        sender = WebhookSender(settings) if webhook_sender else None
        if sender is not None:
            sender.start()
            app.state.webhook_sender = sender
        try:
            yield
        finally:
            if sender is not None:
                sender.stop()

    app = FastAPI(title="filingdesk", version="1.0.0", description=DESCRIPTION, lifespan=lifespan)
    app.state.settings = settings
    if celery_app is None:
        from taskqueue.app import make_celery

        celery_app = make_celery(settings)
    app.state.celery = celery_app
    app.include_router(health.router)
    app.include_router(metrics.router)
    app.include_router(batches.router)
    app.include_router(filings.router)
    app.include_router(triage.router)
    app.include_router(export.router)
    app.include_router(admin.router)
    app.include_router(review_ui.router)
    app.include_router(me.router)
    app.include_router(station_ui.router)
    errors.install(app)
    app.add_middleware(BodyLimit, limit_bytes=settings.max_batch_bytes, paths=("/v1/batches",))
    app.add_middleware(RequestContext)  # outermost: every answer, even a refused body, carries its id
    return app
