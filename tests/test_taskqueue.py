"""The queue's mechanics in embedded (eager) mode with a stand-in reader: no OCR, no servers.

The stand-in (tests/queue_standin.py) replaces only the OCR step; blobs, page
splitting, checkpoints, saving and assembling are the real code.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import queue_standin
from queue_cluster import tiff, upload
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from ingest.blobs import blob_store_from_settings
from kernel.domain import DocType
from kernel.inputs import InputFile
from kernel.outcome import CheckpointCallback, FileOutcome
from kernel.reading import PageReading
from kernel.settings import Settings
from store.db import session_scope
from store.migrate import upgrade
from store.models import Batch, Filing, Page, SourceFile, StatusEvent, Task
from store.repository import batch_progress
from taskqueue.app import make_celery
from taskqueue.intake import IdempotencyKeyReused, Upload, accept_batch
from taskqueue.tasks import PROCESS_FILE, set_pipeline

reads: list[tuple[str, int]] = []


def counting_reader(
    f: InputFile, settings: Settings, done: Mapping[int, PageReading], on_page: CheckpointCallback
) -> FileOutcome:
    def note(page: object, reading: PageReading) -> None:
        reads.append((f.source, reading.page))
        on_page(page, reading)  # type: ignore[arg-type]

    return queue_standin.read_file(f, settings, done, note)


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    monkeypatch.setenv("FILINGDESK_STANDIN_PAGE_SECONDS", "0")
    s = Settings(home=tmp_path / "home")
    upgrade(s)
    reads.clear()
    set_pipeline(counting_reader)
    yield s
    set_pipeline(None)


def task_rows(settings: Settings) -> list[tuple[str, str, int, str | None]]:
    with session_scope(settings) as session:
        return [
            (t.kind, t.state, t.attempts, t.error) for t in session.scalars(select(Task).order_by(Task.id))
        ]


def test_app_is_configured_for_safe_delivery(settings: Settings) -> None:
    conf = make_celery(settings).conf
    assert conf.task_always_eager and conf.task_acks_late and conf.task_reject_on_worker_lost
    assert conf.worker_prefetch_multiplier == 1 and conf.accept_content == ["json"]
    prod = make_celery(Settings(home=settings.home, broker_url="redis://127.0.0.1:6379/0")).conf
    assert not prod.task_always_eager and prod.broker_url == "redis://127.0.0.1:6379/0"


def test_upload_is_read_assembled_and_waits_for_review(settings: Settings) -> None:
    batch_id = upload(settings, [Upload("a.tif", tiff(3, 1)), Upload("b.tif", tiff(1, 2))])
    assert sorted(reads) == [("a.tif", 1), ("a.tif", 2), ("a.tif", 3), ("b.tif", 1)]
    with session_scope(settings) as session:
        progress = batch_progress(session, batch_id)
        assert progress.state == "done" and (progress.pages_total, progress.pages_done) == (4, 4)
        assert [f.state for f in progress.files] == ["done", "done"] and len(progress.documents) == 2
        filings = session.scalars(select(Filing).where(Filing.id.in_(progress.filings))).all()
        assert filings and {f.review_status for f in filings} == {"needs_review"}
        events = session.scalars(select(StatusEvent)).all()
        assert {(e.from_status, e.to_status, e.who) for e in events} == {
            ("received", "needs_review", "system")
        }
        pages = session.scalars(select(Page).order_by(Page.id)).all()
        assert len(pages) == 4 and all(p.blob_sha256 and p.reading for p in pages)
    assert [(k, s) for k, s, _, _ in task_rows(settings)] == [
        ("process_file", "done"),
        ("process_file", "done"),
        ("assemble_batch", "done"),
    ]


def test_bad_and_duplicate_files_get_rows_with_reasons(settings: Settings) -> None:
    scan = tiff(1, 3)
    first = upload(settings, [Upload("scan.tif", scan)])
    batch_id = upload(
        settings,
        [
            Upload("empty.pdf", b""),
            Upload("notes.jpg", b"just some text, not an image"),
            Upload("broken.pdf", b"%PDF-1.7\n garbage without any objects"),
            Upload("again.tif", scan),
            Upload("../../etc/new.tif", tiff(2, 4)),
            Upload("new.tif", tiff(2, 4)),
        ],
    )
    with session_scope(settings) as session:
        files = {f.source: f for f in batch_progress(session, batch_id).files}
        original = session.scalars(select(SourceFile).where(SourceFile.batch_id == first)).one()
        again = session.scalars(select(SourceFile).where(SourceFile.source == "again.tif")).one()
    assert files["empty.pdf"].error_code == "empty_file"
    assert files["notes.jpg"].error_code == "not_an_image"
    assert files["broken.pdf"].error_code == "pdf_corrupt"
    assert files["again.tif"].state == "duplicate" and again.duplicate_of_file_id == original.id
    assert files["new.tif"].state == "done" and files["new (2).tif"].state == "duplicate"
    assert sorted(reads) == [("new.tif", 1), ("new.tif", 2), ("scan.tif", 1)]


def test_same_idempotency_key_returns_the_first_batch(settings: Settings) -> None:
    first = upload(settings, [Upload("a.tif", tiff(1, 5))], key="k-1")
    with session_scope(settings) as session:
        again = accept_batch(
            session,
            settings,
            station="w1",
            uploads=[Upload("a.tif", tiff(1, 5))],
            idempotency_key="k-1",
            celery_app=make_celery(settings),
        )
        with pytest.raises(IdempotencyKeyReused):  # the same key with other files is not a retry
            accept_batch(
                session,
                settings,
                station="w1",
                uploads=[Upload("other.tif", tiff(1, 6))],
                idempotency_key="k-1",
                celery_app=make_celery(settings),
            )
        batches = session.scalars(select(Batch)).all()
    assert (again.batch_id, again.created, [f.source for f in again.files]) == (first, False, ["a.tif"])
    assert len(batches) == 1 and reads == [("a.tif", 1)]


def test_rollback_enqueues_nothing(settings: Settings) -> None:
    with pytest.raises(RuntimeError), session_scope(settings) as session:
        accept_batch(
            session,
            settings,
            station="w1",
            uploads=[Upload("a.tif", tiff(1, 7))],
            idempotency_key=None,
            celery_app=make_celery(settings),
        )
        raise RuntimeError("the request failed after intake")
    with session_scope(settings) as session:
        session.add(Batch(station="later"))  # a later commit on a new session sends nothing stale
    assert reads == [] and task_rows(settings) == []


class WorkerKilled(BaseException):
    """Like SIGKILL for the code under test: no ``except Exception`` sees it, nothing is recorded."""


def test_redelivery_resumes_after_the_checkpointed_pages(settings: Settings) -> None:
    """A worker died after page 2 of 3: the redelivered task reads page 3 only, once."""
    app = make_celery(settings)
    crash_after = {"a.tif": 2}

    def dying_reader(
        f: InputFile, settings: Settings, done: Mapping[int, PageReading], on_page: CheckpointCallback
    ) -> FileOutcome:
        def note(page: object, reading: PageReading) -> None:
            counting_reader_note(f, reading, on_page, page)
            if crash_after.get(f.source) == reading.page:
                crash_after.pop(f.source)
                raise WorkerKilled

        return queue_standin.read_file(f, settings, done, note)

    set_pipeline(dying_reader)
    with session_scope(settings) as session:
        batch = Batch(station="w1")
        session.add(batch)
        session.flush()
        sha = blob_store_from_settings(settings).put(tiff(3, 8))
        sf = SourceFile(batch_id=batch.id, source="a.tif", sha256=sha, blob_sha256=sha, kind="tiff", pages=3)
        sf.state = "queued"
        session.add(sf)
        session.flush()
        row = Task(kind="process_file", ref_id=str(sf.id), state="queued")
        session.add(row)
        session.flush()
        sf_id, task_id, batch_id = sf.id, row.id, batch.id
    deliver = app.tasks[PROCESS_FILE]
    with pytest.raises(WorkerKilled):
        deliver.apply(args=[sf_id], kwargs={"task_id": task_id}, throw=True)
    assert reads == [("a.tif", 1), ("a.tif", 2)]
    assert task_rows(settings)[0][:2] == ("process_file", "running")
    assert deliver.apply(args=[sf_id], kwargs={"task_id": task_id}).get() == "done"
    assert reads == [("a.tif", 1), ("a.tif", 2), ("a.tif", 3)]
    assert deliver.apply(args=[sf_id], kwargs={"task_id": task_id}).get() == "skipped"
    assert task_rows(settings)[0][:3] == ("process_file", "done", 2)
    with session_scope(settings) as session:
        assert batch_progress(session, batch_id).state == "done"
        assert len(session.scalars(select(Page)).all()) == 3


def counting_reader_note(
    f: InputFile, reading: PageReading, on_page: CheckpointCallback, page: object
) -> None:
    reads.append((f.source, reading.page))
    on_page(page, reading)  # type: ignore[arg-type]


def test_poisoned_file_is_dead_lettered_and_the_batch_completes(settings: Settings) -> None:
    batch_id = upload(settings, [Upload("poison.tif", tiff(1, 9)), Upload("good.tif", tiff(1, 10))])
    with session_scope(settings) as session:
        progress = batch_progress(session, batch_id)
    files = {f.source: f for f in progress.files}
    assert files["poison.tif"].state == "failed" and files["poison.tif"].error_code == "processing_failed"
    assert "always breaks the reader" in (files["poison.tif"].error_message or "")
    assert files["good.tif"].state == "done" and progress.state == "done" and len(progress.filings) == 1
    dead = [row for row in task_rows(settings) if row[1] == "dead"]
    assert len(dead) == 1 and "PoisonedFile" in (dead[0][3] or "")


def test_transient_database_error_is_retried(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    failures = iter([True, True])

    def flaky(
        f: InputFile, settings: Settings, done: Mapping[int, PageReading], on_page: CheckpointCallback
    ) -> FileOutcome:
        if next(failures, False):
            raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))
        return counting_reader(f, settings, done, on_page)

    set_pipeline(flaky)
    monkeypatch.setattr("taskqueue.tasks.backoff", lambda attempt: 0.0)
    upload(settings, [Upload("a.tif", tiff(1, 11))])
    assert reads == [("a.tif", 1)]
    assert task_rows(settings)[0] == ("process_file", "done", 3, None)


def test_missing_source_file_is_dead(settings: Settings) -> None:
    app = make_celery(settings)
    assert app.tasks[PROCESS_FILE].apply(args=[9999]).get() == "dead"
    assert task_rows(settings) == [
        ("process_file", "dead", 1, "LookupError: source file 9999 does not exist")
    ]


@pytest.mark.redis
def test_with_a_broker_the_task_is_published_after_commit_not_run(settings: Settings) -> None:
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.skip(f"Redis at {url} is unreachable: {exc}")
    app = make_celery(Settings(home=settings.home, broker_url=url))
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge("filingdesk")
        with session_scope(settings) as session:
            accept_batch(
                session,
                settings,
                station="w1",
                uploads=[Upload("a.tif", tiff(1, 12))],
                idempotency_key=None,
                celery_app=app,
            )
        _, waiting, _ = conn.default_channel.queue_declare("filingdesk", passive=True)
        conn.default_channel.queue_purge("filingdesk")
    assert waiting == 1 and reads == []
    assert task_rows(settings) == [("process_file", "queued", 0, None)]


def test_status_reports_depth_throughput_and_dead_letters(settings: Settings) -> None:
    from taskqueue.status import queue_status

    upload(settings, [Upload("a.tif", tiff(3, 13)), Upload("poison.tif", tiff(1, 14))])
    snapshot = queue_status(settings)
    assert snapshot.queue_depth == 0 and snapshot.pages_waiting == 0
    assert snapshot.pages_last_window == 3 and snapshot.pages_per_second == pytest.approx(3 / 300)
    assert snapshot.by_state == {"done": 2, "dead": 1}
    assert [f["kind"] for f in snapshot.failed] == ["process_file"] and "PoisonedFile" in snapshot.failed[0][
        "error"
    ]


def unsent(settings: Settings) -> list[tuple[str, str]]:
    with session_scope(settings) as session:
        return [(t.kind, t.state) for t in session.scalars(select(Task).where(Task.sent_at.is_(None)))]


def test_a_task_the_broker_refused_is_sent_by_the_reaper(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from celery import Task as CeleryTask
    from kombu.exceptions import OperationalError as BrokerDown

    from taskqueue.outbox import UNSENT_GRACE, send_unsent
    from taskqueue.reaper import TASK_NAMES

    def refuse(*args: object, **kwargs: object) -> None:
        raise BrokerDown("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with monkeypatch.context() as down:  # Redis restarting: the commit stands, the send fails
        down.setattr(CeleryTask, "apply_async", refuse)
        batch_id = upload(settings, [Upload("a.tif", tiff(2, 7))])  # no error to the station
    assert reads == [] and unsent(settings) == [("process_file", "queued")]
    app = make_celery(settings)

    assert send_unsent(settings, app, TASK_NAMES) == 0  # within the grace its sender may still be at it
    later = datetime.now(UTC) + UNSENT_GRACE + timedelta(seconds=1)
    assert send_unsent(settings, app, TASK_NAMES, now=later) == 1
    assert sorted(reads) == [("a.tif", 1), ("a.tif", 2)]
    with session_scope(settings) as session:
        assert batch_progress(session, batch_id).state == "done"
    assert unsent(settings) == [] and send_unsent(settings, app, TASK_NAMES, now=later) == 0


def test_a_sent_task_the_broker_lost_is_sent_again_by_requeue(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import taskqueue.outbox as outbox
    from taskqueue.recover import requeue_stale

    with monkeypatch.context() as lost:  # a Redis without persistence restarted: taken, then gone
        lost.setattr(outbox, "send", lambda task, args, kwargs: True)
        batch_id = upload(settings, [Upload("a.tif", tiff(2, 7))])
    assert reads == [] and [(k, s) for k, s, _, _ in task_rows(settings)] == [("process_file", "queued")]
    assert unsent(settings) == []  # marked sent: only requeue can know better
    app = make_celery(settings)
    assert requeue_stale(settings, app, timedelta(minutes=30)) == 0  # too young to be called lost
    assert requeue_stale(settings, app, timedelta(0)) == 1
    assert sorted(reads) == [("a.tif", 1), ("a.tif", 2)]
    with session_scope(settings) as session:
        assert batch_progress(session, batch_id).state == "done"
    assert requeue_stale(settings, app, timedelta(0)) == 0  # nothing left waiting


def foreign_reader(
    f: InputFile, settings: Settings, done: Mapping[int, PageReading], on_page: CheckpointCallback
) -> FileOutcome:
    """The stand-in reader, except that a file named like an invoice reads as no filing document."""
    outcome = queue_standin.read_file(f, settings, done, on_page)
    if "invoice" in f.source:
        outcome.documents = [d.model_copy(update={"doc_type": DocType.UNKNOWN}) for d in outcome.documents]
    return outcome


def test_a_foreign_page_goes_into_no_filing_and_progress_says_why(settings: Settings) -> None:
    set_pipeline(foreign_reader)
    mixed = upload(settings, [Upload("a.tif", tiff(1, 41)), Upload("invoice.tif", tiff(1, 42))])
    only_foreign = upload(settings, [Upload("invoice.tif", tiff(2, 43))])
    with session_scope(settings) as session:
        progress = batch_progress(session, mixed)
        alone = batch_progress(session, only_foreign)
    by_source = {d.source: d for d in progress.documents}
    assert progress.state == "done" and len(progress.filings) == 1
    assert by_source["a.tif"].filing == progress.filings[0] and by_source["a.tif"].reason is None
    assert by_source["invoice.tif"].filing is None
    assert by_source["invoice.tif"].reason == "not_a_filing_document"
    assert alone.state == "done" and alone.filings == []  # a batch of foreign pages makes no filing
    assert [d.reason for d in alone.documents] == ["not_a_filing_document"]


def test_a_worker_reads_with_a_process_per_core_each_with_its_share_of_threads(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import os

    from taskqueue.worker import share_cores, worker_processes

    monkeypatch.delenv("FILINGDESK_OCR_THREADS", raising=False)
    monkeypatch.delenv("FILINGDESK_WORKER_CONCURRENCY", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 4)
    default = Settings()
    assert worker_processes(default) == 4 and share_cores(default, 4).ocr_threads == 1
    assert share_cores(default, 2).ocr_threads == 2 and share_cores(default, 1) is default
    assert share_cores(Settings(ocr_threads=3), 4).ocr_threads == 3  # the operator's number stands
    assert worker_processes(Settings(worker_concurrency=1)) == 1
