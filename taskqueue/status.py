"""What the queue is doing: task counts by state, recent throughput, failures with reasons."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import func, select

from filingdesk.settings import Settings
from store.db import session_scope
from store.migrate import upgrade
from store.models import Task

WINDOW = timedelta(minutes=10)


@dataclass
class QueueStatus:
    """A snapshot of the task table."""

    by_state: dict[str, int]
    done_last_window: int
    per_minute: float
    failed: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def queue_status(settings: Settings, now: datetime | None = None) -> QueueStatus:
    """Read the snapshot from the database (creating the schema on a fresh install)."""
    now = now or datetime.now(UTC)
    upgrade(settings)
    with session_scope(settings) as session:
        counts = dict(session.execute(select(Task.state, func.count()).group_by(Task.state)).all())
        recent = session.scalar(
            select(func.count()).where(Task.state == "done", Task.finished_at >= now - WINDOW)
        )
        dead = session.scalars(
            select(Task).where(Task.state.in_(("dead", "failed"))).order_by(Task.id.desc()).limit(20)
        ).all()
        failed = [{"task": t.id, "kind": t.kind, "ref": t.ref_id, "error": t.error or ""} for t in dead]
    done = int(recent or 0)
    return QueueStatus(
        by_state={str(k): int(v) for k, v in counts.items()},
        done_last_window=done,
        per_minute=done / (WINDOW.total_seconds() / 60),
        failed=failed,
    )


def print_status(snapshot: QueueStatus, console: Console) -> None:
    table = Table(title="filingdesk queue")
    table.add_column("state")
    table.add_column("tasks", justify="right")
    for state in ("queued", "running", "done", "failed", "dead"):
        table.add_row(state, str(snapshot.by_state.get(state, 0)))
    console.print(table)
    console.print(
        f"{snapshot.done_last_window} tasks done in the last 10 min ({snapshot.per_minute:.1f}/min)"
    )
    for item in snapshot.failed:
        console.print(f"[red]{item['kind']} {item['ref']}[/]: {item['error']}")
