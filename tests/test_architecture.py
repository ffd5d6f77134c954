"""Boundaries a reader relies on: the API process never loads OCR code."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

OCR_MODULES = (
    "paddleocr",
    "paddlex",
    "onnxruntime",
    "rapidocr",
    "extract.engines",
    "extract.read",
    "extract.seals",
)


def test_api_app_loads_no_ocr_code(tmp_path: Path) -> None:
    """Build the app and serve a request as `filingdesk serve` does, then list what got imported."""
    script = f"""
import json, sys
from fastapi.testclient import TestClient
from api.app import create_app
from kernel.settings import Settings
from store.migrate import upgrade
settings = Settings(home={str(tmp_path)!r})
upgrade(settings)
client = TestClient(create_app(settings))
assert client.get("/healthz").status_code == 200
assert client.get("/openapi.json").status_code == 200
print(json.dumps(sorted(m for m in sys.modules)))
"""
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    loaded = set(json.loads(proc.stdout.strip().splitlines()[-1]))
    assert "api.app" in loaded
    leaked = sorted(m for m in loaded if any(m == x or m.startswith(x + ".") for x in OCR_MODULES))
    assert leaked == []
