"""The whole path over HTTP with the real OCR pipeline: a committed sample packet in, a filing out."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from api_support import make_api

from filingdesk.pipeline import read_with_engines
from taskqueue.tasks import set_pipeline

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "packet_001"


@pytest.fixture
def ocr_reader() -> Iterator[None]:
    """This test process is the worker: with no broker, tasks run in it, with the OCR pipeline."""
    set_pipeline(read_with_engines)
    yield
    set_pipeline(None)


@pytest.mark.slow
def test_uploaded_sample_becomes_a_filing_with_fields(tmp_path: Path, ocr_reader: None) -> None:
    api = make_api(tmp_path)
    truth = json.loads((SAMPLE / "truth.json").read_text(encoding="utf-8"))
    scans = sorted(p for p in SAMPLE.iterdir() if p.name != "truth.json")
    r = api.client.post(
        "/v1/batches",
        data={"station_id": api.station},
        files=[("files", (p.name, p.read_bytes(), "application/octet-stream")) for p in scans],
        headers={**api.as_("station"), "Idempotency-Key": "sample-1"},
    )
    assert r.status_code == 202, r.text
    progress = api.client.get(r.json()["status_url"], headers=api.as_("station")).json()
    assert progress["state"] == "done" and progress["pages_done"] == progress["pages_total"] > 0
    assert len(progress["filings"]) == 1

    detail = api.client.get(f"/v1/filings/{progress['filings'][0]}", headers=api.as_("reviewer")).json()
    expected = truth["filings"][0]
    assert detail["filing"]["id_number"] == expected["id_number"]
    assert detail["filing"]["review_status"] == "needs_review"
    decl = next(d for d in detail["documents"] if d["doc_type"] == "declaration_form")
    assert decl["fields"]["name"]["value"] == expected["name"]
    assert decl["page_images"], "page images are linked for the reviewer"
    page = api.client.get(decl["page_images"][0]["thumb_url"], headers=api.as_("reviewer"))
    assert page.status_code == 200 and page.headers["content-type"] == "image/png"
