"""One logging setup for every process (`serve`, `worker`, the CLI): plain lines or JSON lines.

``FILINGDESK_LOG_FORMAT=console`` (the default) writes lines for a person;
``json`` writes one JSON object a line for a log shipper (Loki, Elasticsearch,
journald), with the context of the line (``kernel.logcontext``: request id,
batch, filing, station, role) and any ``extra`` fields such as ``duration_ms``.
ID numbers never reach either format in full: the record factory of
``api.masking`` masks messages, arguments and tracebacks, and the JSON line is
masked once more as a whole, since a context value could hold one too.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import IO, Any

from api.masking import install_log_masking, mask_text
from kernel import logcontext
from kernel.settings import Settings

CONSOLE_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
# Attributes every LogRecord has: whatever else a record carries came in through ``extra=``.
# uvicorn's ``color_message`` is the same text with terminal colours: not for a log shipper.
_STANDARD = frozenset(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {
    "message",
    "asctime",
    "color_message",
}
_HANDLER_NAME = "filingdesk"


class JsonFormatter(logging.Formatter):
    """A record as one line of JSON: time, level, logger, message, context, extras, exception."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            **logcontext.current(),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exc"] = record.exc_text or self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = record.stack_info
        return mask_text(json.dumps(line, ensure_ascii=False, default=str))


def setup_logging(
    settings: Settings, *, level: int | str = logging.INFO, stream: IO[str] | None = None
) -> None:
    """Configure the root logger once for this process (a second call replaces the first's handler)."""
    install_log_masking()
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.set_name(_HANDLER_NAME)
    if settings.log_format == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter(CONSOLE_FORMAT))
    root = logging.getLogger()
    for old in [h for h in root.handlers if h.get_name() == _HANDLER_NAME]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    logging.captureWarnings(True)  # library warnings become records too, in the same format
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "celery"):
        named = logging.getLogger(name)  # their records go to the root handler, formatted alike
        named.handlers.clear()
        named.propagate = True


def keep_for_celery() -> None:
    """Tell Celery's worker to leave the logging set up here alone (it would replace the root
    handler with its own plain format): Celery skips its setup when anyone handles this signal."""
    from celery.signals import setup_logging as celery_setup_logging

    celery_setup_logging.connect(_leave_alone, weak=False)


def _leave_alone(**_: Any) -> None:
    return None
