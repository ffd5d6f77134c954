"""The page frame travels: page checkpoint, stored document, the filing detail; the upload is served
in the frame the matrix starts from (原件), and a purged upload answers 410."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from api_support import Api, attach_page_image, make_api, scan_png, seed_filing
from builders import declaration, household_register
from PIL import Image
from sqlalchemy import select

from ingest.blobs import blob_store_from_settings
from kernel.reading import PageReading, SourceFrame
from kernel.schema import PageFrame
from store.db import session_scope
from store.models import SourceFile
from taskqueue.checkpoint import reading_from_json, reading_to_json

MATRIX = [[0.5, 0.0, -20.0], [0.0, 0.5, -10.0], [0.0, 0.0, 1.0]]  # a crop at (40, 20), halved


def test_checkpoint_keeps_the_frame() -> None:
    frame = SourceFrame(1200, 1600, ((0.5, 0.0, -20.0), (0.0, 0.5, -10.0), (0.0, 0.0, 1.0)), 0)
    reading = PageReading(page=2, width=600, height=800, frame=frame)
    again = reading_from_json(reading_to_json(reading), None)
    assert again.frame == frame
    old = reading_to_json(reading)
    del old["frame"]  # a checkpoint written before frames were kept
    assert reading_from_json(old, None).frame is None


def _seed_with_upload(api: Api, *, kind: str = "png") -> tuple[str, str, bytes]:
    frame = PageFrame(
        page=1, width=600, height=800, source_width=1240, source_height=1620, source_dpi=0, matrix=MATRIX
    )
    decl = declaration().model_copy(update={"page_frames": [frame]})
    filing_id = seed_filing(api, [decl, household_register()])
    upload = scan_png("as uploaded", size=(1240, 1620))
    with session_scope(api.settings) as session:
        row = session.scalars(select(SourceFile).where(SourceFile.source.endswith(decl.source))).one()
        row.blob_sha256, row.kind = blob_store_from_settings(api.settings).put(upload), kind
        source = row.source
    attach_page_image(api, source)
    return filing_id, source, upload


def test_filing_detail_gives_page_frames_and_the_original(tmp_path: Path) -> None:
    api = make_api(tmp_path)
    filing_id, _source, upload = _seed_with_upload(api)
    r = api.client.get(f"/v1/filings/{filing_id}", headers=api.as_("reviewer"))
    assert r.status_code == 200, r.text
    decl = next(d for d in r.json()["documents"] if d["doc_type"] == "declaration_form")
    assert decl["page_frames"] == [
        {
            "page": 1,
            "width": 600,
            "height": 800,
            "source_width": 1240,
            "source_height": 1620,
            "source_dpi": 0,
            "matrix": MATRIX,
        }
    ]
    image = decl["page_images"][0]
    assert image["original_url"] == f"/v1/pages/{decl['id']}/1/original.png"
    got = api.client.get(image["original_url"], headers=api.as_("reviewer"))
    assert got.status_code == 200 and got.headers["content-type"] == "image/png"
    shown = np.asarray(Image.open(io.BytesIO(got.content)).convert("RGB"))
    sent = np.asarray(Image.open(io.BytesIO(upload)).convert("RGB"))
    assert shown.shape == sent.shape and np.array_equal(shown, sent)  # the upload's own pixels
    assert api.client.get(got.url.path, headers=api.as_("station")).status_code == 403
    missing = api.client.get(f"/v1/pages/{decl['id']}/9/original.png", headers=api.as_("reviewer"))
    assert missing.status_code == 404


def test_purged_upload_answers_410(tmp_path: Path) -> None:
    api = make_api(tmp_path)
    filing_id, source, _upload = _seed_with_upload(api)
    with session_scope(api.settings) as session:
        row = session.scalars(select(SourceFile).where(SourceFile.source == source)).one()
        row.purged_at, row.blob_sha256 = datetime.now(UTC), None
    detail = api.client.get(f"/v1/filings/{filing_id}", headers=api.as_("reviewer")).json()
    decl = next(d for d in detail["documents"] if d["doc_type"] == "declaration_form")
    assert decl["page_images"][0]["original_url"] is None
    r = api.client.get(f"/v1/pages/{decl['id']}/1/original.png", headers=api.as_("reviewer"))
    assert r.status_code == 410 and r.json()["code"] == "image_purged"


def test_openapi_documents_the_frame(tmp_path: Path) -> None:
    api = make_api(tmp_path)
    spec = api.client.get("/openapi.json").json()
    assert "/v1/pages/{document_id}/{page}/original.png" in spec["paths"]
    frame = spec["components"]["schemas"]["PageFrame"]
    assert "inverse" in spec["components"]["schemas"]["DocumentOut"]["description"]
    assert set(frame["properties"]) >= {"width", "height", "source_width", "source_height", "matrix"}
