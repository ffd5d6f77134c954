"""Leases, fencing and the reaper on both databases (embedded SQLite and PostgreSQL), in-process.

The clock is passed in (``now``) instead of waiting for leases to run out;
the broker is a recorder of what the reaper sends.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from kernel.settings import Settings
from store.db import session_scope
from store.migrate import upgrade
from store.models import Batch, SourceFile, Task
from taskqueue.lease import Lease, LeaseHeld, LeaseLost, claim, fence
from taskqueue.outbox import enqueue_after_commit
from taskqueue.reaper import reap_expired
from taskqueue.tasks import ASSEMBLE_BATCH, PROCESS_FILE


class Recorder:
    """Stands in for a Celery task's ``apply_async``: remembers what was sent."""

    def __init__(self, sent: list[tuple[str, tuple[Any, ...], dict[str, Any]]], name: str) -> None:
        self.sent, self.name = sent, name

    def apply_async(self, args: tuple[Any, ...], kwargs: dict[str, Any], **options: Any) -> None:
        self.sent.append((self.name, tuple(args), dict(kwargs)))


class RecordingApp:
    def __init__(self) -> None:
        self.sent: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []
        self.tasks = {name: Recorder(self.sent, name) for name in (PROCESS_FILE, ASSEMBLE_BATCH)}


@pytest.fixture(params=["sqlite", "postgres"])
def settings(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Settings]:
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_url")
        s = Settings(home=tmp_path / "home", database_url=url)
    else:
        s = Settings(home=tmp_path / "home")
    upgrade(s)
    yield s


def running_task(settings: Settings) -> tuple[int, int]:
    """A file in a one-file batch and its queued task; returns (task id, file id)."""
    with session_scope(settings) as session:
        batch = Batch(station="w1", status="processing")
        session.add(batch)
        session.flush()
        sf = SourceFile(batch_id=batch.id, source="a.tif", sha256="a" * 64, kind="tiff", pages=1)
        sf.state = "processing"
        session.add(sf)
        session.flush()
        row = Task(kind="process_file", ref_id=str(sf.id), state="queued")
        session.add(row)
        session.flush()
        return row.id, sf.id


def sent_for(app: RecordingApp, task_id: int) -> list[str]:
    """The task names sent for task row ``task_id`` (a shared PostgreSQL database holds others too)."""
    return [name for name, _, kwargs in app.sent if kwargs.get("task_id") == task_id]


def take(settings: Settings, task_id: int, now: datetime) -> Lease:
    with session_scope(settings) as session:
        row = session.get(Task, task_id)
        assert row is not None
        return claim(session, settings, row, now)


def test_a_valid_lease_is_never_granted_twice_and_an_expired_one_is_fenced(settings: Settings) -> None:
    task_id, _ = running_task(settings)
    t0 = datetime.now(UTC)
    first = take(settings, task_id, t0)
    # another worker process (a different owner) is refused while the lease is valid
    with session_scope(settings) as session:
        session.execute(update(Task).where(Task.id == task_id).values(lease_owner="elsewhere:1"))
    with pytest.raises(LeaseHeld):
        take(settings, task_id, t0 + timedelta(seconds=settings.task_lease_seconds - 1))
    later = t0 + timedelta(seconds=settings.task_lease_seconds + 1)
    second = take(settings, task_id, later)  # expired: taken over, with a newer token
    assert second.token == first.token + 1
    with pytest.raises(LeaseLost), session_scope(settings) as session:
        fence(session, first, later)  # the old holder's write is refused ...
    with session_scope(settings) as session:
        fence(session, second, later)  # ... the new holder's accepted
        row = session.get(Task, task_id)
        assert row is not None and row.leases_lost == 1 and row.attempts == 2


