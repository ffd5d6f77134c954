"""One error shape for every failure: ``{"code", "message", "details"?}``, never a stack trace.

Integrators branch on ``code`` (stable, English, snake_case); ``message`` is
for people. Unexpected exceptions are logged with their trace on the server
and answered with ``internal_error`` and a reference to find the log line.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from python_multipart.exceptions import MultipartParseError
from python_multipart.multipart import DEFAULT_MAX_HEADER_SIZE
from sqlalchemy.orm.exc import StaleDataError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from store.repository import StaleFiling

log = logging.getLogger("api")


class ApiError(Exception):
    """An answer other than success, raised anywhere below a route."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: Any = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details
        self.headers = headers


class ErrorBody(BaseModel):
    """Every error response of the API."""

    code: str = Field(description="Stable machine-readable code.", examples=["conflict"])
    message: str = Field(
        description="Explanation for people.",
        examples=["The filing was changed by another reviewer; reload it and apply your change again."],
    )
    details: Any = Field(default=None, description="Per-field or per-file specifics, when there are any.")


_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    410: "gone",
    412: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    428: "precondition_required",
}


def error_response(
    status: int, code: str, message: str, details: Any = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    body: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        body["details"] = details
    return JSONResponse(status_code=status, content=body, headers=headers)


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error statuses an operation can answer."""
    described = {
        400: "Malformed request.",
        401: "Missing or unknown API key.",
        403: "The key's role may not call this operation.",
        404: "No such record.",
        409: "The record's state does not allow this.",
        410: "Deleted after the retention period (图像已按保存期限删除).",
        412: "If-Match names an old version: someone else changed the record.",
        413: "Upload too large or too many files.",
        415: "No file of a supported type.",
        422: "The request does not validate.",
        428: "If-Match is required.",
    }
    out: dict[int | str, dict[str, Any]] = {
        s: {"model": ErrorBody, "description": described.get(s, "Error.")} for s in statuses
    }
    out[500] = {"model": ErrorBody, "description": "Unexpected failure (logged; no internals are shown)."}
    return out


def install(app: FastAPI) -> None:
    """Register the handlers that turn every failure into ``ErrorBody``."""

    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.details, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if _multipart_header_too_large(exc):
            return error_response(
                400,
                "part_header_too_large",
                f"A part of the upload has headers over {MULTIPART_HEADER_BYTES} bytes; most often a file "
                "name that long. File names may have at most 255 characters.",
            )
        code = _STATUS_CODES.get(exc.status_code, "error")
        message = exc.detail if isinstance(exc.detail, str) else code
        return error_response(exc.status_code, code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(StaleDataError)
    @app.exception_handler(StaleFiling)
    async def lost_race(_request: Request, _exc: Exception) -> JSONResponse:
        # Two reviewers sent the same If-Match at once: both passed the version check, the
        # database let one UPDATE ... WHERE version = n through and the other matched no row.
        # Wherever that surfaces (a flush mid-operation or the commit), the loser gets 412.
        return error_response(
            412,
            "conflict",
            "The filing was changed by another reviewer at the same moment; reload it and try again.",
        )

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
            for e in exc.errors()
        ]
        return error_response(422, "invalid_request", "The request is not valid.", details)

    app.add_middleware(CatchAll)


MULTIPART_HEADER_BYTES = DEFAULT_MAX_HEADER_SIZE


def _multipart_header_too_large(exc: BaseException) -> bool:
    """Whether the multipart parser gave up on an over-long part header (a huge file name).

    Starlette answers that with a bare "Invalid multipart data."; the parser's own
    exception, further down the chain, says which limit it was.
    """
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, MultipartParseError) and "header size" in str(cause):
            return True
        cause = cause.__cause__ or cause.__context__
    return False


class CatchAll:
    """Last line: an unexpected exception is logged and answered as ``internal_error`` (no trace shown)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            ref = secrets.token_hex(6)
            log.exception("internal error ref=%s on %s %s", ref, scope.get("method"), scope.get("path"))
            if started:
                raise
            response = error_response(
                500, "internal_error", f"Something went wrong on our side (reference {ref}).", {"ref": ref}
            )
            await response(scope, receive, send)
