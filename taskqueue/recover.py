"""Sending again the tasks a dead worker took with it.

Redis keeps a taken task until it is acknowledged and hands it out again
after the visibility timeout. The embedded SQLite broker (kombu's virtual
transport) keeps taken tasks only in the worker's memory, so when the single
embedded worker dies they exist only as ``running`` rows in the ``task`` table.
Every worker's reaper (``taskqueue.reaper``) sends those again once their lease
expires; ``serve``'s supervisor, which knows its one worker is dead, calls
``requeue_running`` before it starts the next one, without waiting for that.
Sending a task twice is harmless: tasks are idempotent on redelivery.

A task row that committed but whose message never reached the broker (the
publish failed after commit) is sent by the reaper too (``taskqueue.outbox``).
``requeue_stale`` is for what no process can see: a Redis without persistence
that lost its queue. ``filingdesk requeue`` (by hand, when ``filingdesk status``
shows old queued tasks) sends every such row again.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select

from kernel.settings import Settings
from store.db import session_scope
from store.models import Task
from store.repository import aware
from taskqueue.outbox import enqueue_after_commit
from taskqueue.reaper import TASK_NAMES, reap_expired

log = logging.getLogger(__name__)


def requeue_running(settings: Settings, app: Any) -> int:
    """Send every task the database says is running again; call only when no worker is alive.

    The same conditional take-back as the reaper's (each counts as a lost lease),
    without waiting for the leases to run out.
    """
    return reap_expired(settings, app, every_running=True).sent


def requeue_stale(settings: Settings, app: Any, older_than: timedelta, now: datetime | None = None) -> int:
    """Send again every task still ``queued`` after ``older_than``; returns how many were sent."""
    cutoff = (now or datetime.now(UTC)) - older_than
    with session_scope(settings) as session:
        rows = session.scalars(select(Task).where(Task.state == "queued").order_by(Task.id)).all()
        stale = [r for r in rows if aware(r.created_at) <= cutoff and r.kind in TASK_NAMES]
        for row in stale:
            enqueue_after_commit(session, app.tasks[TASK_NAMES[row.kind]], int(row.ref_id), task_id=row.id)
    if stale:
        log.warning("sent %d queued task(s) again whose message was lost", len(stale))
    return len(stale)
