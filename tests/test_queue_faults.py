"""Fault tests on the production set-up: PostgreSQL, a private Redis, real `filingdesk worker` processes.

The workers read files with the stand-in reader (tests/queue_standin.py,
named in FILINGDESK_PIPELINE): real blobs, page splitting, checkpoints and
saving, but 0.25 s of sleep per page instead of OCR, so a page can be killed
half-way. Each test uploads its own batch and checks its own rows.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from queue_cluster import (
    PAGE_SECONDS,
    Cluster,
    assert_each_page_stored_once,
    pool_children,
    reads,
    start_cluster,
    tiff,
    upload,
    wait_done,
)
from queue_services import CuttableProxy, stop, wait_for
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from store.db import session_scope
from store.models import SourceFile, Task
from store.repository import batch_progress
from taskqueue.intake import Upload

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


@pytest.fixture
def cluster(tmp_path: Path, postgres_url: str) -> Iterator[Cluster]:
    yield from start_cluster(tmp_path, postgres_url, FILINGDESK_BROKER_VISIBILITY_TIMEOUT="4")


def test_sigkill_mid_page_loses_and_duplicates_nothing(cluster: Cluster) -> None:
    files = {f"scan_{i}.tif": tiff(3, 100 + i) for i in range(6)}
    worker = cluster.worker(concurrency=2)
    try:
        batch_id = upload(cluster.settings, [Upload(name, data) for name, data in files.items()])
        kills = 0
        for _ in range(3):  # kill a pool process in the middle of a page, three times
            before = sum(reads(cluster).values())

            def more_read(before: int = before) -> bool:
                return sum(reads(cluster).values()) > before

            wait_for(more_read, 30, "a page read")
            time.sleep(PAGE_SECONDS / 2)
            children = pool_children(worker)
            if children:
                os.kill(children[0], signal.SIGKILL)
                kills += 1
        # and once the whole worker, as a power cut would: a new worker takes over
        wait_for(lambda: sum(reads(cluster).values()) > 0, 30, "a page read")
        worker.kill()
        worker.wait(10)
        kills += 1
        worker = cluster.worker(concurrency=2)
        wait_done(cluster.settings, batch_id, 90)
    finally:
        stop(worker)
    assert kills >= 3
    assert_each_page_stored_once(cluster.settings, batch_id, {name: 3 for name in files})
    counted = reads(cluster)
    with session_scope(cluster.settings) as session:
        shas = set(session.scalars(select(SourceFile.sha256).where(SourceFile.batch_id == batch_id)))
    mine = {k: v for k, v in counted.items() if k[0] in shas}
    assert len(mine) == 18  # every page read ...
    assert sum(mine.values()) <= 18 + kills  # ... and only a page in flight at a kill read twice


def test_poisoned_file_is_dead_lettered_while_the_rest_completes(cluster: Cluster) -> None:
    worker = cluster.worker()
    try:
        batch_id = upload(
            cluster.settings,
            [
                Upload("poison_scan.tif", tiff(1, 200)),
                Upload("a.tif", tiff(2, 201)),
                Upload("b.tif", tiff(1, 202)),
            ],
        )
        wait_done(cluster.settings, batch_id, 60)
    finally:
        stop(worker)
    with session_scope(cluster.settings) as session:
        progress = batch_progress(session, batch_id)
        dead = session.scalars(
            select(Task).where(
                Task.state == "dead", Task.ref_id.in_([str(f.file_id) for f in progress.files])
            )
        ).all()
    states = {f.source: (f.state, f.error_code) for f in progress.files}
    assert states == {
        "poison_scan.tif": ("failed", "processing_failed"),
        "a.tif": ("done", None),
        "b.tif": ("done", None),
    }
    assert len(dead) == 1 and "PoisonedFile" in (dead[0].error or "") and dead[0].attempts == 1
    assert progress.state == "done" and len(progress.filings) == 2


def test_redis_restart_mid_batch_then_processing_resumes(cluster: Cluster) -> None:
    stop(cluster.redis)  # this test's Redis keeps an append-only file, as production should
    port = cluster.redis_port
    aof = cluster.tmp / "redis-aof"
    aof.mkdir()
    redis_cmd = [
        "redis-server",
        "--port",
        str(port),
        "--bind",
        "127.0.0.1",
        "--appendonly",
        "yes",
        "--appendfsync",
        "always",
        "--save",
        "",
        "--dir",
        str(aof),
    ]
    redis = subprocess.Popen(redis_cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    cluster.redis = redis
    wait_for(
        lambda: subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).returncode == 0,
        20,
        "redis",
    )
    worker = cluster.worker()
    try:
        files = {f"r{i}.tif": tiff(2, 300 + i) for i in range(4)}
        batch_id = upload(cluster.settings, [Upload(n, d) for n, d in files.items()])
        wait_for(lambda: sum(reads(cluster).values()) >= 2, 30, "first pages")
        stop(redis)  # Redis goes away mid-batch ...
        time.sleep(1.5)
        redis = cluster.redis = subprocess.Popen(
            redis_cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        wait_done(cluster.settings, batch_id, 90)  # ... comes back, and the worker carries on
    finally:
        stop(worker)
    assert_each_page_stored_once(cluster.settings, batch_id, {n: 2 for n in files})


def test_database_briefly_unreachable_is_retried_then_succeeds(cluster: Cluster, postgres_url: str) -> None:
    url = make_url(postgres_url)
    proxy = CuttableProxy(url.port or 5432)
    proxied = url.set(port=proxy.port).render_as_string(hide_password=False)
    worker = cluster.worker(FILINGDESK_DATABASE_URL=proxied)
    try:
        files = {f"p{i}.tif": tiff(2, 400 + i) for i in range(3)}
        batch_id = upload(cluster.settings, [Upload(n, d) for n, d in files.items()])
        wait_for(lambda: sum(reads(cluster).values()) >= 1, 30, "first page")
        proxy.cut()  # the worker's database connections drop and new ones are refused ...
        time.sleep(2.0)
        proxy.restore()  # ... for two seconds
        wait_done(cluster.settings, batch_id, 90)
    finally:
        stop(worker)
        proxy.close()
    assert_each_page_stored_once(cluster.settings, batch_id, {n: 2 for n in files})
    with session_scope(cluster.settings) as session:
        ids = [str(i) for i in session.scalars(select(SourceFile.id).where(SourceFile.batch_id == batch_id))]
        retried = session.scalar(
            select(func.max(Task.attempts)).where(Task.kind == "process_file", Task.ref_id.in_(ids))
        )
    assert (retried or 0) >= 2  # at least one task met the outage and was retried
