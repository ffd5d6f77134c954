"""`filingdesk backup` / `restore` for the embedded mode: the SQLite file and the blobs it names.

The database is copied with SQLite's online backup API (``sqlite3.Connection.backup``)
in one step: it reads one consistent snapshot while the service keeps writing (WAL
lets the writer go on). The blobs are copied *after* the snapshot: a blob is always
written before the row naming it commits (``ingest.blobs``), so every blob the
snapshot names is already there. Only those blobs are copied (an upload still in
flight, or an orphan, is no part of the snapshot's records). Each copied blob is
hashed on the way and must match its name. ``manifest.json`` is written last, so a
folder without it is an unfinished backup, and restore refuses it.

PostgreSQL and S3 are backed up with their own tools (pg_dump, bucket versioning):
README, "Backup and restore".
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import make_url

from ingest.blobs import BlobNotFound, LocalBlobStore, sha256_file
from kernel.settings import Settings
from store.db import dispose_engines, normalize_url

FORMAT = "filingdesk.backup/v1"
MANIFEST = "manifest.json"
DB_NAME = "filingdesk.db"
BLOBS = "blobs"
COUNTED_TABLES = (
    "batch",
    "source_file",
    "page",
    "document",
    "field",
    "filing",
    "status_event",
    "audit_log",
    "field_correction",
    "export_ack",
    "api_key",
)


class BackupError(Exception):
    """A backup or restore that cannot go on; the message is for the operator (Chinese, English)."""


@dataclass
class Manifest:
    format: str
    created_at: str
    schema_revision: str | None
    database: str
    database_sha256: str
    database_bytes: int
    counts: dict[str, int]
    blobs: int
    blob_bytes: int
    missing_blobs: list[str] = field(default_factory=list)

    def write(self, folder: Path) -> None:
        tmp = folder / (MANIFEST + ".part")
        tmp.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8")
        tmp.replace(folder / MANIFEST)

    @classmethod
    def read(cls, folder: Path) -> Manifest:
        path = folder / MANIFEST
        if not path.is_file():
            raise BackupError(
                f"{folder} 不是完整的备份（缺少 {MANIFEST}）— {folder} is no complete filingdesk backup "
                f"(no {MANIFEST}: the backup did not finish, or this is another folder)."
            )
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            manifest = cls(**data)
        except (ValueError, TypeError) as exc:
            raise BackupError(f"{path} 无法读取 — {path} is not a filingdesk manifest: {exc}") from exc
        if manifest.format != FORMAT:
            raise BackupError(f"{path}: 未知的备份格式 — unknown backup format {manifest.format!r}.")
        return manifest


def sqlite_path(settings: Settings) -> Path:
    """The embedded database file; a clear refusal for PostgreSQL or an S3 blob store."""
    url = make_url(normalize_url(settings.resolved_database_url))
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise BackupError(
            "备份/恢复命令只用于内置 SQLite 模式；PostgreSQL 请用 pg_dump / pg_restore — "
            "`filingdesk backup` and `restore` are for the embedded SQLite database; back up PostgreSQL "
            "with pg_dump (README, 'Backup and restore')."
        )
    if settings.s3_bucket:
        raise BackupError(
            "页面图像存放在 S3，请使用存储桶版本控制 — blobs live in S3 (FILINGDESK_S3_BUCKET): keep "
            "them with bucket versioning or replication (README, 'Backup and restore')."
        )
    return Path(url.database)


def backup(settings: Settings, target: Path) -> Manifest:
    """Write a consistent backup of the embedded database and its blobs into ``target``."""
    db_path = sqlite_path(settings)
    if not db_path.is_file():
        raise BackupError(f"没有数据库 {db_path} — there is no database at {db_path} to back up.")
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(
            f"{target} 已存在且不为空 — {target} exists and is not empty; back up into a new folder."
        )
    target.mkdir(parents=True, exist_ok=True)
    copy = target / DB_NAME
    _snapshot(db_path, copy)
    revision, counts, named = _describe(copy)
    source_blobs = LocalBlobStore(settings.resolved_blob_dir)
    backup_blobs = LocalBlobStore(target / BLOBS)
    copied_bytes, missing = 0, []
    for sha in sorted(named):
        size = _copy_blob(source_blobs, backup_blobs, sha)
        if size is None:
            missing.append(sha)
        else:
            copied_bytes += size
    manifest = Manifest(
        format=FORMAT,
        created_at=datetime.now(UTC).isoformat(),
        schema_revision=revision,
        database=DB_NAME,
        database_sha256=sha256_file(copy),
        database_bytes=copy.stat().st_size,
        counts=counts,
        blobs=len(named) - len(missing),
        blob_bytes=copied_bytes,
        missing_blobs=missing,
    )
    manifest.write(target)
    return manifest


def restore(settings: Settings, source: Path, *, force: bool = False) -> Manifest:
    """Put a backup in place as this home's database and blobs, after checking every checksum.

    A home that already has a database or blobs is refused unless ``force``: restoring
    over live records is never an accident. Run it with the service stopped.
    """
    manifest = Manifest.read(source)
    db_path = sqlite_path(settings)
    blob_dir = settings.resolved_blob_dir
    _verify(source, manifest)
    occupied = db_path.exists() or (blob_dir.is_dir() and any(blob_dir.iterdir()))
    if occupied and not force:
        raise BackupError(
            f"{settings.home} 已有数据；确认覆盖请加 --force — {settings.home} already holds a database or "
            "blobs; restore into a fresh home, or add --force to replace them (stop the service first)."
        )
    dispose_engines()  # pooled connections of this process would go on reading the replaced file
    for leftover in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
        leftover.unlink(missing_ok=True)
    for folder in (blob_dir, settings.cache_dir):
        if folder.is_dir():
            shutil.rmtree(folder)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    part = db_path.with_name(db_path.name + ".part")
    shutil.copyfile(source / manifest.database, part)
    part.replace(db_path)
    restored = LocalBlobStore(blob_dir)
    for path in _blob_files(source / BLOBS):
        restored.put_file(path)
    return manifest


def _snapshot(db_path: Path, copy: Path) -> None:
    """One consistent copy of the live database (the backup API reads it in a single step)."""
    part = copy.with_name(copy.name + ".part")
    src = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=30)
    try:
        dst = sqlite3.connect(part)
        try:
            src.backup(dst)  # pages=-1: all at once, so no writer can restart it half-way
            dst.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
            check = dst.execute("PRAGMA integrity_check").fetchone()
        finally:
            dst.close()
    finally:
        src.close()
    if not check or check[0] != "ok":
        part.unlink(missing_ok=True)
        raise BackupError(f"备份副本校验失败 — the copied database fails its integrity check: {check}")
    part.replace(copy)


def _describe(db: Path) -> tuple[str | None, dict[str, int], set[str]]:
    """Schema revision, row counts and the blobs the snapshot's records name."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        revision = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        counts = {
            t: int(conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0])
            for t in COUNTED_TABLES
            if t in tables
        }
        named: set[str] = set()
        for table in ("page", "source_file"):
            if table in tables:
                query = f'SELECT DISTINCT blob_sha256 FROM "{table}" WHERE blob_sha256 IS NOT NULL'
                named.update(r[0] for r in conn.execute(query))
    finally:
        conn.close()
    return revision, counts, named


