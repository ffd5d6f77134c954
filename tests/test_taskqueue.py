"""The queue's mechanics in embedded (eager) mode, with a stand-in pipeline: no OCR, no Redis."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from filingdesk.domain import DocType, FilingStatus
from filingdesk.schema import DocumentResult, FilingResult, ProcessResult
from filingdesk.settings import Settings
from store.db import session_scope
from store.migrate import upgrade
from store.models import Batch, Document, SourceFile, Task
from taskqueue.app import make_celery
from taskqueue.tasks import PROCESS_FILE, enqueue_process_file, set_pipeline

calls: list[int] = []


def fake_pipeline(source_file: SourceFile, settings: Settings) -> ProcessResult:
    calls.append(source_file.id)
    doc = DocumentResult(
        id=f"doc-{source_file.id}", source=source_file.source, pages=[1], doc_type=DocType.DECLARATION_FORM
    )
    return ProcessResult(
        documents=[doc],
        filings=[
            FilingResult(id=f"filing-{source_file.id}", documents=[doc.id], status=FilingStatus.INCOMPLETE)
        ],
    )


@pytest.fixture
def settings(tmp_path: Path) -> Iterator[Settings]:
    s = Settings(home=tmp_path / "home")
    upgrade(s)
    calls.clear()
    set_pipeline(fake_pipeline)
    yield s
    set_pipeline(None)


def new_source_file(settings: Settings) -> int:
    with session_scope(settings) as session:
        batch = Batch(station="w1")
        session.add(batch)
        session.flush()
        row = SourceFile(batch_id=batch.id, source="p1/form.pdf")
        session.add(row)
        session.flush()
        return row.id


def task_rows(settings: Settings) -> list[tuple[str, int, str | None]]:
    with session_scope(settings) as session:
        return [(t.state, t.attempts, t.error) for t in session.scalars(select(Task).order_by(Task.id))]


def test_app_is_configured_for_safe_delivery(settings: Settings) -> None:
    conf = make_celery(settings).conf
    assert conf.task_always_eager and conf.task_acks_late and conf.task_reject_on_worker_lost
    assert conf.worker_prefetch_multiplier == 1 and conf.accept_content == ["json"]
    prod = make_celery(Settings(home=settings.home, broker_url="redis://127.0.0.1:6379/0")).conf
    assert not prod.task_always_eager and prod.broker_url == "redis://127.0.0.1:6379/0"


def test_eager_mode_runs_the_task_in_process_after_commit(settings: Settings) -> None:
    app = make_celery(settings)
    sf = new_source_file(settings)
    with session_scope(settings) as session:
        enqueue_process_file(session, app, sf)
        assert calls == []  # nothing runs before the commit
    assert calls == [sf]
    assert task_rows(settings) == [("done", 1, None)]
    with session_scope(settings) as session:
        assert session.get(Document, f"doc-{sf}") is not None


def test_rollback_enqueues_nothing(settings: Settings) -> None:
    app = make_celery(settings)
    sf = new_source_file(settings)
    with pytest.raises(RuntimeError), session_scope(settings) as session:
        enqueue_process_file(session, app, sf)
        raise RuntimeError("upload failed half-way")
    with session_scope(settings) as session:
        session.add(Batch(station="later"))  # a later commit on a new session sends nothing stale
    assert calls == [] and task_rows(settings) == []


def test_redelivery_of_a_finished_task_does_not_run_it_again(settings: Settings) -> None:
    app = make_celery(settings)
    sf = new_source_file(settings)
    with session_scope(settings) as session:
        task_id = enqueue_process_file(session, app, sf).id
    assert app.tasks[PROCESS_FILE].apply(args=[sf], kwargs={"task_id": task_id}).get() == "skipped"
    assert calls == [sf]


def test_permanent_error_marks_the_task_dead_with_its_reason(settings: Settings) -> None:
    app = make_celery(settings)

    def broken(source_file: SourceFile, settings: Settings) -> ProcessResult:
        raise ValueError("model folder missing")

    set_pipeline(broken)
    assert app.tasks[PROCESS_FILE].apply(args=[new_source_file(settings)]).get() == "dead"
    states = task_rows(settings)
    assert states[0] == ("dead", 1, "ValueError: model folder missing")


def test_missing_source_file_is_dead(settings: Settings) -> None:
    app = make_celery(settings)
    assert app.tasks[PROCESS_FILE].apply(args=[9999]).get() == "dead"
    assert task_rows(settings) == [("dead", 1, "LookupError: source file 9999 does not exist")]


def test_transient_database_error_is_retried(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_celery(settings)
    failures = iter([True, True])

    def flaky(source_file: SourceFile, settings: Settings) -> ProcessResult:
        if next(failures, False):
            raise OperationalError("SELECT 1", {}, Exception("server closed the connection"))
        return fake_pipeline(source_file, settings)

    set_pipeline(flaky)
    monkeypatch.setattr("taskqueue.tasks.backoff", lambda attempt: 0.0)
    sf = new_source_file(settings)
    with session_scope(settings) as session:
        enqueue_process_file(session, app, sf)
    assert calls == [sf]
    assert task_rows(settings) == [("done", 3, None)]


@pytest.mark.redis
def test_with_a_broker_the_task_is_published_after_commit_not_run(settings: Settings) -> None:
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.skip(f"Redis at {url} is unreachable: {exc}")
    app = make_celery(Settings(home=settings.home, broker_url=url))
    sf = new_source_file(settings)
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge("celery")
        with session_scope(settings) as session:
            enqueue_process_file(session, app, sf)
        _, waiting, _ = conn.default_channel.queue_declare("celery", passive=True)
        conn.default_channel.queue_purge("celery")
    assert waiting == 1 and calls == []
    assert task_rows(settings) == [("queued", 0, None)]
