"""Leases on the production set-up: PostgreSQL, a private Redis, real `filingdesk worker` processes.

The SIGKILL and Redis-restart tests run with the settings a user gets
(lease 30 s, visibility timeout 3600 s): only the stand-in reader's pace and
log are set. The SIGSTOP test is the one place a short lease is set (3 s), so
that a frozen worker is overtaken without a long wait; the two-worker test
sets a short visibility timeout, to make Redis redeliver tasks that are
still being read.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from queue_cluster import (
    PAGE_SECONDS,
    Cluster,
    assert_each_page_stored_once,
    reads,
    start_cluster,
    tiff,
    upload,
    wait_done,
)
from queue_services import ROOT, stop, wait_for
from sqlalchemy import select

from kernel.settings import Settings
from store.db import session_scope
from store.models import Filing, Page, SourceFile, Task
from taskqueue.intake import Upload

pytestmark = [pytest.mark.postgres, pytest.mark.redis]
SAMPLE_PACKETS = ("packet_002", "packet_003", "packet_005", "packet_008")  # 11 pages in all


@pytest.fixture
def defaults(tmp_path: Path, own_postgres_url: str) -> Iterator[Cluster]:
    yield from start_cluster(tmp_path, own_postgres_url)


def sample_pages(packet: str) -> dict[str, int]:
    """Pages per file of a committed sample packet, from its truth file."""
    truth = json.loads((ROOT / "samples" / packet / "truth.json").read_text(encoding="utf-8"))
    pages: dict[str, int] = {}
    for doc in truth["documents"]:
        pages[doc["source"]] = max([pages.get(doc["source"], 0), *doc["pages"]])
    return pages


def upload_packet(settings: Settings, packet: str) -> int:
    folder = ROOT / "samples" / packet
    return upload(settings, [Upload(name, (folder / name).read_bytes()) for name in sample_pages(packet)])


def my_reads(cluster: Cluster, batch_ids: list[int]) -> dict[tuple[str, int], int]:
    with session_scope(cluster.settings) as session:
        shas = set(session.scalars(select(SourceFile.sha256).where(SourceFile.batch_id.in_(batch_ids))))
    return {k: v for k, v in reads(cluster).items() if k[0] in shas}


def test_sigkill_three_times_with_default_settings_resumes_within_a_minute(defaults: Cluster) -> None:
    assert not any(
        k in defaults.env for k in ("FILINGDESK_TASK_LEASE_SECONDS", "FILINGDESK_BROKER_VISIBILITY_TIMEOUT")
    )
    worker = defaults.worker()
    try:
        batch_ids = [upload_packet(defaults.settings, packet) for packet in SAMPLE_PACKETS]
        for _ in range(3):  # an OOM kill or a reboot mid-page, then a fresh worker
            before = sum(reads(defaults).values())

            def more_read(before: int = before) -> bool:
                return sum(reads(defaults).values()) > before

            wait_for(more_read, 90, "a page read")
            time.sleep(PAGE_SECONDS / 2)
            worker.kill()
            worker.wait(10)
            worker = defaults.worker()
        deadline = time.monotonic() + 60  # the claim: everything done within a minute of the last kill
        for batch_id in batch_ids:
            wait_done(defaults.settings, batch_id, max(0.0, deadline - time.monotonic()))
    finally:
        stop(worker)
    for packet, batch_id in zip(SAMPLE_PACKETS, batch_ids, strict=True):
        assert_each_page_stored_once(defaults.settings, batch_id, sample_pages(packet))
    counted = my_reads(defaults, batch_ids)
    assert len(counted) == 11  # every page read; a page cut short by a kill may be read again
    assert sum(counted.values()) <= 11 + 3
    with session_scope(defaults.settings) as session:
        states = session.scalars(select(Task.state).where(Task.kind == "process_file")).all()
    assert "running" not in states


def test_frozen_worker_is_overtaken_and_its_late_write_refused(tmp_path: Path, own_postgres_url: str) -> None:
    # the one test with a short lease (3 s): a worker frozen longer than that is overtaken
    gen = start_cluster(
        tmp_path, own_postgres_url, FILINGDESK_TASK_LEASE_SECONDS="3", FILINGDESK_STANDIN_PAGE_SECONDS="1.0"
    )
    cluster = next(gen)
    frozen = cluster.worker()
    taker: subprocess.Popen[bytes] | None = None
    try:
        batch_id = upload(cluster.settings, [Upload("long.tif", tiff(6, 500))])

        def by(pid: int) -> list[int]:
            return [page for (_, page), _ in _reads_by_pid(cluster, pid)]

        wait_for(lambda: len(by(frozen.pid)) >= 2, 90, "two pages read")
        time.sleep(0.5)  # in the middle of the third page
        os.kill(frozen.pid, signal.SIGSTOP)
        read_before = by(frozen.pid)
        taker = cluster.worker()
        wait_done(cluster.settings, batch_id, 90)
        os.kill(frozen.pid, signal.SIGCONT)  # wakes up, finishes its page, tries to store it
        wait_for(lambda: len(by(frozen.pid)) > len(read_before), 30, "the frozen worker's late page")
        late_page = by(frozen.pid)[-1]
        log = cluster.tmp / "worker.log"
        wait_for(lambda: "without writing" in log.read_text(errors="replace"), 30, "the refusal")
    finally:
        if frozen.poll() is None:
            os.kill(frozen.pid, signal.SIGCONT)
        stop(frozen)
        if taker is not None:
            stop(taker)
        next(gen, None)
    assert_each_page_stored_once(cluster.settings, batch_id, {"long.tif": 6})
    with session_scope(cluster.settings) as session:
        sf = session.scalars(select(SourceFile).where(SourceFile.batch_id == batch_id)).one()
        stored = {
            p.page_no: (p.reading or {})["lines"][0]["text"]
            for p in session.scalars(select(Page).where(Page.source_file_id == sf.id))
        }
        task = session.scalars(
            select(Task).where(Task.kind == "process_file", Task.ref_id == str(sf.id))
        ).one()
    assert stored[late_page] == f"page {late_page} pid {taker.pid}"  # the newer result stands
    assert all(stored[p] == f"page {p} pid {frozen.pid}" for p in read_before)  # its checkpoints kept
    assert (task.state, task.lease_owner, task.lease_token) == (
        "done",
        f"{socket.gethostname()}:{taker.pid}",
        2,
    )


def _reads_by_pid(cluster: Cluster, pid: int) -> list[tuple[tuple[str, int], int]]:
    if not cluster.read_log.exists():
        return []
    words = cluster.read_log.read_text().split()
    lines = [(words[i], int(words[i + 1]), int(words[i + 2])) for i in range(0, len(words) - 2, 3)]
    return [((sha, page), p) for sha, page, p in lines if p == pid]


def test_two_workers_never_read_a_task_held_under_a_valid_lease(
    tmp_path: Path, own_postgres_url: str
) -> None:
    # a visibility timeout (2 s) shorter than each task (8 pages × 0.5 s): Redis hands out copies
    gen = start_cluster(
        tmp_path,
        own_postgres_url,
        FILINGDESK_BROKER_VISIBILITY_TIMEOUT="2",
        FILINGDESK_STANDIN_PAGE_SECONDS="0.5",
    )
    cluster = next(gen)
    workers = [cluster.worker(), cluster.worker()]
    try:
        files = {f"t{i}.tif": tiff(8, 600 + i) for i in range(3)}
        batch_id = upload(cluster.settings, [Upload(n, d) for n, d in files.items()])
        wait_done(cluster.settings, batch_id, 120)
    finally:
        for w in workers:
            stop(w)
        next(gen, None)
    assert_each_page_stored_once(cluster.settings, batch_id, {n: 8 for n in files})
    counted = my_reads(cluster, [batch_id])
    assert len(counted) == 24 and set(counted.values()) == {1}  # no page read twice
    log = (cluster.tmp / "worker.log").read_text(errors="replace")
    assert "redelivery ignored" in log and "is held by" in log  # Redis did redeliver, and it was dropped


def test_redis_restart_mid_batch_with_default_settings(defaults: Cluster) -> None:
    stop(defaults.redis)  # this Redis keeps an append-only file, as production should
    aof = defaults.tmp / "redis-aof"
    aof.mkdir()
    port = str(defaults.redis_port)
    redis_cmd = ["redis-server", "--port", port, "--bind", "127.0.0.1", "--appendonly", "yes"]
    redis_cmd += ["--appendfsync", "always", "--save", "", "--dir", str(aof)]

    def start_redis() -> subprocess.Popen[bytes]:
        proc = subprocess.Popen(redis_cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ping = ["redis-cli", "-p", port, "ping"]
        wait_for(lambda: subprocess.run(ping, capture_output=True).returncode == 0, 20, "redis")
        return proc

    defaults.redis = start_redis()
    worker = defaults.worker()
    try:
        batch_ids = [upload_packet(defaults.settings, packet) for packet in SAMPLE_PACKETS]
        wait_for(lambda: sum(reads(defaults).values()) >= 2, 90, "first pages")
        stop(defaults.redis)  # Redis restarts mid-batch ...
        time.sleep(1.5)
        defaults.redis = start_redis()
        for batch_id in batch_ids:  # ... and the batches finish with nobody's help
            wait_done(defaults.settings, batch_id, 120)
    finally:
        stop(worker)
    for packet, batch_id in zip(SAMPLE_PACKETS, batch_ids, strict=True):
        assert_each_page_stored_once(defaults.settings, batch_id, sample_pages(packet))


@pytest.mark.slow
def test_real_ocr_worker_killed_mid_packet_resumes_on_defaults(defaults: Cluster) -> None:
    """The one case with the real OCR pipeline: SIGKILL after the first page is stored."""
    worker = defaults.worker(FILINGDESK_PIPELINE="")  # empty: the installed OCR engines

    def pages_stored(batch_id: int) -> list[tuple[int, int]]:
        with session_scope(defaults.settings) as session:
            query = (
                select(Page.source_file_id, Page.page_no)
                .join(SourceFile, SourceFile.id == Page.source_file_id)
                .where(SourceFile.batch_id == batch_id, Page.reading.is_not(None))
            )
            return [(int(a), int(b)) for a, b in session.execute(query).all()]

    try:
        batch_id = upload_packet(defaults.settings, "packet_002")
        wait_for(lambda: len(pages_stored(batch_id)) >= 1, 300, "the first OCR page")
        worker.kill()
        worker.wait(10)
        worker = defaults.worker(FILINGDESK_PIPELINE="")
        wait_done(defaults.settings, batch_id, 300)
    finally:
        stop(worker)
    stored = pages_stored(batch_id)
    assert len(stored) == len(set(stored)) == sum(sample_pages("packet_002").values())
    with session_scope(defaults.settings) as session:
        files = session.scalars(select(SourceFile.id).where(SourceFile.batch_id == batch_id)).all()
        tasks = session.scalars(
            select(Task).where(Task.kind == "process_file", Task.ref_id.in_([str(f) for f in files]))
        ).all()
        filings = session.scalars(select(Filing.id).where(Filing.batch_id == batch_id)).all()
    assert {t.state for t in tasks} == {"done"} and filings and len(filings) == len(set(filings))
