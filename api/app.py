"""The HTTP service: scanning stations upload, reviewers and integrations read records.

``create_app(settings)`` builds the FastAPI application; it never imports OCR
code. Uploaded files become blobs and source-file rows first; processing is
queued after the commit (in-process threads on the embedded default, Celery
workers in production).
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from api.routes import health
from filingdesk.settings import Settings


def create_app(settings: Settings) -> FastAPI:
    """The application, with its settings stored on ``app.state``."""
    app = FastAPI(
        title="filingdesk",
        version="0.1.0",
        description=(
            "Filing records for 异地就医备案 (medical treatment in a different place): upload scanned "
            "packets, follow their processing, read extracted fields, seals and validation issues."
        ),
    )
    app.state.settings = settings
    app.include_router(health.router)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(
            status_code=422,
            content={
                "code": "invalid_request",
                "message": "The request is not valid.",
                "details": exc.errors(),
            },
        )

    return app
