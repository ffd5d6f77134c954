"""API figures: upload intake (pages/s accepted) and p95 latency of the review queue and of one filing.

Runs against a throw-away PostgreSQL database (created here, dropped at the
end) seeded with ``--filings`` filings by bulk inserts, through the real ASGI
app in-process (auth, JSON, the database — no network hop). Intake uploads the
committed sample packets with a non-eager Celery app, so it measures
accepting (sniff, page count, blob store, rows, enqueue), not OCR.

    .venv/bin/python -m bench.bench_api [--filings 100000] [--requests 300]

Targets: intake >= 50 pages/s; p95 <= 100 ms for the queue and for one filing.
"""

from __future__ import annotations

import argparse
import random
import secrets
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres connect_timeout=3"
SAMPLES = Path(__file__).resolve().parents[1] / "samples"
CHUNK = 10_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--filings", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--intake-rounds", type=int, default=4)
    args = parser.parse_args()

    import psycopg

    name = f"filingdesk_bench_{secrets.token_hex(5)}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        with tempfile.TemporaryDirectory(prefix="filingdesk-bench-") as home:
            run(f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", Path(home), args)
    finally:
        from store.db import dispose_engines

        dispose_engines()
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(url: str, home: Path, args: argparse.Namespace) -> None:
    from fastapi.testclient import TestClient

    from api.app import create_app
    from api.keys import create_key
    from kernel.settings import Settings
    from store.db import get_engine, session_scope
    from store.migrate import upgrade
    from taskqueue.app import make_celery

    settings = Settings(home=home, database_url=url, broker_url="")
    upgrade(settings)
    started = time.perf_counter()
    ids = seed(get_engine(settings), args.filings)
    print(f"seeded {args.filings} filings in {time.perf_counter() - started:.1f} s")
    with session_scope(settings) as session:
        keys = {
            role: create_key(
                session, role=role, name=f"bench-{role}", station="bench" if role == "station" else None
            )[1]
            for role in ("station", "reviewer")
        }
    queue_app = make_celery(settings.model_copy(update={"broker_url": "memory://"}))  # accept only, no OCR
    client = TestClient(create_app(settings, celery_app=queue_app, webhook_sender=False))
    reviewer = {"Authorization": f"Bearer {keys['reviewer']}"}

    pages, seconds = intake(client, keys["station"], args.intake_rounds)
    rng = random.Random(7)
    cursors = _cursors(client, reviewer)

    def queue_call() -> None:
        params: dict[str, Any] = rng.choice(
            [
                {"review_status": "needs_review"},
                {"review_status": "needs_review", "sort": "-updated_at"},
                {"sort": "-created_at"},
                {"status": "incomplete", "review_status": "needs_review"},
                {"cursor": rng.choice(cursors)},
            ]
        )
        r = client.get("/v1/filings", params={"limit": 50, **params}, headers=reviewer)
        assert r.status_code == 200, r.text

    def filing_call() -> None:
        r = client.get(f"/v1/filings/{rng.choice(ids)}", headers=reviewer)
        assert r.status_code == 200, r.text

    queue_ms = measure(queue_call, args.requests)
    filing_ms = measure(filing_call, args.requests)
    print()
    print(f"{'figure':<34}{'value':>12}  target")
    rate = f"{pages / seconds:>12.1f}"
    print(f"{'intake, pages accepted per s':<34}{rate}  >= 50   ({pages} pages in {seconds:.2f} s)")
    _row("review queue p95 / p50 (ms)", queue_ms)
    _row("one filing p95 / p50 (ms)", filing_ms)


def _row(label: str, samples: list[float]) -> None:
    p95 = statistics.quantiles(samples, n=20)[-1]
    print(f"{label:<34}{p95:>7.1f} / {statistics.median(samples):.1f}  <= 100 (p95)")


def measure(call: Callable[[], None], n: int) -> list[float]:
    for _ in range(10):  # warm the pool and the caches
        call()
    out = []
    for _ in range(n):
        t = time.perf_counter()
        call()
        out.append((time.perf_counter() - t) * 1000)
    return out


def intake(client: Any, station_key: str, rounds: int) -> tuple[int, float]:
    """Upload every sample packet ``rounds`` times (new bytes each round: no duplicate shortcuts)."""
    import pypdfium2 as pdfium

    packets = sorted(p for p in SAMPLES.iterdir() if p.is_dir())
    headers = {"Authorization": f"Bearer {station_key}"}
    pages, elapsed = 0, 0.0
    for n in range(rounds):
        for packet in packets:
            files = []
            for path in sorted(p for p in packet.iterdir() if p.name != "truth.json"):
                data = path.read_bytes() + (b"\n%bench " + str(n).encode() if path.suffix == ".pdf" else b"")
                files.append(("files", (path.name, data, "application/octet-stream")))
                pages += len(pdfium.PdfDocument(path)) if path.suffix == ".pdf" else 1
            t = time.perf_counter()
            r = client.post(
                "/v1/batches",
                data={"station_id": "bench"},
                files=files,
                headers={**headers, "Idempotency-Key": f"{packet.name}-{n}"},
            )
            elapsed += time.perf_counter() - t
            assert r.status_code == 202, r.text
    return pages, elapsed


def _cursors(client: Any, headers: dict[str, str]) -> list[str]:
    """Cursors deep inside the queue, so paging far is measured too."""
    out, cursor = [], None
    for _ in range(40):
        r = client.get(
            "/v1/filings", params={"limit": 200, **({"cursor": cursor} if cursor else {})}, headers=headers
        )
        cursor = r.json()["next_cursor"]
        if cursor is None:
            break
        out.append(cursor)
    return out or [""]


def seed(engine: Any, n: int) -> list[str]:
    """``n`` filings with one declaration (4 fields), one issue in three, one status event each."""
    from sqlalchemy import insert

    from store.models import Batch, Document, FieldRow, Filing, FilingDocument, IssueRow, StatusEvent

    rng = random.Random(2026)
    base = datetime(2026, 1, 1, tzinfo=UTC)
    statuses = ["needs_review"] * 6 + ["approved", "rejected", "returned_to_applicant"]
    ids = [f"filing-bench-{i:07d}" for i in range(n)]
    with engine.begin() as conn:
        conn.execute(
            insert(Batch),
            [
                {"station": f"st-{b % 20}", "status": "done", "created_at": base}
                for b in range(max(1, n // 100))
            ],
        )
    for start in range(0, n, CHUNK):
        span = range(start, min(n, start + CHUNK))
        at = [base + timedelta(seconds=i * 30 + rng.randint(0, 20)) for i in span]
        filings: list[dict[str, Any]] = [
            {
                "id": ids[i],
                "batch_id": i // 100 + 1,
                "id_number": f"1401051988{i:08d}"[:18],
                "name": f"申请人{i}",
                "filing_category": "long_term_resident",
                "status": "incomplete" if i % 3 == 0 else "complete",
                "review_status": statuses[i % len(statuses)],
                "version": 2,
                "created_at": t,
                "updated_at": t,
                "extra": {},
            }
            for i, t in zip(span, at, strict=True)
        ]
        docs = [
            {
                "id": f"doc-bench-{i:07d}",
                "batch_id": i // 100 + 1,
                "source": f"b{i}/scan.pdf",
                "pages": [1],
                "doc_type": "declaration_form",
                "doc_type_confidence": 1.0,
                "extra": {},
            }
            for i in span
        ]
        fields = [
            {
                "document_id": f"doc-bench-{i:07d}",
                "key": key,
                "value": value,
                "confidence": 0.95,
                "page": 1,
                "bbox": [0.1, 0.1, 0.3, 0.12],
                "low_confidence": False,
                "source": "ocr",
                "updated_by": "system",
                "updated_at": at[0],
            }
            for i in span
            for key, value in (
                ("name", f"申请人{i}"),
                ("insured_region", "山西省太原市"),
                ("destination_region", "北京市"),
                ("phone", "13812345678"),
            )
        ]
        links = [{"filing_id": ids[i], "document_id": f"doc-bench-{i:07d}", "position": 0} for i in span]
        issues = [
            {
                "filing_id": ids[i],
                "code": "agency_stamp_missing",
                "severity": "error",
                "field": "agency_stamp",
                "message": "缺少经办机构盖章",
                "message_en": "agency stamp missing",
            }
            for i in span
            if i % 3 == 0
        ]
        events = [
            {
                "filing_id": ids[i],
                "from_status": "received",
                "to_status": "needs_review",
                "who": "system",
                "why": "read and validated",
                "at": t,
            }
            for i, t in zip(span, at, strict=True)
        ]
        with engine.begin() as conn:
            for model, rows in (
                (Filing, filings),
                (Document, docs),
                (FieldRow, fields),
                (FilingDocument, links),
                (IssueRow, issues),
                (StatusEvent, events),
            ):
                if rows:
                    conn.execute(insert(model), rows)
    with engine.begin() as conn:
        conn.exec_driver_sql("ANALYZE")
    return ids


if __name__ == "__main__":
    main()
