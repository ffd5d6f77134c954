"""Request ids and one log line per request: what ``X-Request-ID`` a caller can quote to an operator.

A caller's ``X-Request-ID`` (letters, digits, ``.-_:``, at most 100) is kept,
anything else is replaced by a fresh one; the answer always carries it back.
The request's log context (``kernel.logcontext``) holds the id from the first
line on; the auth dependency adds role and station, and the closing line adds
the route's ids (filing, batch, document), status and ``duration_ms``.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kernel import logcontext

log = logging.getLogger("api.access")
HEADER = "x-request-id"
_VALID = re.compile(r"^[A-Za-z0-9._:-]{1,100}$")
_ROUTE_IDS = {"filing_id": "filing_id", "batch_id": "batch_id", "document_id": "document_id"}


class RequestContext:
    """Pure ASGI middleware (no body buffering): the id in and out, the closing access line."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _incoming(scope) or uuid.uuid4().hex
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                message["headers"] = [*message.get("headers", []), (HEADER.encode(), request_id.encode())]
            await send(message)

        with logcontext.opened(request_id=request_id) as context:
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                params: dict[str, Any] = scope.get("path_params") or {}
                context.update({name: params[key] for key, name in _ROUTE_IDS.items() if key in params})
                duration_ms = round((time.perf_counter() - started) * 1000, 1)
                log.info(
                    "%s %s %s %.1f ms",
                    scope.get("method", ""),
                    scope.get("path", ""),
                    status,
                    duration_ms,
                    extra={"status": status, "duration_ms": duration_ms, "method": scope.get("method")},
                )


def _incoming(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == HEADER.encode():
            text = value.decode("latin-1")
            return text if _VALID.match(text) else None
    return None
