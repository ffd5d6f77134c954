"""Prometheus metrics read from the database at scrape time.

The database is where every worker on every machine writes what it did, so a
scrape of any one API process sees the whole deployment: no multiprocess
registry, no per-worker endpoint. What it exports: tasks by kind and state
(queue depth, running, dead-lettered), pages read, source files by state and
refusal code, and filings by review status.
"""

from __future__ import annotations

from collections.abc import Iterator

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import func, select

from kernel.settings import Settings
from kernel.workflow import ReviewStatus
from store.db import session_scope
from store.models import Filing, SourceFile, Task


class DatabaseCollector(Collector):
    """Counts taken from the filing-record store, one query per metric family."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def collect(self) -> Iterator[GaugeMetricFamily | CounterMetricFamily]:
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


def render(settings: Settings) -> bytes:
    """The metrics in Prometheus' text format."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(DatabaseCollector(settings))
    return bytes(generate_latest(registry))
