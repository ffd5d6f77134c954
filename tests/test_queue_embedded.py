"""`filingdesk serve` on the embedded default: a SQLite-file broker and a supervised worker, no servers."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest
from queue_cluster import tiff, upload
from queue_services import ROOT, wait_for

from api.server import WorkerSupervisor, embedded_settings
from kernel.settings import Settings
from store.db import session_scope
from store.migrate import upgrade
from store.repository import batch_progress
from taskqueue.app import make_celery
from taskqueue.intake import Upload
from taskqueue.tasks import set_pipeline


def test_embedded_serve_processes_uploads_through_its_own_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT), str(ROOT / "tests")]))
    monkeypatch.setenv("FILINGDESK_PIPELINE", "queue_standin:read_file")
    monkeypatch.setenv("FILINGDESK_STANDIN_PAGE_SECONDS", "0.3")
    settings = embedded_settings(Settings(home=tmp_path / "home"))
    assert settings.broker_url.startswith("sqla+sqlite:///") and settings.broker_url.endswith("broker.sqlite")
    upgrade(settings)
    app = make_celery(settings)
    assert not app.conf.task_always_eager  # the request only enqueues
    supervisor = WorkerSupervisor(settings)
    supervisor.start()
    try:
        batch_id = upload(settings, [Upload("a.tif", tiff(3, 1)), Upload("b.tif", tiff(1, 2))])
        with session_scope(settings) as session:
            assert batch_progress(session, batch_id).state in ("received", "processing")

        def pages_done() -> int:
            with session_scope(settings) as session:
                return batch_progress(session, batch_id).pages_done

        wait_for(lambda: pages_done() >= 1, 60, "the first page")
        first = supervisor.proc
        assert first is not None
        os.kill(first.pid, signal.SIGKILL)  # the worker crashes: the supervisor starts another
        wait_for(lambda: supervisor.proc is not first and supervisor.proc is not None, 30, "a new worker")

        def state() -> str:
            with session_scope(settings) as session:
                return batch_progress(session, batch_id).state

        wait_for(lambda: state() == "done", 90, "the batch")
    finally:
        supervisor.stop()
    with session_scope(settings) as session:
        progress = batch_progress(session, batch_id)
    assert (progress.pages_done, progress.pages_total, len(progress.filings)) == (4, 4, 2)


@pytest.mark.slow
def test_real_pipeline_reads_a_sample_page_through_the_queue(tmp_path: Path) -> None:
    """End to end with OCR: one committed sample page in, a stored record waiting for review out."""
    import json

    from sqlalchemy import select

    from filingdesk.pipeline import read_with_engines
    from store.models import Filing, Page
    from store.repository import load_filing

    sample = ROOT / "samples" / "packet_002" / "scan_01.jpg"
    truth = json.loads((sample.parent / "truth.json").read_text(encoding="utf-8"))
    expected = next(d for d in truth["documents"] if d["source"] == "scan_01.jpg")
    settings = Settings(home=tmp_path / "home")  # embedded default: eager, in this process
    upgrade(settings)
    set_pipeline(read_with_engines)  # with no broker this process is the worker
    try:
        batch_id = upload(settings, [Upload(sample.name, sample.read_bytes())])
    finally:
        set_pipeline(None)
    with session_scope(settings) as session:
        progress = batch_progress(session, batch_id)
        assert progress.state == "done" and (progress.pages_done, progress.pages_total) == (1, 1)
        assert [d.doc_type for d in progress.documents] == [expected["doc_type"]]
        filing, documents = load_filing(session, progress.filings[0])
        page = session.scalars(select(Page)).one()
        review = session.get(Filing, filing.id).review_status  # type: ignore[union-attr]
    assert review == "needs_review"
    assert documents[0].fields["name"].value == expected["fields"]["name"]["value"]
    assert page.blob_sha256 and page.reading and page.reading["lines"]


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGKILL])
def test_serve_stops_its_worker(tmp_path: Path, stop: signal.Signals) -> None:
    """`filingdesk serve` stopped (SIGTERM) or killed (SIGKILL): the embedded worker must not outlive it."""
    import socket
    import subprocess
    import sys

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "FILINGDESK_HOME": str(tmp_path)}
    env.pop("FILINGDESK_DATABASE_URL", None)
    env.pop("FILINGDESK_BROKER_URL", None)
    serve = subprocess.Popen(
        [sys.executable, "-m", "filingdesk", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:

        def children() -> list[int]:
            out = subprocess.run(["pgrep", "-P", str(serve.pid)], capture_output=True, text=True).stdout
            return [int(p) for p in out.split()]

        def healthy() -> bool:
            try:
                return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200
            except httpx.HTTPError:
                return False

        wait_for(healthy, 60, "the API")
        wait_for(lambda: bool(children()), 30, "the worker child")
        (worker,) = children()
        serve.send_signal(stop)
        serve.wait(60)
        wait_for(lambda: not os.path.exists(f"/proc/{worker}") or _zombie(worker), 30, "the worker to stop")
    finally:
        if serve.poll() is None:
            serve.kill()


def _zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] == "Z"
    except OSError:
        return True
