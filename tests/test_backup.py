"""`filingdesk backup` / `restore` (embedded mode): a backup taken while filings keep arriving
restores into a fresh home with the same filings and the same page images."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from api_support import Api, make_api, scan_png, seed_filing
from sqlalchemy import select
from typer.testing import CliRunner

from filingdesk.cli import app
from ingest.blobs import blob_store_from_settings
from kernel.settings import Settings, get_settings
from store.backup import MANIFEST, BackupError, Manifest, backup
from store.db import session_scope
from store.models import Document, Filing, FilingDocument, Page
from store.repository import load_filing


def _with_page(api: Api, tag: str) -> str:
    """A filing as the pipeline stores it, with a page image on its first document."""
    filing_id = seed_filing(api, tag=tag)
    sha = blob_store_from_settings(api.settings).put(scan_png(f"page of {tag}"))
    with session_scope(api.settings) as session:
        doc = session.scalars(
            select(Document)
            .join(FilingDocument, FilingDocument.document_id == Document.id)
            .where(FilingDocument.filing_id == filing_id)
        ).first()
        assert doc is not None
        session.add(
            Page(source_file_id=doc.source_file_id, page_no=1, blob_sha256=sha, width=600, height=800)
        )
    return filing_id


def _filings(settings: Settings) -> dict[str, str]:
    """Every filing as its stored JSON (record and documents), by id."""
    with session_scope(settings) as session:
        ids = session.scalars(select(Filing.id)).all()
        out = {}
        for filing_id in ids:
            filing, documents = load_filing(session, filing_id)
            out[filing_id] = filing.model_dump_json() + "".join(d.model_dump_json() for d in documents)
    return out


def _cli(monkeypatch: pytest.MonkeyPatch, home: Path, *args: str) -> tuple[int, str]:
    monkeypatch.setenv("FILINGDESK_HOME", str(home))
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, list(args))
    finally:
        get_settings.cache_clear()
    return result.exit_code, result.output


def test_backup_while_writing_restores_the_same_filings_and_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = make_api(tmp_path / "live")
    before = [_with_page(api, f"before{n}") for n in range(5)]
    stop, written, failures = threading.Event(), [], []

    def keep_writing() -> None:
        n = 0
        while not stop.is_set():
            try:
                written.append(_with_page(api, f"during{n}"))
            except Exception as exc:  # surfaced below: the backup must not break the writer
                failures.append(exc)
                return
            n += 1

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        while len(written) < 2:  # the backup starts while filings are arriving
            assert writer.is_alive(), failures
            threading.Event().wait(0.01)
        code, output = _cli(monkeypatch, api.settings.home, "backup", str(tmp_path / "bk"))
        assert code == 0, output
        assert len(written) >= 2
    finally:
        stop.set()
        writer.join(30)
    assert not failures

    fresh = tmp_path / "fresh"
    code, output = _cli(monkeypatch, fresh, "restore", str(tmp_path / "bk"))
    assert code == 0, output
    restored_settings = Settings(home=fresh, rule_pack=api.settings.rule_pack)
    original, restored = _filings(api.settings), _filings(restored_settings)
    assert set(before) <= set(restored) <= set(original)
    assert all(restored[f] == original[f] for f in restored)  # the same records, field for field
    manifest = Manifest.read(tmp_path / "bk")
    assert manifest.counts["filing"] == len(restored) and not manifest.missing_blobs

    restored_api = make_api(  # a server on the restored database and blobs
        tmp_path / "server",
        database_url=restored_settings.resolved_database_url,
        blob_dir=restored_settings.resolved_blob_dir,
    )
    for filing_id in restored:
        detail = restored_api.client.get(f"/v1/filings/{filing_id}", headers=restored_api.as_("reviewer"))
        assert detail.status_code == 200, detail.text
        images = [img for doc in detail.json()["documents"] for img in doc["page_images"]]
        # a filing seeded during the backup may have been caught before its page's own commit
        assert images or filing_id not in before
        for image in images:
            got = restored_api.client.get(image["url"], headers=restored_api.as_("reviewer"))
            want = api.client.get(image["url"], headers=api.as_("reviewer"))
            assert got.status_code == 200 and got.content == want.content


def test_restore_refuses_an_occupied_home_without_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = make_api(tmp_path / "live")
    filing_id = _with_page(api, "only")
    assert _cli(monkeypatch, api.settings.home, "backup", str(tmp_path / "bk"))[0] == 0
    code, output = _cli(monkeypatch, api.settings.home, "backup", str(tmp_path / "bk"))
    assert code == 2 and "not empty" in output  # never writes over an earlier backup

    other = make_api(tmp_path / "other")
    _with_page(other, "someone-else")
    code, output = _cli(monkeypatch, other.settings.home, "restore", str(tmp_path / "bk"))
    assert code == 2 and "--force" in output and "已有数据" in output
    assert filing_id not in _filings(other.settings)  # nothing was touched

    code, output = _cli(monkeypatch, other.settings.home, "restore", "--force", str(tmp_path / "bk"))
    assert code == 0, output
    assert set(_filings(Settings(home=other.settings.home))) == {filing_id}


def test_restore_refuses_a_damaged_or_unfinished_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    api = make_api(tmp_path / "live")
    _with_page(api, "x")
    backup(api.settings, tmp_path / "bk")
    [blob] = [p for p in (tmp_path / "bk" / "blobs").rglob("*") if p.is_file()]
    blob.write_bytes(blob.read_bytes() + b"bitrot")
    code, output = _cli(monkeypatch, tmp_path / "fresh", "restore", str(tmp_path / "bk"))
    assert code == 2 and "checksum" in output
    assert not (tmp_path / "fresh" / "filingdesk.db").exists()

    (tmp_path / "bk" / MANIFEST).unlink()
    code, output = _cli(monkeypatch, tmp_path / "fresh", "restore", str(tmp_path / "bk"))
    assert code == 2 and "manifest.json" in output


def test_backup_points_postgres_to_pg_dump(tmp_path: Path, postgres_url: str) -> None:
    settings = Settings(home=tmp_path, database_url=postgres_url)
    with pytest.raises(BackupError, match="pg_dump"):
        backup(settings, tmp_path / "bk")
