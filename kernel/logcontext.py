"""What a log line is about: request id, batch, filing, station, role, carried by a context variable.

The API's request middleware opens a context per request, the auth dependency
adds the caller's role and station, a queue task adds its batch and source file;
the JSON log formatter (``filingdesk.logs``) writes whatever the current context
holds into every line logged inside it. The context is one mutable dict per
request or task, so what a dependency running in a worker thread adds is seen
by the middleware's closing line too.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

_CONTEXT: ContextVar[dict[str, Any] | None] = ContextVar("filingdesk_log_context", default=None)


def current() -> dict[str, Any]:
    """The fields of the innermost open context (empty outside any)."""
    return dict(_CONTEXT.get() or {})


def add(**fields: Any) -> None:
    """Add fields to the open context; outside any context this does nothing."""
    context = _CONTEXT.get()
    if context is not None:
        context.update({k: v for k, v in fields.items() if v is not None})


@contextmanager
def opened(**fields: Any) -> Iterator[dict[str, Any]]:
    """A context for one request or task, holding the outer one's fields plus ``fields``."""
    context = {**(_CONTEXT.get() or {}), **{k: v for k, v in fields.items() if v is not None}}
    token = _CONTEXT.set(context)
    try:
        yield context
    finally:
        _CONTEXT.reset(token)
