"""Task leases: one holder per running task, renewed while it reads, fenced on every write.

A worker that starts a task claims it with one conditional UPDATE (the row is
``queued``, or ``running`` under a lease that expired), which gives it a new
``lease_token``. Two deliveries of one task (a broker redelivery after its
visibility timeout, a Redis restart, the reaper) can therefore never both run
it: the loser sees ``LeaseHeld`` and drops its copy; the reaper
(``taskqueue.reaper``) sends the task again if the holder stops renewing.

Every write the task makes (a page checkpoint, the file's outcome, the
filings) starts with ``fence``: an UPDATE of the task row that matches only the
holder's token and renews the lease. It runs in the same transaction as the
write, and on PostgreSQL it locks the task row until commit, so a worker that
was frozen past its lease and resumes has its write refused (``LeaseLost``)
instead of overwriting the newer holder's result.

Clocks: expiry times come from the workers' clocks (UTC); keep them in sync
(NTP) to well within the lease.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import and_, case, or_, update
from sqlalchemy.orm import Session

from kernel.settings import Settings
from store.db import session_scope
from store.models import Task

log = logging.getLogger(__name__)
_FINAL = ("done", "dead")
_held_here: set[int] = set()  # task ids this process is running now
_held_lock = threading.Lock()


class LeaseHeld(Exception):
    """Another live worker holds the task: this delivery is a duplicate and is dropped."""


class LeaseLost(Exception):
    """This worker's lease was taken over (it was frozen or cut off too long); stop, write nothing."""


@dataclass(frozen=True)
class Lease:
    task_id: int
    token: int
    owner: str
    seconds: int


def worker_id() -> str:
    """``host:pid`` of this process: who holds a lease, as ``filingdesk status`` shows it."""
    return f"{socket.gethostname()}:{os.getpid()}"


def claimable(now: datetime, owner: str) -> object:
    """The SQL condition under which a not-final task row may be claimed by ``owner`` now.

    A running task's lease must have expired, or be this very process's from a
    run that is over (a retry, or a task body that died in-process).
    """
    with _held_lock:
        mine_idle = and_(Task.lease_owner == owner, Task.id.not_in(sorted(_held_here) or [-1]))
    return or_(
        Task.state != "running",
        Task.lease_expires_at.is_(None),
        Task.lease_expires_at < now,
        mine_idle,
    )


def claim(session: Session, settings: Settings, row: Task, now: datetime | None = None) -> Lease:
    """Take the lease on ``row`` or raise ``LeaseHeld``; counts a start and a lost lease taken over."""
    now = now or datetime.now(UTC)
    owner = worker_id()
    taken_over = and_(Task.state == "running", Task.lease_owner.is_not(None), Task.lease_owner != owner)
    result = session.execute(
        update(Task)
        .where(Task.id == row.id, Task.state.not_in(_FINAL), claimable(now, owner))  # type: ignore[arg-type]
        .values(
            state="running",
            started_at=now,
            attempts=Task.attempts + 1,
            leases_lost=Task.leases_lost + case((taken_over, 1), else_=0),
            lease_owner=owner,
            lease_expires_at=now + timedelta(seconds=settings.task_lease_seconds),
            lease_token=Task.lease_token + 1,
        )
        .execution_options(synchronize_session=False)
    )
    session.refresh(row)
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise LeaseHeld(f"task {row.id} is held by {row.lease_owner} until {row.lease_expires_at}")
    return Lease(row.id, row.lease_token, owner, settings.task_lease_seconds)


def fence(session: Session, lease: Lease, now: datetime | None = None) -> None:
    """Renew ``lease`` in this transaction, or raise ``LeaseLost`` if it is no longer the holder's."""
    now = now or datetime.now(UTC)
    result = session.execute(
        update(Task)
        .where(Task.id == lease.task_id, Task.lease_token == lease.token, Task.state == "running")
        .values(lease_expires_at=now + timedelta(seconds=lease.seconds))
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise LeaseLost(f"task {lease.task_id}: lease {lease.token} was taken over by a newer holder")


def release(session: Session, lease: Lease) -> None:
    """Give the lease back (a retry waits in the broker): the task is ``queued`` again."""
    session.execute(
        update(Task)
        .where(Task.id == lease.task_id, Task.lease_token == lease.token, Task.state == "running")
        .values(state="queued", lease_owner=None, lease_expires_at=None)
        .execution_options(synchronize_session=False)
    )


@contextmanager
def held(settings: Settings, lease: Lease) -> Iterator[threading.Event]:
    """Renew ``lease`` from a thread every third of it while the block runs (a long page).

    The yielded event is set when a renewal found the lease taken over; the next
    fenced write then raises ``LeaseLost``.
    """
    stop, lost = threading.Event(), threading.Event()

    def beat() -> None:
        while not stop.wait(max(1.0, lease.seconds / 3)):
            try:
                with session_scope(settings) as session:
                    fence(session, lease)
            except LeaseLost:
                log.warning("task %s: lease lost to another worker", lease.task_id)
                lost.set()
                return
            except Exception as exc:  # the database is briefly away: try again next beat
                log.warning("task %s: could not renew the lease: %s", lease.task_id, exc)

    with _held_lock:
        _held_here.add(lease.task_id)
    thread = threading.Thread(target=beat, name=f"filingdesk-lease-{lease.task_id}", daemon=True)
    thread.start()
    try:
        yield lost
    finally:
        stop.set()
        thread.join(5)
        with _held_lock:
            _held_here.discard(lease.task_id)
