"""Operations benchmark: how long a retention purge, a backup and a restore take on a big store.

    .venv/bin/python -m bench.bench_operations [--filings 2000] [--database-url URL]

Seeds ``--filings`` approved filings (two documents, one stored page image of
about 60 KB each, as a scan's PNG), ages half of them past the retention
period, then times ``purge --dry-run``, ``purge``, and on SQLite ``backup`` and
``restore``; also the cost of counting a page's stage timings (the histogram
upserts, store/timings.py). Everything runs on a throw-away home.
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import numpy as np
from PIL import Image
from rich.console import Console
from rich.table import Table
from sqlalchemy import update

from ingest.blobs import blob_store_from_settings
from kernel.domain import DocType
from kernel.schema import DocumentResult, FieldValue, ProcessResult
from kernel.settings import Settings
from kernel.workflow import ReviewStatus
from store.backup import backup, restore
from store.db import dispose_engines, session_scope
from store.migrate import upgrade
from store.models import Document, Filing, Page, StatusEvent
from store.repository import record_status, save_result
from store.retention import purge
from store.timings import page_stage_seconds, record
from validate.check import validate_filing

TODAY = date(2026, 12, 7)
_T = TypeVar("_T")


def _scan(seed: int) -> bytes:
    noise = np.random.default_rng(seed).integers(200, 255, (300, 210, 3), dtype=np.uint8)
    out = io.BytesIO()
    Image.fromarray(noise).save(out, format="PNG")
    return out.getvalue()


def _documents(n: int) -> list[DocumentResult]:
    fields = {"name": FieldValue(value=f"张{n}", confidence=0.95, page=1)}
    return [
        DocumentResult(
            id=f"decl-{n}",
            source=f"p{n}/decl.png",
            pages=[1],
            doc_type=DocType.DECLARATION_FORM,
            fields=fields,
        ),
        DocumentResult(id=f"hr-{n}", source=f"p{n}/hr.png", pages=[1], doc_type=DocType.HOUSEHOLD_REGISTER),
    ]


def seed(settings: Settings, filings: int) -> int:
    """Store the filings with page images; returns the bytes of blobs written."""
    blobs = blob_store_from_settings(settings)
    written = 0
    for n in range(filings):
        docs = _documents(n)
        filing = validate_filing(f"filing-{n}", docs, settings=settings, today=TODAY)
        with session_scope(settings) as session:
            save_result(session, ProcessResult(documents=docs, filings=[filing]), batch_station="bench")
            for doc in docs:
                png = _scan(n * 2 + (doc.doc_type == DocType.HOUSEHOLD_REGISTER))
                written += len(png)
                row = session.get(Document, doc.id)
                assert row is not None
                session.add(Page(source_file_id=row.source_file_id, page_no=1, blob_sha256=blobs.put(png)))
            record_status(session, filing.id, ReviewStatus.APPROVED, "bench")
    old = datetime.now(UTC) - timedelta(days=settings.retention_days + 1)
    with session_scope(settings) as session:  # every other filing settled long ago
        aged = [f"filing-{n}" for n in range(0, filings, 2)]
        session.execute(update(StatusEvent).where(StatusEvent.filing_id.in_(aged)).values(at=old))
        session.execute(update(Filing).where(Filing.id.in_(aged)).values(updated_at=old))
    return written


def _timed(fn: Callable[[], _T]) -> tuple[float, _T]:
    started = time.perf_counter()
    out = fn()
    return time.perf_counter() - started, out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--filings", type=int, default=2000)
    parser.add_argument("--database-url", default="", help="PostgreSQL URL; default an SQLite file")
    args = parser.parse_args()
    console = Console()
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="bench-ops-") as tmp:
        home = Path(tmp) / "home"
        settings = Settings(
            home=home, database_url=args.database_url, retention_days=365, retention_refused_days=0
        )
        upgrade(settings)
        seconds, written = _timed(lambda: seed(settings, args.filings))
        rows.append(
            (
                "seed",
                f"{args.filings} filings, {2 * args.filings} pages, "
                f"{written / 1e6:.1f} MB in {seconds:.1f} s",
            )
        )
        if not args.database_url:
            target = Path(tmp) / "backup"
            seconds, manifest = _timed(lambda: backup(settings, target))
            rows.append(
                (
                    "backup",
                    f"{seconds:.2f} s ({manifest.blobs} blobs, "
                    f"{manifest.database_bytes / 1e6:.1f} MB database)",
                )
            )
            fresh = settings.model_copy(update={"home": Path(tmp) / "fresh"})
            seconds, _ = _timed(lambda: restore(fresh, target))
            rows.append(("restore (checksums verified)", f"{seconds:.2f} s"))
        seconds, plan = _timed(lambda: purge(settings, dry_run=True))
        rows.append(("purge --dry-run", f"{seconds:.2f} s, {plan.totals['targets']} filings would go"))
        seconds, report = _timed(lambda: purge(settings))
        totals = report.totals
        rows.append(
            ("purge", f"{seconds:.2f} s, {totals['pages']} pages, {totals['bytes'] / 1e6:.1f} MB deleted")
        )
        seconds, again = _timed(lambda: purge(settings))
        rows.append(("purge again (nothing left)", f"{seconds:.2f} s, {len(again.items)} filings"))
        stages = page_stage_seconds({"upright": 0.2, "seals": 0.1, "ocr": 0.6, "total": 0.9})
        pages = 200
        started = time.perf_counter()
        for _ in range(pages):
            with session_scope(settings) as session:
                record(session, stages)
        per_page = (time.perf_counter() - started) / pages
        rows.append(("stage histogram upserts", f"{per_page * 1000:.2f} ms per page (own transaction each)"))
        dispose_engines()
    table = Table("step", "result", title=f"operations on {'PostgreSQL' if args.database_url else 'SQLite'}")
    for step, result in rows:
        table.add_row(step, result)
    console.print(table)


if __name__ == "__main__":
    main()