def _copy_blob(source: LocalBlobStore, target: LocalBlobStore, sha: str) -> int | None:
    """Copy one blob, hashing it on the way; ``None`` when it is missing (purged meanwhile)."""
    try:
        with source.as_file(sha) as path:
            size = path.stat().st_size
            if sha256_file(path) != sha:
                raise BackupError(f"图像文件已损坏 — blob {sha} does not match its checksum: {path}")
            target.put_file(path)
    except BlobNotFound:
        return None
    return size


def _verify(source: Path, manifest: Manifest) -> None:
    db = source / manifest.database
    if not db.is_file() or sha256_file(db) != manifest.database_sha256:
        raise BackupError(f"{db} 校验和不符 — {db} is missing or does not match the manifest's checksum.")
    count = 0
    for path in _blob_files(source / BLOBS):
        if sha256_file(path) != path.name:
            raise BackupError(f"{path} 校验和不符 — blob {path} does not match its name (checksum).")
        count += 1
    if count != manifest.blobs:
        raise BackupError(
            f"备份中的图像数量不符 — the backup holds {count} blobs, its manifest says {manifest.blobs}."
        )


def _blob_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(
        Path(d) / name
        for d, _, names in os.walk(root)
        for name in names
        if len(name) == 64 and all(c in "0123456789abcdef" for c in name)
    )
