"""The reaper: sends again the tasks whose holder stopped renewing its lease.

Every worker runs one in a thread (``filingdesk serve`` too), looking every
sixth of the lease. In the same round it sends the queued tasks whose message
never reached the broker (``taskqueue.outbox``: the broker was away at commit,
or the sender died between its commit and its send), and puts back in the
queue the Redis messages a dead worker took but never started
(``taskqueue.unclaimed``). Any number may run at once: a task is taken back with a
conditional UPDATE that matches only while its lease is still the expired one,
so exactly one reaper wins it and sends it once. The resent task starts at
the first page nobody checkpointed. A task whose holders were lost
``task_max_lost_leases`` times (it kills whoever reads it) is dead-lettered
with that reason instead, and the rest of its batch goes on.

The reaper is also the service's clock for retention: on its first round and
then every ``retention_check_minutes`` it runs ``store.retention.purge``, so
page images past their retention period go without a cron job or Celery beat
(``serve`` in the embedded mode runs a worker, hence a reaper, too). Purges of
several workers at once are safe: each upload is claimed by one of them.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import or_, select, update

from kernel.settings import Settings
from store.db import session_scope
from store.models import Task
from store.retention import purge
from taskqueue import steps
from taskqueue.outbox import enqueue_after_commit, send_unsent
from taskqueue.tasks import ASSEMBLE_BATCH, PROCESS_FILE, REREAD_DOCUMENT, enqueue_assemble_batch
from taskqueue.unclaimed import restore_unclaimed

log = logging.getLogger(__name__)
TASK_NAMES = {
    "process_file": PROCESS_FILE,
    "assemble_batch": ASSEMBLE_BATCH,
    "reread_document": REREAD_DOCUMENT,
}


@dataclass
class Reaped:
    sent: int = 0
    dead: int = 0


def reap_expired(
    settings: Settings, app: Any, now: datetime | None = None, *, every_running: bool = False
) -> Reaped:
    """Send again (or dead-letter) each running task whose lease expired before ``now``.

    ``every_running`` treats every lease as expired: for a caller that knows no
    worker is alive (``serve``'s supervisor before it starts its only worker).
    """
    now = now or datetime.now(UTC)
    expired = or_(Task.lease_expires_at.is_(None), Task.lease_expires_at < now)
    condition = Task.state == "running" if every_running else (Task.state == "running") & expired
    with session_scope(settings) as session:
        candidates = session.execute(
            select(Task.id, Task.lease_token).where(condition, Task.kind.in_(TASK_NAMES)).order_by(Task.id)
        ).all()
    outcome = Reaped()
    for task_id, token in candidates:
        with session_scope(settings) as session:
            won = session.execute(
                update(Task)
                .where(Task.id == task_id, Task.lease_token == token, condition)
                .values(state="queued", lease_expires_at=None, leases_lost=Task.leases_lost + 1, sent_at=None)
                .execution_options(synchronize_session=False)
            )
            if won.rowcount != 1:  # type: ignore[attr-defined]
                continue  # another reaper, or the holder itself, got there first
            row = session.get(Task, task_id)
            if row is None:
                continue
            session.refresh(row)
            if row.leases_lost >= settings.task_max_lost_leases:
                ready = steps.dead_letter(session, row, steps.lost_leases_reason(row.leases_lost))
                if ready is not None:
                    enqueue_assemble_batch(session, app, ready)
                outcome.dead += 1
            else:
                name = TASK_NAMES[row.kind]
                enqueue_after_commit(session, app.tasks[name], int(row.ref_id), task_id=row.id)
                outcome.sent += 1
    if outcome.sent or outcome.dead:
        log.warning(
            "reaper: %d task(s) sent again and %d dead-lettered whose worker was lost",
            outcome.sent,
            outcome.dead,
        )
    return outcome


class Reaper:
    """A daemon thread running ``reap_expired`` every sixth of the lease until ``stop``."""

    def __init__(self, settings: Settings, app: Any) -> None:
        self.settings, self.app = settings, app
        self.interval = max(1.0, settings.task_lease_seconds / 6)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="filingdesk-reaper", daemon=True)
        self._next_purge = time.monotonic()  # the first round purges

    def start(self) -> Reaper:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(10)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                reap_expired(self.settings, self.app)
                send_unsent(self.settings, self.app, TASK_NAMES)
                restore_unclaimed(self.settings, self.app)
            except Exception as exc:  # database or broker briefly away: look again next round
                log.warning("reaper: %s", exc)
            self._purge_when_due()

    def _purge_when_due(self) -> None:
        if time.monotonic() < self._next_purge:
            return
        self._next_purge = time.monotonic() + self.settings.retention_check_minutes * 60
        try:
            purge(self.settings)
        except Exception as exc:  # tried again at the next check; nothing is half-marked
            log.warning("retention: %s", exc)
