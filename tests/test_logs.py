"""Structured logs: with FILINGDESK_LOG_FORMAT=json every line is one JSON object with its request
id and context, and no ID number shows in full; the console format stays the default."""

from __future__ import annotations

import io
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from api_support import make_api
from builders import GOOD_ID
from queue_cluster import tiff

from filingdesk.logs import setup_logging
from kernel.settings import Settings

MASKED = f"{GOOD_ID[:6]}********{GOOD_ID[-4:]}"


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        logging.captureWarnings(False)


def _lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_json_lines_carry_request_id_context_and_masked_ids(
    tmp_path: Path, standin: None, restore_logging: None
) -> None:
    api = make_api(tmp_path, log_format="json")
    out = io.StringIO()
    setup_logging(api.settings, stream=out)
    missing = api.client.get(
        f"/v1/filings/{GOOD_ID}", headers={**api.as_("reviewer"), "X-Request-ID": "desk-7.call:1"}
    )
    assert missing.status_code == 404 and missing.headers["X-Request-ID"] == "desk-7.call:1"
    upload = api.client.post(
        "/v1/batches",
        data={"station_id": api.station},
        files=[("files", (f"{GOOD_ID}.tif", tiff(2, 5), "image/tiff"))],
        headers={**api.as_("station"), "X-Request-ID": "bad id with spaces"},
    )
    assert upload.status_code == 202, upload.text
    fresh_id = upload.headers["X-Request-ID"]
    assert fresh_id != "bad id with spaces" and len(fresh_id) == 32  # replaced, never echoed blindly

    text = out.getvalue()
    assert GOOD_ID not in text and MASKED in text
    lines = _lines(text)  # each line parses on its own
    served = [line for line in lines if not str(line["logger"]).startswith("httpx")]  # not the test client
    assert served and all(line.get("request_id") for line in served)
    [access] = [line for line in lines if line["logger"] == "api.access" and line["status"] == 404]
    assert access["request_id"] == "desk-7.call:1" and access["role"] == "reviewer"
    assert access["filing_id"] == MASKED and isinstance(access["duration_ms"], float)
    tasks = [line for line in lines if line.get("task") == "process_file"]
    assert tasks and all(
        t["request_id"] == fresh_id and t["batch_id"] == upload.json()["batch_id"] for t in tasks
    )
    assert any("duration_ms" in t for t in tasks)
    [station] = [line for line in lines if line["logger"] == "api.access" and line["status"] == 202]
    assert station["role"] == "station" and station["station"] == api.station


def test_console_format_is_the_default(restore_logging: None) -> None:
    assert Settings().log_format == "console"
    out = io.StringIO()
    setup_logging(Settings(), stream=out)
    logging.getLogger("filingdesk.test").warning("ID %s refused", GOOD_ID)
    [line] = out.getvalue().splitlines()
    assert line.endswith(f"WARNING filingdesk.test: ID {MASKED} refused")


def test_serve_logs_json_lines_end_to_end(tmp_path: Path) -> None:
    """`filingdesk serve` (and its embedded worker) with FILINGDESK_LOG_FORMAT=json: stderr is JSON."""
    tests = Path(__file__).resolve().parent
    env = {
        **os.environ,
        "FILINGDESK_HOME": str(tmp_path),
        "FILINGDESK_LOG_FORMAT": "json",
        "FILINGDESK_PIPELINE": "queue_standin:read_file",  # the worker starts without OCR models
        "PYTHONPATH": os.pathsep.join([str(tests.parent), str(tests)]),
    }
    for name in ("FILINGDESK_DATABASE_URL", "FILINGDESK_BROKER_URL"):
        env.pop(name, None)
    created = subprocess.run(
        [sys.executable, "-m", "filingdesk", "keys", "create", "--role", "reviewer", "--name", "甲"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    key = created.stdout.strip().splitlines()[-1]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log_file:
        serve = subprocess.Popen(
            [sys.executable, "-m", "filingdesk", "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=log_file,
        )
        try:
            deadline = time.monotonic() + 90
            while '"logger": "celery' not in log_path.read_text():  # the embedded worker is up
                assert time.monotonic() < deadline and serve.poll() is None, log_path.read_text()
                time.sleep(0.3)
            while True:
                try:
                    answer = httpx.get(
                        f"http://127.0.0.1:{port}/v1/filings/{GOOD_ID}",
                        headers={"Authorization": f"Bearer {key}", "X-Request-ID": "e2e-1"},
                        timeout=2,
                    )
                    break
                except httpx.HTTPError:
                    assert time.monotonic() < deadline and serve.poll() is None, log_path.read_text()
                    time.sleep(0.3)
            assert answer.status_code == 404 and answer.headers["x-request-id"] == "e2e-1"
        finally:
            serve.send_signal(signal.SIGTERM)
            serve.wait(60)
    text = log_path.read_text()
    lines = _lines(text)  # raises on any line that is not JSON
    assert GOOD_ID not in text
    assert any(str(line["logger"]).startswith("celery") for line in lines)  # the worker child's too
    [access] = [line for line in lines if line.get("request_id") == "e2e-1"]
    assert access["status"] == 404 and access["role"] == "reviewer" and access["filing_id"] == MASKED
