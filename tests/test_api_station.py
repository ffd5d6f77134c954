"""What a scanning station reads over the API: ``/v1/me``, and a packet's summary with masked ID numbers.

Uploads go through the real intake and queue (eager, in this process); the reader is
``station_standin`` (sample scans read as their truth says, page confidence from the
pixels' sharpness), so filings, issues and page readings are the stored ones.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
from api_support import Api, make_api
from station_standin import read_file

from api.keys import create_key
from api.masking import mask_id_number
from api.station import FILE_ERROR_ZH, MISSING_CODES, page_verdict
from store.db import session_scope
from taskqueue.tasks import set_pipeline
from validate.codes import CODES

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
NO_PROOF = SAMPLES / "packet_010"  # a long-term resident's declaration without residence proof


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    set_pipeline(read_file)
    try:
        yield make_api(tmp_path)
    finally:
        set_pipeline(None)


def _blurred(scan: Path) -> bytes:
    image = cv2.imread(str(scan))
    ok, data = cv2.imencode(".jpg", cv2.GaussianBlur(image, (0, 0), 6))
    assert ok
    return data.tobytes()


def _upload(api: Api, files: list[tuple[str, bytes]], key: str = "station") -> dict:
    r = api.client.post(
        "/v1/batches",
        data={"station_id": api.station},
        files=[("files", (name, data, "application/octet-stream")) for name, data in files],
        headers=api.as_(key),
    )
    assert r.status_code == 202, r.text
    return r.json()


def _other_station_key(api: Api) -> dict[str, str]:
    with session_scope(api.settings) as session:
        _, plain = create_key(session, role="station", name="elsewhere", station=f"{api.station}-other")
    return {"Authorization": f"Bearer {plain}"}


def test_me_names_the_keys_role_and_station(api: Api) -> None:
    for role in ("station", "reviewer", "integration", "admin"):
        r = api.client.get("/v1/me", headers=api.as_(role))
        assert r.status_code == 200, r.text
        me = r.json()
        assert me["role"] == role and me["name"] == f"{role}-{api.station}"
        assert me["station"] == (api.station if role == "station" else None)
    r = api.client.get("/v1/me")
    assert r.status_code == 401 and r.json()["code"] == "unauthorized"


def test_summary_shows_found_documents_masked_id_what_is_missing_and_what_to_rescan(api: Api) -> None:
    truth = json.loads((NO_PROOF / "truth.json").read_text(encoding="utf-8"))["filings"][0]
    scan = NO_PROOF / "IMG_20260111.jpg"
    receipt = _upload(
        api,
        [
            (scan.name, scan.read_bytes()),
            ("blurred.jpg", _blurred(SAMPLES / "packet_008" / "scan_02.jpg")),
            ("empty.jpg", b""),
        ],
    )
    r = api.client.get(f"/v1/batches/{receipt['batch_id']}/summary", headers=api.as_("station"))
    assert r.status_code == 200, r.text
    assert truth["id_number"] not in r.text  # never the full number, anywhere in the answer
    summary = r.json()
    assert summary["state"] == "done" and summary["pages_done"] == summary["pages_total"] == 2

    (filing,) = summary["filings"]
    assert filing["name"] == truth["name"]
    assert filing["id_number_masked"] == mask_id_number(truth["id_number"]) != truth["id_number"]
    assert [d["doc_type"] for d in filing["documents"]] == ["declaration_form"]
    missing = {m["code"]: m["message"] for m in filing["missing"]}
    assert "residence_proof_missing" in missing and missing["residence_proof_missing"].startswith(
        "缺少居住证明"
    )
    assert set(missing) <= MISSING_CODES

    assert [(d["source"], d["doc_type"]) for d in summary["unfiled"]] == [("blurred.jpg", "unknown")]
    rescan = {(item["source"], item["page"]): (item["code"], item["message"]) for item in summary["rescan"]}
    assert rescan == {
        ("empty.jpg", None): ("empty_file", FILE_ERROR_ZH["empty_file"]),
        ("blurred.jpg", 1): ("page_blurred", "页面模糊，请重新扫描"),
    }

    as_reviewer = api.client.get(f"/v1/batches/{receipt['batch_id']}/summary", headers=api.as_("reviewer"))
    assert as_reviewer.status_code == 200 and truth["id_number"] not in as_reviewer.text


def test_a_station_never_sees_another_stations_batch(api: Api) -> None:
    scan = NO_PROOF / "IMG_20260111.jpg"
    batch_id = _upload(api, [(scan.name, scan.read_bytes())])["batch_id"]
    other = _other_station_key(api)
    for path in (f"/v1/batches/{batch_id}", f"/v1/batches/{batch_id}/summary"):
        r = api.client.get(path, headers=other)
        assert r.status_code == 404 and r.json()["code"] == "not_found", path
        assert api.client.get(path, headers=api.as_("station")).status_code == 200
    listed = api.client.get("/v1/batches", headers=other).json()["items"]
    assert batch_id not in [b["batch_id"] for b in listed]
    assert api.client.get("/v1/batches/999999/summary", headers=api.as_("station")).status_code == 404


def test_page_verdict_reads_the_stored_reading() -> None:
    def reading(*confidences: float, text_layer: bool = False) -> dict:
        lines = [{"text": "姓名", "confidence": c} for c in confidences]
        return {"lines": lines, "from_text_layer": text_layer}

    assert page_verdict(reading(0.97, 0.91)) is None
    assert page_verdict(reading(0.4, 0.5))[0] == "page_blurred"  # type: ignore[index]
    assert page_verdict(reading())[0] == "page_unreadable"  # type: ignore[index]
    assert page_verdict({"lines": [{"text": "", "confidence": 0.99}]})[0] == "page_unreadable"  # type: ignore[index]
    assert page_verdict(reading(0.3, text_layer=True)) is None


def test_missing_codes_are_registered_and_every_refusal_reads_in_chinese() -> None:
    assert CODES.keys() >= MISSING_CODES
    assert all(CODES[code].zh for code in MISSING_CODES)
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in text) for text in FILE_ERROR_ZH.values())


def test_station_page_and_labels_are_served_under_the_page_policy(api: Api) -> None:
    page = api.client.get("/station")
    assert page.status_code == 200 and "station.js" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    labels = api.client.get("/station/labels.json").json()
    assert labels["file_errors"]["image_corrupt"] == FILE_ERROR_ZH["image_corrupt"]
    assert labels["doc_types"]["declaration_form"]
    assert api.client.get("/station/static/station-upload.js").status_code == 200
    assert api.client.get("/station/static/..%2Fstation.py").status_code == 404


def test_sharp_and_blurred_scans_differ_in_the_standins_confidence() -> None:
    from station_standin import sharpness_confidence

    image = cv2.imread(str(SAMPLES / "packet_008" / "scan_02.jpg"))
    assert sharpness_confidence(image) > 0.9
    assert sharpness_confidence(cv2.GaussianBlur(image, (0, 0), 6)) < 0.6
    assert sharpness_confidence(np.full((50, 50), 255, np.uint8)) < 0.6
