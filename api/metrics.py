"""Prometheus metrics read from the database at scrape time.

The database is where every worker on every machine writes what it did, so a
scrape of any one API process sees the whole deployment: no multiprocess
registry, no per-worker endpoint. What it exports: tasks by kind and state
(queue depth, running, dead-lettered), pages read, source files by state and
refusal code, filings by review status, how long reviews take (first
needs_review to first decision), per integration the filings of the
export feed it has not acknowledged at their current version, and seconds per
pipeline stage as histograms (counted by the workers into the database:
store/timings.py).
"""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import and_, case, exists, func, select
from sqlalchemy.orm import Session

from api.export import FEED_STATUSES
from kernel.settings import Settings
from kernel.workflow import DECISIONS, ReviewStatus
from store.access import ApiKey, ExportAck
from store.db import session_scope
from store.models import Filing, SourceFile, StatusEvent, Task
from store.timings import histograms

# a reviewer's decision ends the review (a cancellation is no review)
DECIDED = tuple(s.value for s in DECISIONS.values() if s != ReviewStatus.CANCELLED)


class DatabaseCollector(Collector):
    """Counts taken from the filing-record store, one query per metric family."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily | HistogramMetricFamily]:
        with session_scope(self.settings) as session:
            tasks = session.execute(
                select(Task.kind, Task.state, func.count()).group_by(Task.kind, Task.state)
            )
            pages = session.scalar(select(func.coalesce(func.sum(Task.pages), 0)))
            files = session.execute(
                select(SourceFile.state, SourceFile.error_code, func.count()).group_by(
                    SourceFile.state, SourceFile.error_code
                )
            )
            filings = dict(
                session.execute(
                    select(Filing.review_status, func.count()).group_by(Filing.review_status)
                ).all()
            )
            task_rows, file_rows = tasks.all(), files.all()
            turnaround = _turnaround(session)
            backlog = _export_backlog(session)
            stages = histograms(session)
        by_task = GaugeMetricFamily(
            "filingdesk_tasks",
            "Queue tasks by kind and state (queued, running, done, dead).",
            labels=["kind", "state"],
        )
        for kind, state, count in task_rows:
            by_task.add_metric([kind, state], count)
        yield by_task
        yield CounterMetricFamily(
            "filingdesk_pages_read", "Pages read by the workers.", value=int(pages or 0)
        )
        by_file = GaugeMetricFamily(
            "filingdesk_source_files",
            "Uploaded files by state, with the refusal or failure code where there is one.",
            labels=["state", "code"],
        )
        for state, code, count in file_rows:
            by_file.add_metric([state, code or ""], count)
        yield by_file
        by_review = GaugeMetricFamily(
            "filingdesk_filings", "Filing records by review status.", labels=["review_status"]
        )
        for status in ReviewStatus:
            by_review.add_metric([status.value], filings.get(status.value, 0))
        yield by_review
        count, total = turnaround
        review = GaugeMetricFamily(
            "filingdesk_review_turnaround_seconds",
            "Seconds from a filing's first needs_review to its first decision, over decided filings.",
            labels=["stat"],
        )
        review.add_metric(["count"], count)
        review.add_metric(["sum"], total)
        yield review
        lag = GaugeMetricFamily(
            "filingdesk_export_backlog",
            "Filings of the export feed an integration has not acknowledged at their current version.",
            labels=["integration"],
        )
        for consumer, waiting in backlog:
            lag.add_metric([consumer], waiting)
        yield lag
        stage_seconds = HistogramMetricFamily(
            "filingdesk_stage_seconds",
            "Seconds per pipeline stage: a page's upright, seals, ocr and whole page; a task's "
            "process_file and assemble_batch.",
            labels=["stage"],
        )
        for h in stages:
            stage_seconds.add_metric([h.stage], buckets=h.buckets, sum_value=h.seconds)
        yield stage_seconds


def _turnaround(session: Session) -> tuple[int, float]:
    """(decided filings, their summed seconds from the first needs_review to the first decision)."""
    per_filing = (
        select(
            StatusEvent.filing_id,
            func.min(case((StatusEvent.to_status == "needs_review", StatusEvent.at))).label("ready"),
            func.min(case((StatusEvent.to_status.in_(DECIDED), StatusEvent.at))).label("decided"),
        )
        .group_by(StatusEvent.filing_id)
        .subquery()
    )
    rows = session.execute(
        select(per_filing.c.ready, per_filing.c.decided).where(
            per_filing.c.ready.is_not(None), per_filing.c.decided.is_not(None)
        )
    ).all()
    seconds = [max(0.0, (decided - ready).total_seconds()) for ready, decided in rows]
    return len(seconds), sum(seconds)


def _export_backlog(session: Session) -> list[tuple[str, int]]:
    """Per active integration key: feed filings without its acknowledgement at their version."""
    consumers = session.scalars(
        select(ApiKey.name).where(ApiKey.role == "integration", ApiKey.revoked_at.is_(None)).distinct()
    ).all()
    out = []
    for consumer in sorted(consumers):
        acked = exists(
            select(ExportAck.id).where(
                and_(
                    ExportAck.consumer == consumer,
                    ExportAck.filing_id == Filing.id,
                    ExportAck.version == Filing.version,
                )
            )
        )
        approved = exists(
            select(StatusEvent.id).where(
                StatusEvent.filing_id == Filing.id, StatusEvent.to_status == "approved"
            )
        )
        waiting = session.scalar(
            select(func.count())
            .select_from(Filing)
            .where(Filing.review_status.in_(FEED_STATUSES), approved, ~acked)
        )
        out.append((consumer, int(waiting or 0)))
    return out


def render(settings: Settings) -> bytes:
    """The metrics in Prometheus' text format."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(DatabaseCollector(settings))
    return bytes(generate_latest(registry))
