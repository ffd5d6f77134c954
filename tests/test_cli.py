"""The CLI contract of `filingdesk process`, run as a user runs it (a subprocess, real models)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select
from test_ingest import bomb_png, build_pdf

from ingest.blobs import blob_store_from_settings
from kernel.domain import DOC_FIELDS, DocType
from kernel.schema import ProcessResult
from kernel.settings import Settings
from store.db import session_scope
from store.models import Document, Page

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


def run_cli(args: list[str], home: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "FILINGDESK_HOME": str(home)}
    env.pop("FILINGDESK_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "filingdesk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        cwd=ROOT,
    )


def test_help_explains_the_commands(tmp_path: Path) -> None:
    proc = run_cli(["--help"], tmp_path)
    assert proc.returncode == 0
    for word in ("process", "eval", "samples", "serve", "worker"):
        assert word in proc.stdout


@pytest.fixture(scope="module")
def one_packet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the first committed sample packet plus broken inputs beside it."""
    folder = tmp_path_factory.mktemp("inputs")
    packet = sorted(SAMPLES.glob("packet_*"))[0]
    shutil.copytree(packet, folder / packet.name, ignore=shutil.ignore_patterns("truth.json"))
    broken = folder / "broken"
    broken.mkdir()
    (broken / "empty.pdf").write_bytes(b"")
    (broken / "truncated.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
    (broken / "letter.jpg").write_text("Dear reviewer, this is not a picture.\n", encoding="utf-8")
    with zipfile.ZipFile(broken / "evil.zip", "w") as zf:
        zf.writestr("../../escape.png", b"\x89PNG\r\n\x1a\n")
    (broken / "locked.pdf").write_bytes(build_pdf([b""], encrypt=True))
    (broken / "bomb.png").write_bytes(bomb_png())
    return folder


@pytest.mark.slow
def test_process_writes_the_contract_and_names_bad_inputs(one_packet: Path, tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    proc = run_cli(["process", str(one_packet), "--out", str(out), "--quiet"], tmp_path / "home")
    assert proc.returncode == 1, proc.stderr  # some inputs were unreadable, the rest went through
    payload = json.loads(out.read_text(encoding="utf-8"))
    result = ProcessResult.model_validate(payload)

    # every unreadable file is named with a reason, in the result and on stderr
    by_source = {e.source: e for e in result.errors}
    expected = {
        "broken/empty.pdf": "empty_file",
        "broken/truncated.pdf": "pdf_corrupt",
        "broken/letter.jpg": "not_an_image",
        "broken/locked.pdf": "pdf_encrypted",
        "broken/bomb.png": "image_too_large",
    }
    for name, code in expected.items():
        assert name in by_source, by_source
        assert by_source[name].code == code, by_source[name]
        assert by_source[name].message
        assert name in proc.stderr
    assert "Traceback" not in proc.stderr
    assert any(s.startswith("broken/evil.zip") for s in by_source)

    # the packet itself went through: documents with sources relative to the input folder
    assert result.documents and result.filings
    for doc in result.documents:
        assert doc.source.startswith("packet_")
        assert doc.pages and all(p >= 1 for p in doc.pages)
        allowed = set(DOC_FIELDS[DocType(doc.doc_type)])
        assert set(doc.fields) <= allowed, set(doc.fields) - allowed
        for fv in doc.fields.values():
            assert 0.0 <= fv.confidence <= 1.0
            assert fv.bbox is None or (len(fv.bbox) == 4 and all(0.0 <= v <= 1.0 for v in fv.bbox))
        for stamp in doc.stamps:
            assert stamp.shape in ("round", "oval", "square")
    doc_ids = {d.id for d in result.documents}
    for filing in result.filings:
        assert set(filing.documents) <= doc_ids
        assert filing.status in ("complete", "incomplete")
        assert (filing.status == "complete") == all(i.severity != "error" for i in filing.issues)

    # records were stored in the embedded database, with page images for the review page
    assert (tmp_path / "home" / "filingdesk.db").exists()
    settings = Settings(home=tmp_path / "home")
    with session_scope(settings) as session:
        pages = session.scalars(select(Page)).all()
        stored = {d.id for d in session.scalars(select(Document))}
    assert stored == doc_ids
    read_pages = sum(len(d.pages) for d in result.documents if d.duplicate_of is None)
    assert len(pages) == read_pages
    blobs = blob_store_from_settings(settings)
    assert all(p.blob_sha256 and blobs.exists(p.blob_sha256) and p.width and p.height for p in pages)


@pytest.mark.slow
def test_json_flag_prints_the_result(one_packet: Path, tmp_path: Path) -> None:
    packet = sorted(p for p in one_packet.iterdir() if p.name.startswith("packet_"))[0]
    out = tmp_path / "r.json"
    proc = run_cli(["process", str(packet), "--out", str(out), "--json", "--no-save"], tmp_path / "home")
    assert proc.returncode == 0, proc.stderr
    printed = ProcessResult.model_validate_json(proc.stdout.strip().splitlines()[-1])
    assert printed == ProcessResult.model_validate_json(out.read_text(encoding="utf-8"))
