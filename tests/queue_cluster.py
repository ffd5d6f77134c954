"""The production set-up the queue's fault tests run on: PostgreSQL, a private Redis, worker processes.

The workers read files with the stand-in reader (tests/queue_standin.py,
named in FILINGDESK_PIPELINE): real blobs, page splitting, checkpoints and
saving, but a sleep per page instead of OCR, so a page can be killed half-way.
Each test uploads its own batches and checks its own rows.
"""

from __future__ import annotations

import io
import subprocess
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from queue_services import start_redis, start_worker, stop, wait_for
from sqlalchemy import func, select

from kernel.settings import Settings
from store.db import session_scope
from store.migrate import upgrade
from store.models import Document, Filing, Page, SourceFile, Task
from store.repository import batch_progress
from taskqueue.app import make_celery
from taskqueue.intake import Upload, accept_batch

PAGE_SECONDS = 0.25


@dataclass
class Cluster:
    settings: Settings
    env: dict[str, str]
    tmp: Path
    redis: subprocess.Popen[bytes]
    redis_port: int
    read_log: Path

    def worker(self, concurrency: int = 1, **env: str) -> subprocess.Popen[bytes]:
        return start_worker({**self.env, **env}, self.tmp / "worker.log", concurrency)


def start_cluster(tmp_path: Path, postgres_url: str, **env: str) -> Iterator[Cluster]:
    """A private Redis and the environment for workers on it; ``env`` overrides settings.

    With no overrides every worker runs with the defaults a user gets (lease,
    visibility timeout); only the stand-in reader's pace and log are set.
    """
    try:
        redis, port = start_redis(tmp_path / "redis")
    except FileNotFoundError:
        pytest.skip("redis-server is not installed")
    log = tmp_path / "reads.log"
    base = {
        "FILINGDESK_HOME": str(tmp_path / "home"),
        "FILINGDESK_DATABASE_URL": postgres_url,
        "FILINGDESK_BROKER_URL": f"redis://127.0.0.1:{port}/0",
        "FILINGDESK_STANDIN_PAGE_SECONDS": str(PAGE_SECONDS),
        "FILINGDESK_STANDIN_LOG": str(log),
        **env,
    }
    broker = base["FILINGDESK_BROKER_URL"]
    settings = Settings(home=tmp_path / "home", database_url=postgres_url, broker_url=broker)
    upgrade(settings)
    cluster = Cluster(settings, base, tmp_path, redis, port, log)
    yield cluster
    stop(cluster.redis)


def tiff(pages: int, seed: int) -> bytes:
    """A multi-page TIFF scan whose bytes differ by ``seed``."""
    rng = np.random.default_rng(seed)
    frames = [Image.fromarray(rng.integers(0, 255, (40, 60, 3), dtype=np.uint8)) for _ in range(pages)]
    buf = io.BytesIO()
    frames[0].save(buf, format="TIFF", save_all=True, append_images=frames[1:])
    return buf.getvalue()


def upload(settings: Settings, uploads: list[Upload], key: str | None = None) -> int:
    """Accept a batch from station w1 as the API would; returns its id."""
    with session_scope(settings) as session:
        receipt = accept_batch(
            session,
            settings,
            station="w1",
            uploads=uploads,
            idempotency_key=key,
            celery_app=make_celery(settings),
        )
        return receipt.batch_id


def batch_state(settings: Settings, batch_id: int) -> str:
    with session_scope(settings) as session:
        return batch_progress(session, batch_id).state


def wait_done(settings: Settings, batch_id: int, timeout: float) -> None:
    wait_for(lambda: batch_state(settings, batch_id) in ("done", "failed"), timeout, f"batch {batch_id}")


def reads(cluster: Cluster) -> Counter[tuple[str, int]]:
    if not cluster.read_log.exists():
        return Counter()
    lines = cluster.read_log.read_text().split()
    return Counter((lines[i], int(lines[i + 1])) for i in range(0, len(lines), 3))


def pool_children(worker: subprocess.Popen[bytes]) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(worker.pid)], capture_output=True, text=True)
    return [int(p) for p in out.stdout.split()]


def assert_each_page_stored_once(settings: Settings, batch_id: int, pages: dict[str, int]) -> None:
    """Every page has one checkpoint, every file one document, the batch each filing once."""
    with session_scope(settings) as session:
        progress = batch_progress(session, batch_id)
        files = session.scalars(select(SourceFile).where(SourceFile.batch_id == batch_id)).all()
        for f in files:
            if f.source not in pages:
                continue
            stored = session.scalars(select(Page.page_no).where(Page.source_file_id == f.id)).all()
            assert sorted(stored) == list(range(1, pages[f.source] + 1)), f.source
            docs = session.scalar(select(func.count()).where(Document.source_file_id == f.id))
            assert docs == 1, f.source
        filings = session.scalars(select(Filing.id).where(Filing.batch_id == batch_id)).all()
        assert len(filings) == len(set(filings)) == len(pages)
        assembled = session.scalars(
            select(Task.state).where(Task.kind == "assemble_batch", Task.ref_id == str(batch_id))
        ).all()
    assert progress.state == "done" and progress.pages_done == progress.pages_total == sum(pages.values())
    assert "done" in assembled
