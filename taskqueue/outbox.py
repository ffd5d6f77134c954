"""Sending tasks after commit, and never losing one that could not be sent.

A task row is committed first and its message sent after (a worker must never
look for rows that do not exist yet). Between the two the broker may be away
(Redis restarting) or the sender may die (a worker killed right after a file's
last page): the row is then ``queued`` with nothing in the broker to run it.
So the row carries ``sent_at``, set once the broker took the message; a
queued row still without it some seconds after it was committed is sent by
the reaper (``send_unsent``), which every worker and ``serve`` run. A failed
send is logged, never raised: the commit it follows already stood.

Sending twice is harmless (a task's lease and its final state make a second
delivery a no-op), so the mark is written after the send, not before.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from celery import Task as CeleryTask
from kombu.exceptions import KombuError
from sqlalchemy import event, select, update
from sqlalchemy.exc import DisconnectionError, OperationalError
from sqlalchemy.orm import Session

from kernel.settings import Settings
from store.db import session_scope
from store.models import Task
from store.repository import aware

log = logging.getLogger(__name__)
_PENDING_KEY = "filingdesk_after_commit"
# How long a committed row may wait for its sender before the reaper sends it: longer
# than a big batch's sends take (hundreds of messages after one commit).
UNSENT_GRACE = timedelta(seconds=10)
# Broker retries for one send: a Redis blip is ridden out, an outage left to the reaper.
RETRY_POLICY = {"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5, "interval_max": 1.0}

Pending = list[tuple[CeleryTask, tuple[Any, ...], dict[str, Any]]]


def enqueue_after_commit(session: Session, task: CeleryTask, *args: Any, **kwargs: Any) -> None:
    """Send ``task`` once ``session`` commits; on rollback the send is dropped.

    In embedded (eager) mode the task runs right after the commit, in this
    process, on its own session. A ``task_id`` keyword names the ``task`` row
    that is marked sent.
    """
    pending: Pending | None = session.info.get(_PENDING_KEY)
    if pending is None:
        pending = session.info[_PENDING_KEY] = []
        event.listen(session, "after_commit", _send_pending)
        event.listen(session, "after_soft_rollback", _drop_pending)
    pending.append((task, args, kwargs))


def send(task: CeleryTask, args: tuple[Any, ...], kwargs: dict[str, Any]) -> bool:
    """Hand one message to the broker; ``False`` (logged) when it cannot be reached."""
    try:
        task.apply_async(args=args, kwargs=kwargs, retry=True, retry_policy=RETRY_POLICY)
    except (KombuError, OSError) as exc:  # kombu reports a broker it could not reach as its own error
        log.warning("%s %s: not sent (%s); the reaper sends it when the broker is back", task.name, args, exc)
        return False
    return True


def _send_pending(session: Session) -> None:
    pending: Pending = session.info.get(_PENDING_KEY) or []
    session.info[_PENDING_KEY] = []
    sent = [kw["task_id"] for task, args, kw in pending if send(task, args, kw) and "task_id" in kw]
    if sent:
        mark_sent(session.get_bind(), sent)


def mark_sent(bind: Any, task_ids: list[int]) -> None:
    """Record that these rows' messages reached the broker (best effort: a miss means one resend)."""
    try:
        with Session(bind=bind) as marker, marker.begin():
            marker.execute(
                update(Task)
                .where(Task.id.in_(task_ids), Task.sent_at.is_(None))
                .values(sent_at=datetime.now(UTC))
                .execution_options(synchronize_session=False)
            )
    except Exception as exc:  # the database went away just now: the reaper sends them once more
        log.warning("tasks %s: sent, but the mark was not written (%s)", task_ids, exc)


def mark_unsent(settings: Settings, task_id: int) -> None:
    """Clear a queued row's mark after its send failed where no after-commit hook could see it (a
    retry's own send), so the reaper sends it; a database that is away too is logged."""
    try:
        with session_scope(settings) as session:
            session.execute(
                update(Task).where(Task.id == task_id, Task.state == "queued").values(sent_at=None)
            )
    except (OperationalError, DisconnectionError):  # the database is away too
        log.error("task %s: neither sent nor marked unsent; `filingdesk requeue` sends it", task_id)


def _drop_pending(session: Session, previous_transaction: Any) -> None:
    if previous_transaction.parent is None:  # the outermost transaction rolled back
        session.info[_PENDING_KEY] = []


def send_unsent(settings: Settings, app: Any, names: Mapping[str, str], now: datetime | None = None) -> int:
    """Send every ``queued`` row committed over ``UNSENT_GRACE`` ago whose message never went out.

    Each row is taken with a conditional UPDATE of its mark, so of several
    reapers exactly one sends it; if the broker is still away the mark is
    cleared again for the next round. Returns how many were sent.
    """
    now = now or datetime.now(UTC)
    unsent = (Task.state == "queued") & Task.sent_at.is_(None) & Task.kind.in_(names)
    with session_scope(settings) as session:
        rows = session.execute(
            select(Task.id, Task.kind, Task.ref_id, Task.created_at).where(unsent).order_by(Task.id)
        ).all()
    count = 0
    for task_id, kind, ref_id, created_at in rows:
        if aware(created_at) > now - UNSENT_GRACE:
            continue  # its sender may still be sending
        with session_scope(settings) as session:
            won = session.execute(
                update(Task)
                .where(Task.id == task_id, unsent)
                .values(sent_at=now)
                .execution_options(synchronize_session=False)
            )
            if won.rowcount != 1:  # type: ignore[attr-defined]
                continue
        if send(app.tasks[names[kind]], (int(ref_id),), {"task_id": task_id}):
            count += 1
            continue
        with session_scope(settings) as session:  # still away: leave it for the next round
            session.execute(update(Task).where(Task.id == task_id).values(sent_at=None))
        break  # the broker is down for all of them
    if count:
        log.warning("sent %d task(s) whose message had not reached the broker", count)
    return count
