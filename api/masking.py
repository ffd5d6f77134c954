"""ID numbers never reach a log line in full; API listings show them masked too.

A 公民身份号码 identifies a person for life, so logs (which travel to other
systems and people) keep only the region prefix and the last four characters.
The mask is applied by a log-record factory, so it covers every logger in the
process — uvicorn's access log and library warnings included — not only ours.
"""

from __future__ import annotations

import logging
import re
from typing import Any

# Bounded by digits only: "…8973abc" in a query string is an ID followed by letters, still masked.
_ID_NUMBER = re.compile(r"(?<![0-9])([1-9][0-9]{5})[0-9]{8}([0-9]{3}[0-9Xx])(?![0-9])")
_installed = False
_FORMATTER = logging.Formatter()


def mask_id_number(value: str | None) -> str | None:
    """``140105198803150012`` → ``140105********0012``; short or odd values are masked whole."""
    if value is None:
        return None
    if len(value) == 18:
        return f"{value[:6]}{'*' * 8}{value[-4:]}"
    return "*" * len(value)


def mask_text(text: str) -> str:
    """Every ID number inside free text, masked."""
    return _ID_NUMBER.sub(lambda m: f"{m.group(1)}{'*' * 8}{m.group(2)[-4:]}", text)


def install_log_masking() -> None:
    """Wrap the process's log-record factory once so each record's message is masked."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        try:
            message = record.getMessage()
        except Exception:  # a malformed log call stays as logging would show it
            return record
        if mask_text(message) != message:
            _mask_record(record, message)
        if record.exc_info and not record.exc_text:  # exception messages and tracebacks carry values too
            record.exc_text = mask_text(_FORMATTER.formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info)
        return record

    logging.setLogRecordFactory(factory)
    _installed = True


def _mask_record(record: logging.LogRecord, message: str) -> None:
    """Mask the template and each argument in place, keeping ``args`` a tuple.

    Formatters may read the arguments themselves (uvicorn's access formatter
    unpacks ``(client, method, path, version, status)``), so they are masked one
    by one rather than dropped. Only when an ID still shows through (a number
    argument, say) does the record fall back to its masked text with no arguments.
    """
    record.msg = mask_text(record.msg) if isinstance(record.msg, str) else record.msg
    if isinstance(record.args, tuple):
        record.args = tuple(mask_text(a) if isinstance(a, str) else a for a in record.args)
    elif isinstance(record.args, dict):
        record.args = {k: mask_text(v) if isinstance(v, str) else v for k, v in record.args.items()}
    try:
        leaked = mask_text(record.getMessage()) != record.getMessage()
    except Exception:
        leaked = True
    if leaked:
        record.msg, record.args = mask_text(message), ()
