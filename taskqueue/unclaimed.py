"""Messages a worker took from Redis but died before starting: back to the queue, not in an hour.

A worker takes a message (Redis moves it to its ``unacked`` hash) and the task
claims its lease a few milliseconds later. A worker killed between the two
leaves a ``queued`` row with nobody's lease on it, so the lease reaper cannot
see it, and Redis hands the message out again only after the visibility
timeout (an hour by default). This sweep, run by the reaper, puts back such a
message once it has been taken longer than a lease ago while its row is still
``queued``: a live worker claims within milliseconds of taking a message, so
that long unclaimed means its taker is gone.

Left alone: a retry waiting for its countdown (held on purpose, it has an
``eta``), a row someone holds or finished, and a delivery older than the row's
latest send (the reaper already sent that task again; see ``_waits_for``). Putting back a message
twice at worst delivers a task twice, which leases make harmless.
"""

from __future__ import annotations

import base64
import json
import logging
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from kernel.settings import Settings
from store.db import session_scope
from store.models import Task
from store.repository import aware
from taskqueue.app import REDIS_SCHEMES

log = logging.getLogger(__name__)


def restore_unclaimed(settings: Settings, app: Any, now: datetime | None = None) -> int:
    """Put back the taken-but-never-started messages of dead workers; returns how many."""
    if not settings.broker_url.startswith(REDIS_SCHEMES):
        return 0  # the embedded broker keeps taken messages in the worker's memory only
    now = now or datetime.now(UTC)
    ceiling = now.timestamp() - settings.task_lease_seconds
    restored = 0
    with app.connection_for_write() as connection:
        channel = connection.default_channel
        client = channel.client
        taken = client.zrangebyscore(channel.unacked_index_key, 0, ceiling, withscores=True)
        for tag, taken_at in taken:
            raw = client.hget(channel.unacked_key, tag)
            task_id = _unstarted_task_row(raw, now) if raw else None
            if task_id is None or not _waits_for(settings, task_id, taken_at):
                continue
            channel.qos.restore_by_tag(tag, leftmost=True)
            restored += 1
    if restored:
        log.warning("put back %d task message(s) taken by a worker that died before starting them", restored)
    return restored


def _unstarted_task_row(raw: bytes | str, now: datetime) -> int | None:
    """The ``task`` row id a taken message runs, unless it is a retry waiting for its eta."""
    try:
        message, _exchange, _routing_key = json.loads(raw)
        headers = message.get("headers") or {}
        eta = headers.get("eta")
        if eta and datetime.fromisoformat(eta).astimezone(UTC) > now:
            return None
        body = message["body"]
        if message.get("properties", {}).get("body_encoding") == "base64":
            body = base64.b64decode(body)
        _args, kwargs, _embed = json.loads(body)
        task_id = kwargs.get("task_id")
        return int(task_id) if task_id is not None else None
    except (ValueError, KeyError, TypeError):  # not one of ours, or another protocol: leave it
        return None


def _waits_for(settings: Settings, task_id: int, taken_at: float) -> bool:
    """Whether the row is still queued for exactly this delivery.

    Its send was marked around when it was taken (the mark is written just
    after the send, so a few seconds' slack); a row the reaper sent again was
    marked at least a lease after the dead taker took the old message.
    """
    with session_scope(settings) as session:
        row = session.execute(select(Task.state, Task.sent_at).where(Task.id == task_id)).one_or_none()
    if row is None or row.state != "queued" or row.sent_at is None:
        return False
    return aware(row.sent_at).timestamp() <= taken_at + settings.task_lease_seconds / 3
