"""The per-request upload cap, enforced while the bytes arrive, not after a 4 GB body is taken in.

The cap is ``max_batch_bytes`` (all files of one request); each file is then
held to ``max_upload_bytes`` on its own by the intake checks, so three 0.9 MB
scans pass a 1 MB per-file limit, as the README promises.

A declared ``Content-Length`` over the limit is refused before the body is
read; a chunked body is counted as it streams and cut off at the limit. The
multipart parser spools each file to a temporary file on disk past 1 MB, so
memory stays flat whatever the upload size.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import ApiError, error_response

MULTIPART_OVERHEAD = 1 << 20  # part headers and form fields around the files


class BodyLimit:
    """Pure ASGI middleware: cap request bodies of ``paths`` at ``limit_bytes`` (413 beyond)."""

    def __init__(self, app: ASGIApp, *, limit_bytes: int, paths: tuple[str, ...]) -> None:
        self.app, self.limit, self.paths = app, limit_bytes + MULTIPART_OVERHEAD, paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") not in self.paths:
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            response = error_response(413, "too_large", self._message())
            await response(scope, receive, send)
            return
        seen, exceeded = 0, False

        async def counting_receive() -> Message:
            nonlocal seen, exceeded
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    exceeded = True
                    raise ApiError(413, "too_large", self._message())
            return message

        async def guarded_send(message: Message) -> None:
            if not exceeded:  # once over the limit, whatever the parser made of the cut body is dropped
                await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not exceeded:
                raise
        if exceeded:
            await error_response(413, "too_large", self._message())(scope, receive, send)

    def _message(self) -> str:
        return f"The request is larger than the limit of {self.limit - MULTIPART_OVERHEAD} bytes per upload."
