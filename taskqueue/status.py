"""What the queue is doing, from the database alone: depth, throughput, failures with reasons.

The ``task`` table and the page checkpoints are the truth (a broker's queue
length misses tasks a worker holds), so ``filingdesk status`` gives the same
answer whichever broker runs and from any machine that reaches the database.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import func, select

from kernel.settings import Settings
from store.db import session_scope
from store.migrate import upgrade
from store.models import Page, SourceFile, Task

WINDOW = timedelta(minutes=5)  # throughput is averaged over this


@dataclass
class QueueStatus:
    """A snapshot of the task table and the pages read lately."""

    by_state: dict[str, int]
    queue_depth: int  # tasks waiting or running
    pages_waiting: int  # pages of files not read yet
    pages_last_window: int
    pages_per_second: float
    done_last_window: int
    per_minute: float
    failed: list[dict[str, Any]] = field(default_factory=list)
    running: list[dict[str, Any]] = field(default_factory=list)  # with lease holder and seconds left

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def queue_status(settings: Settings, now: datetime | None = None) -> QueueStatus:
    """Read the snapshot from the database (creating the schema on a fresh install)."""
    now = now or datetime.now(UTC)
    since = now - WINDOW
    upgrade(settings)
    with session_scope(settings) as session:
        counts = dict(session.execute(select(Task.state, func.count()).group_by(Task.state)).all())
        recent = session.scalar(select(func.count()).where(Task.state == "done", Task.finished_at >= since))
        pages = session.scalar(select(func.count()).select_from(Page).where(Page.read_at >= since))
        open_files = select(SourceFile.id).where(SourceFile.state.in_(("queued", "processing")))
        total = session.scalar(
            select(func.coalesce(func.sum(SourceFile.pages), 0)).where(SourceFile.id.in_(open_files))
        )
        read = session.scalar(
            select(func.count())
            .select_from(Page)
            .where(Page.source_file_id.in_(open_files), Page.read_at.is_not(None))
        )
        dead = session.scalars(
            select(Task).where(Task.state.in_(("dead", "failed"))).order_by(Task.id.desc()).limit(20)
        ).all()
        failed = [{"task": t.id, "kind": t.kind, "ref": t.ref_id, "error": t.error or ""} for t in dead]
        held = session.scalars(select(Task).where(Task.state == "running").order_by(Task.id).limit(50)).all()
        running = [
            {
                "task": t.id,
                "kind": t.kind,
                "ref": t.ref_id,
                "holder": t.lease_owner or "",
                "lease_left_s": _seconds_left(t.lease_expires_at, now),
                "leases_lost": t.leases_lost or 0,
            }
            for t in held
        ]
    by_state = {str(k): int(v) for k, v in counts.items()}
    seconds = WINDOW.total_seconds()
    return QueueStatus(
        by_state=by_state,
        queue_depth=by_state.get("queued", 0) + by_state.get("running", 0),
        pages_waiting=max(0, int(total or 0) - int(read or 0)),
        pages_last_window=int(pages or 0),
        pages_per_second=int(pages or 0) / seconds,
        done_last_window=int(recent or 0),
        per_minute=int(recent or 0) / (seconds / 60),
        failed=failed,
        running=running,
    )


def _seconds_left(expires: datetime | None, now: datetime) -> float | None:
    """Seconds until the lease runs out (negative: expired, the reaper sends it again)."""
    if expires is None:
        return None
    aware = expires if expires.tzinfo is not None else expires.replace(tzinfo=UTC)
    return round((aware - now).total_seconds(), 1)


def print_status(snapshot: QueueStatus, console: Console) -> None:
    table = Table(title="filingdesk queue")
    table.add_column("state")
    table.add_column("tasks", justify="right")
    for state in ("queued", "running", "done", "dead"):
        table.add_row(state, str(snapshot.by_state.get(state, 0)))
    console.print(table)
    if snapshot.running:
        held = Table(title="running tasks and their leases")
        for column in ("task", "kind", "ref", "holder", "lease", "lost"):
            held.add_column(column)
        for item in snapshot.running:
            left = item["lease_left_s"]
            lease = "-" if left is None else f"{left:.0f} s left" if left >= 0 else f"expired {-left:.0f} s"
            held.add_row(
                str(item["task"]), item["kind"], item["ref"], item["holder"], lease, str(item["leases_lost"])
            )
        console.print(held)
    minutes = int(WINDOW.total_seconds() // 60)
    console.print(
        f"queue depth {snapshot.queue_depth} task(s), {snapshot.pages_waiting} page(s) waiting; "
        f"last {minutes} min: {snapshot.pages_last_window} pages ({snapshot.pages_per_second:.2f} pages/s), "
        f"{snapshot.done_last_window} tasks done"
    )
    for item in snapshot.failed:
        console.print(f"[red]{item['kind']} {item['ref']}[/]: {item['error']}")