def test_reapers_running_at_once_send_an_expired_task_exactly_once(settings: Settings) -> None:
    task_id, _ = running_task(settings)
    lease = take(settings, task_id, datetime.now(UTC))
    app = RecordingApp()
    reap_expired(settings, app)
    assert sent_for(app, task_id) == []  # still valid: left alone
    expired = datetime.now(UTC) + timedelta(seconds=settings.task_lease_seconds + 1)
    barrier = threading.Barrier(4)

    def reap() -> None:
        barrier.wait()
        reap_expired(settings, app, expired)

    threads = [threading.Thread(target=reap) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sent_for(app, task_id) == [PROCESS_FILE]  # once, whichever reaper won
    with session_scope(settings) as session:
        row = session.get(Task, task_id)
        assert row is not None and (row.state, row.leases_lost) == ("queued", 1)
    with pytest.raises(LeaseLost), session_scope(settings) as session:
        fence(session, lease)  # the reaped holder, should it wake up, writes nothing


def test_a_task_that_keeps_losing_its_worker_is_dead_lettered(settings: Settings) -> None:
    task_id, file_id = running_task(settings)
    app = RecordingApp()
    now = datetime.now(UTC)
    for lost in range(1, settings.task_max_lost_leases + 1):
        take(settings, task_id, now)  # a worker takes it ... and dies holding it
        now += timedelta(seconds=settings.task_lease_seconds + 1)
        reap_expired(settings, app, now)
        assert len(sent_for(app, task_id)) == min(lost, settings.task_max_lost_leases - 1)
    with session_scope(settings) as session:
        row = session.get(Task, task_id)
        sf = session.get(SourceFile, file_id)
        assert row is not None and sf is not None
        assert row.state == "dead" and "lost 4 times" in (row.error or "")
        assert (sf.state, sf.error_code) == ("dead", "processing_failed")
        batch_id = sf.batch_id
        assembles = session.scalars(
            select(Task.id).where(Task.kind == "assemble_batch", Task.ref_id == str(batch_id))
        ).all()
    assert len(assembles) == 1  # the rest of the batch goes on
    assert (ASSEMBLE_BATCH, (batch_id,), {"task_id": assembles[0]}) in app.sent


def test_status_lists_running_tasks_with_their_lease_holder(settings: Settings) -> None:
    from rich.console import Console

    from taskqueue.lease import worker_id
    from taskqueue.status import print_status, queue_status

    task_id, _ = running_task(settings)
    take(settings, task_id, datetime.now(UTC))
    snapshot = queue_status(settings)
    (mine,) = [item for item in snapshot.running if item["task"] == task_id]
    assert mine["holder"] == worker_id() and 0 < mine["lease_left_s"] <= settings.task_lease_seconds
    assert snapshot.by_state["running"] >= 1
    console = Console(record=True, width=200)
    print_status(snapshot, console)
    assert worker_id() in console.export_text()


TAKER = """
import sys, time
from kernel.settings import Settings
from taskqueue.app import make_celery
app = make_celery(Settings(broker_url=sys.argv[1]))
with app.connection_for_read() as conn:  # takes one message the way a worker does, never acks it
    message = conn.SimpleQueue("filingdesk").get(timeout=20)
    print("taken", flush=True)
    time.sleep(120)
"""


@pytest.mark.redis
def test_a_message_taken_by_a_worker_killed_before_it_started_goes_back_to_the_queue(
    tmp_path: Path,
) -> None:
    import subprocess
    import sys

    from queue_services import ROOT, start_redis, stop

    from taskqueue.app import make_celery
    from taskqueue.unclaimed import restore_unclaimed

    try:
        redis, port = start_redis(tmp_path / "redis")
    except FileNotFoundError:
        pytest.skip("redis-server is not installed")
    settings = Settings(home=tmp_path / "home", broker_url=f"redis://127.0.0.1:{port}/0")
    upgrade(settings)
    app = make_celery(settings)
    try:
        task_id, file_id = running_task(settings)
        with session_scope(settings) as session:  # committed and sent, as intake does
            enqueue_after_commit(session, app.tasks[PROCESS_FILE], file_id, task_id=task_id)
        taker = subprocess.Popen(
            [sys.executable, "-c", TAKER, settings.broker_url], cwd=ROOT, stdout=subprocess.PIPE
        )
        assert taker.stdout is not None and taker.stdout.readline().strip() == b"taken"
        taker.kill()  # between taking the message and claiming the task's lease
        taker.wait(10)
        client = app.connection_for_write().default_channel.client
        assert client.llen("filingdesk") == 0 and client.hlen("unacked") == 1
        now = datetime.now(UTC)
        assert restore_unclaimed(settings, app, now) == 0  # just taken: its worker may be starting it
        later = now + timedelta(seconds=settings.task_lease_seconds + 1)
        with session_scope(settings) as session:  # while a live worker holds the task: left alone
            session.execute(update(Task).where(Task.id == task_id).values(state="running"))
        assert restore_unclaimed(settings, app, later) == 0
        with session_scope(settings) as session:
            session.execute(update(Task).where(Task.id == task_id).values(state="queued"))
        assert restore_unclaimed(settings, app, later) == 1
        assert client.llen("filingdesk") == 1 and client.hlen("unacked") == 0
        assert restore_unclaimed(settings, app, later) == 0  # put back once
    finally:
        stop(redis)
