"""Scanning stations over HTTP: uploads (files, zip, multi-page PDF), limits, idempotency, progress.

The embedded default runs the queue's tasks eagerly in-process; the reader is
the queue's light stand-in (real page splitting, no OCR) so these tests stay fast.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from api_support import Api, make_api, scan_pdf, scan_png


@pytest.fixture
def api(tmp_path: Path, standin: None) -> Api:
    return make_api(tmp_path, max_upload_bytes=2_000_000, max_batch_bytes=2_000_000, max_batch_files=5)


def _upload(api: Api, files: list[tuple[str, bytes]], key: str | None = None, station: str | None = None):
    headers = api.as_("station")
    if key:
        headers["Idempotency-Key"] = key
    return api.client.post(
        "/v1/batches",
        data={"station_id": station or api.station},
        files=[("files", (name, data, "application/octet-stream")) for name, data in files],
        headers=headers,
    )


def test_upload_queues_good_files_names_bad_ones_and_reports_progress(api: Api) -> None:
    r = _upload(
        api, [("a.png", scan_png("a")), ("b.jpg", scan_png("b")), ("notes.png", b"just some text\n" * 20)]
    )
    assert r.status_code == 202, r.text
    receipt = r.json()
    assert receipt["created"] is True and receipt["station"] == api.station
    states = {f["source"]: (f["state"], f["kind"], f["error_code"]) for f in receipt["files"]}
    assert states["a.png"] == ("queued", "png", None)
    assert states["b.jpg"] == ("queued", "png", None)  # the bytes decide, not the name
    assert states["notes.png"][0] == "failed" and states["notes.png"][2] == "not_an_image"

    r = api.client.get(receipt["status_url"], headers=api.as_("station"))
    assert r.status_code == 200, r.text
    progress = r.json()
    assert progress["state"] == "done" and progress["pages_total"] == 2 and progress["pages_done"] == 2
    assert {f["source"]: f["state"] for f in progress["files"]} == {
        "a.png": "done",
        "b.jpg": "done",
        "notes.png": "failed",
    }
    assert len(progress["documents"]) == 2
    assert api.client.get(receipt["status_url"], headers=api.as_("reviewer")).status_code == 200


def test_zip_and_multi_page_pdf_are_split(api: Api) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("p1/decl.png", scan_png("decl"))
        zf.writestr("p1/proof.png", scan_png("proof"))
    r = _upload(api, [("packet.zip", archive.getvalue()), ("three.pdf", scan_pdf(3))])
    assert r.status_code == 202, r.text
    progress = api.client.get(r.json()["status_url"], headers=api.as_("station")).json()
    assert progress["pages_total"] == 5 and progress["pages_done"] == 5
    assert {f["pages"] for f in progress["files"] if f["source"].endswith(".pdf")} == {3}


def test_same_idempotency_key_gives_the_first_receipt_and_same_file_is_a_duplicate(api: Api) -> None:
    scan = scan_png("once")
    first = _upload(api, [("x.png", scan)], key="k-1").json()
    again = _upload(api, [("x.png", scan)], key="k-1").json()
    assert again["batch_id"] == first["batch_id"] and again["created"] is False
    later = _upload(api, [("copy.png", scan)], key="k-2").json()
    assert later["batch_id"] != first["batch_id"]
    [copy] = later["files"]
    assert copy["state"] == "duplicate" and copy["duplicate_of_file_id"] is not None


def test_limits_answer_413_415_422(api: Api) -> None:
    r = _upload(api, [("big.png", scan_png() + b"\0" * 3_500_000)])
    assert r.status_code == 413 and r.json()["code"] == "too_large"
    r = _upload(api, [(f"{n}.png", scan_png(str(n))) for n in range(6)])
    assert r.status_code == 413 and r.json()["code"] == "too_many_files"
    r = _upload(api, [("letter.pdf", b"Dear sir,\nplease find attached.\n")])
    assert r.status_code == 415 and r.json()["code"] == "unsupported_media_type"
    r = api.client.post("/v1/batches", data={"station_id": api.station}, headers=api.as_("station"))
    assert r.status_code == 422 and r.json()["code"] == "invalid_request"
    r = _upload(api, [("a.png", scan_png())], station="someone-else")
    assert r.status_code == 403 and r.json()["code"] == "wrong_station"


def test_a_streamed_body_is_cut_off_at_the_limit(api: Api) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'--zzz\r\nContent-Disposition: form-data; name="files"; filename="big.png"\r\n\r\n'
        for _ in range(40):
            yield b"x" * 100_000

    r = api.client.post(
        "/v1/batches",
        content=chunks(),
        headers={**api.as_("station"), "Content-Type": "multipart/form-data; boundary=zzz"},
    )
    assert r.status_code == 413 and r.json()["code"] == "too_large"


def test_a_station_sees_only_its_own_batches(api: Api, tmp_path: Path) -> None:
    batch = _upload(api, [("a.png", scan_png())]).json()["batch_id"]
    from api.keys import create_key
    from store.db import session_scope

    with session_scope(api.settings) as session:
        _, other = create_key(session, role="station", name="other", station="elsewhere")
    r = api.client.get(f"/v1/batches/{batch}", headers={"Authorization": f"Bearer {other}"})
    assert r.status_code == 404
    assert api.client.get("/v1/batches/999999", headers=api.as_("admin")).status_code == 404


def test_batches_are_listed_newest_first_per_station_with_paging(api: Api) -> None:
    from api.keys import create_key
    from store.db import session_scope

    mine = [_upload(api, [(f"{i}.png", scan_png(f"page {i}"))]).json()["batch_id"] for i in range(3)]
    with session_scope(api.settings) as session:
        _, other = create_key(session, role="station", name="other", station="elsewhere")
    theirs = api.client.post(
        "/v1/batches",
        data={"station_id": "elsewhere"},
        files=[("files", ("x.png", scan_png("theirs"), "image/png"))],
        headers={"Authorization": f"Bearer {other}"},
    ).json()["batch_id"]

    first = api.client.get("/v1/batches?limit=2", headers=api.as_("station")).json()
    assert [b["batch_id"] for b in first["items"]] == [mine[2], mine[1]]
    assert first["items"][0]["pages_done"] == first["items"][0]["pages_total"] == 1
    rest = api.client.get(f"/v1/batches?limit=2&before={first['next_before']}", headers=api.as_("station"))
    assert [b["batch_id"] for b in rest.json()["items"]] == [mine[0]] and rest.json()["next_before"] is None

    everyone = api.client.get("/v1/batches", headers=api.as_("reviewer")).json()["items"]
    assert [b["batch_id"] for b in everyone] == [theirs, *reversed(mine)]
    only = api.client.get("/v1/batches?station=elsewhere", headers=api.as_("admin")).json()["items"]
    assert [b["batch_id"] for b in only] == [theirs]
    assert api.client.get("/v1/batches", headers=api.as_("integration")).status_code == 403
