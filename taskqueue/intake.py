"""Upload → batch: the one door through which scanning stations hand files to the queue.

``accept_batch`` is what ``POST /v1/batches`` calls. It never raises for a bad
file: an empty, mislabelled, oversized, corrupt or bomb-like upload becomes a
``failed`` source-file row with a stable code, and the good files still go
through. Bytes are written to the blob store *before* the rows that name them
are committed, and ``process_file`` is sent only *after* that commit, so a
worker never looks for a row or a blob that is not there. A station retrying
with the same Idempotency-Key gets its first receipt back, not a second batch.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ingest.blobs import BlobStore, blob_store_from_settings
from ingest.checks import MAX_NAME_CHARS, check_content, name_error
from ingest.sniff import HEAD_BYTES
from kernel.schema import InputError
from kernel.settings import Settings
from store.models import Batch, SourceFile
from taskqueue.tasks import enqueue_assemble_batch, enqueue_process_file


class IdempotencyKeyReused(ValueError):
    """The station sent this Idempotency-Key before with other files (a client bug, never a retry)."""


@dataclass
class Upload:
    """One uploaded file: its bytes in memory, or (for big uploads) a spooled file on disk."""

    filename: str
    data: bytes = b""
    path: Path | None = None


@dataclass
class FileReceipt:
    """What became of one uploaded file (or one member of an uploaded zip)."""

    source: str
    sha256: str | None
    size: int
    kind: str | None
    state: str  # queued | failed | duplicate
    error_code: str | None = None
    error_message: str | None = None
    duplicate_of_file_id: int | None = None
    file_id: int | None = None


@dataclass
class BatchReceipt:
    """The answer to an upload; ``created`` is False when the Idempotency-Key was seen before."""

    batch_id: int
    created: bool
    files: list[FileReceipt] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Candidate:
    source: str
    size: int
    kind: str | None = None
    sha256: str | None = None
    error: InputError | None = None
    pages: int = 0


def accept_batch(
    session: Session,
    settings: Settings,
    *,
    station: str,
    uploads: list[Upload],
    idempotency_key: str | None,
    celery_app: Any,
) -> BatchReceipt:
    """Store the uploads, create the batch and its source files, queue their processing after commit.

    A retry (same key, same files) gets the first receipt; the same key with other
    files raises IdempotencyKeyReused rather than silently dropping them.
    """
    fingerprint = request_fingerprint(uploads)
    if idempotency_key:
        earlier = _find_batch(session, station, idempotency_key)
        if earlier is not None:
            return _replay(session, earlier, fingerprint)
    blobs = blob_store_from_settings(settings)
    candidates: list[_Candidate] = []
    taken: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="filingdesk-upload-") as tmp:
        for index, upload in enumerate(uploads):
            name = _clean_name(upload.filename, index)
            too_long = name_error(name, MAX_NAME_CHARS)
            if too_long is not None:
                too_long.source = _unique(too_long.source, taken)
                candidates.append(_Candidate(too_long.source, _size(upload), error=too_long))
                continue
            candidates.extend(_check_upload(upload, _unique(name, taken), Path(tmp), settings, blobs))
    try:
        with session.begin_nested():
            batch = Batch(
                station=station,
                idempotency_key=idempotency_key or None,
                request_sha256=fingerprint,
                status="received",
            )
            session.add(batch)
            session.flush()
    except IntegrityError:  # the same key raced us; the first request's batch wins
        earlier = _find_batch(session, station, idempotency_key or "")
        if earlier is None:
            raise
        return _replay(session, earlier, fingerprint)
    queued = 0
    seen: dict[str, SourceFile] = {}
    for cand in candidates:
        row = SourceFile(
            batch_id=batch.id,
            source=cand.source,
            sha256=cand.sha256,
            blob_sha256=cand.sha256 if cand.error is None else None,
            size=cand.size,
            kind=cand.kind,
            pages=cand.pages,
        )
        if cand.error is not None:
            row.state, row.error_code, row.error_message = "failed", cand.error.code, cand.error.message
        else:
            original = seen.get(cand.sha256 or "") or _earlier_copy(session, station, cand.sha256 or "")
            if original is not None:
                row.state, row.duplicate_of_file_id = "duplicate", original.id
                row.error_code = "duplicate"
                row.error_message = f"{cand.source}: the same file as {original.source} (file {original.id})."
            else:
                row.state = "queued"
        session.add(row)
        session.flush()
        if row.state == "queued":
            seen[cand.sha256 or ""] = row
            enqueue_process_file(session, celery_app, row.id)
            queued += 1
    if queued == 0:  # nothing to read: assembling closes the batch at once
        enqueue_assemble_batch(session, celery_app, batch.id)
    return receipt_for(session, batch, created=True)


def request_fingerprint(uploads: list[Upload]) -> str:
    """sha256 over the names and contents of the uploads, in order: what a retry repeats exactly."""
    parts = []
    for upload in uploads:
        digest = hashlib.sha256()
        if upload.path is not None:
            with upload.path.open("rb") as fh:
                while chunk := fh.read(1 << 20):
                    digest.update(chunk)
        else:
            digest.update(upload.data)
        parts.append([upload.filename, digest.hexdigest()])
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


def _replay(session: Session, earlier: Batch, fingerprint: str) -> BatchReceipt:
    """The first receipt for a retry; batches stored before fingerprints were kept count as a match."""
    if earlier.request_sha256 is not None and earlier.request_sha256 != fingerprint:
        raise IdempotencyKeyReused(earlier.idempotency_key or "")
    return receipt_for(session, earlier, created=False)


def receipt_for(session: Session, batch: Batch, *, created: bool) -> BatchReceipt:
    rows = session.scalars(select(SourceFile).where(SourceFile.batch_id == batch.id).order_by(SourceFile.id))
    return BatchReceipt(
        batch_id=batch.id,
        created=created,
        files=[
            FileReceipt(
                source=r.source,
                sha256=r.sha256,
                size=r.size or 0,
                kind=r.kind,
                state="queued" if r.state not in ("failed", "duplicate") else r.state,
                error_code=r.error_code,
                error_message=r.error_message,
                duplicate_of_file_id=r.duplicate_of_file_id,
                file_id=r.id,
            )
            for r in rows
        ],
    )


def _check_upload(
    upload: Upload, source: str, tmp: Path, settings: Settings, blobs: BlobStore
) -> list[_Candidate]:
    """Judge one upload (a zip gives one candidate per member) and store the good bytes."""
    path = upload.path
    if path is None:
        path = tmp / f"upload-{len(list(tmp.iterdir()))}"
        path.write_bytes(upload.data)
    size = path.stat().st_size
    with path.open("rb") as fh:
        head = fh.read(HEAD_BYTES)
    checked = check_content(source, head, size, settings.max_upload_bytes)
    if isinstance(checked, InputError):
        return [_Candidate(source, size, error=checked)]
    if checked == "zip":
        from ingest.archive import expand_zip  # lazily: kernel.inputs pulls extract.types in

        members, errors = expand_zip(path, source, settings)
        found = [_Candidate(e.source, 0, error=e) for e in errors]
        for m in members:
            found.append(_store(m.path, m.source, m.size, m.kind, settings, blobs))
        return found
    return [_store(path, source, size, checked, settings, blobs)]


def _store(path: Path, source: str, size: int, kind: str, settings: Settings, blobs: BlobStore) -> _Candidate:
    pages = _probe(path, source, kind, settings)
    if isinstance(pages, InputError):
        return _Candidate(source, size, kind=kind, error=pages)
    return _Candidate(source, size, kind=kind, sha256=blobs.put_file(path), pages=pages)


def _probe(path: Path, source: str, kind: str, settings: Settings) -> int | InputError:
    """Pages in the file, from its container alone (no pixels decoded): a corrupt upload is refused now."""
    from ingest.images import probe_image_frames
    from ingest.pdf import open_pdf
    from kernel.inputs import IngestError

    try:
        if kind == "pdf":
            pdf = open_pdf(path, source, settings.max_pages_per_file)
            try:
                pages = len(pdf)
            finally:
                pdf.close()
        else:
            pages = probe_image_frames(path, source, settings.max_image_pixels)
    except IngestError as exc:
        return InputError(source=source, code=exc.code, message=exc.message)
    except Exception as exc:  # Pillow raises a zoo of types for broken images
        code = "pdf_corrupt" if kind == "pdf" else "image_corrupt"
        return InputError(source=source, code=code, message=f"{source}: cannot be opened ({exc}).")
    if pages > settings.max_pages_per_file:
        return InputError(
            source=source,
            code="too_many_pages",
            message=f"{source}: more than {settings.max_pages_per_file} pages.",
        )
    return pages


def _find_batch(session: Session, station: str, key: str) -> Batch | None:
    query = select(Batch).where(Batch.station == station, Batch.idempotency_key == key)
    return session.scalars(query).first()


def _earlier_copy(session: Session, station: str, sha: str) -> SourceFile | None:
    """A byte-identical file this station read (or is reading) before.

    Per station: another station's upload of the same bytes is its own filing, and
    a receipt must never name a file (or its patient's name) of another station.
    """
    query = (
        select(SourceFile)
        .join(Batch, Batch.id == SourceFile.batch_id)
        .where(
            Batch.station == station,
            SourceFile.sha256 == sha,
            SourceFile.state.in_(("queued", "processing", "done")),
        )
        .order_by(SourceFile.id)
        .limit(1)
    )
    return session.scalars(query).first()


def _size(upload: Upload) -> int:
    return upload.path.stat().st_size if upload.path is not None else len(upload.data)


def _clean_name(filename: str, index: int) -> str:
    """The file's own name only: a client's folder path (or ``../``) never reaches storage."""
    name = PureWindowsPath(PurePosixPath(filename or "").name).name.strip()
    return name if name and name not in (".", "..") else f"upload-{index + 1}"


def _unique(name: str, taken: set[str]) -> str:
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        stem, dot, ext = name.rpartition(".")
        candidate = f"{stem} ({n}).{ext}" if dot else f"{name} ({n})"
    taken.add(candidate)
    return candidate
