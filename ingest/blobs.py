"""Content-addressed storage for page images and uploads.

Blobs are named by their sha256, so writing the same bytes twice is free and
a record can point at an image without caring where it lives. Local disk is
the embedded default; any S3-compatible store (AWS, MinIO, SeaweedFS) is the
production one (``settings.s3_bucket``), selected in ``blob_store_from_settings``.
Callers write blobs *before* committing the rows that name them, so a record
never points at bytes that are not there (an orphan blob is harmless).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import BinaryIO, Protocol, runtime_checkable

from kernel.settings import Settings

_SHA = re.compile(r"^[0-9a-f]{64}$")
_CHUNK = 1 << 20


class BlobNotFound(KeyError):
    """No blob with that checksum."""


@runtime_checkable
class BlobStore(Protocol):
    """Bytes in, checksum out; the checksum is the only name a blob has."""

    def put(self, data: bytes) -> str: ...

    def put_file(self, path: Path) -> str:
        """Store a file's bytes without holding them all in memory."""
        ...

    def get(self, sha: str) -> bytes: ...

    def exists(self, sha: str) -> bool: ...

    def path_hint(self, sha: str) -> str: ...

    def size(self, sha: str) -> int | None:
        """The blob's length in bytes, or ``None`` when it is not there."""
        ...

    def delete(self, sha: str) -> bool:
        """Remove the blob (retention); ``False`` when it was already gone. Callers make sure no
        record still names it: blobs are shared by every row with the same bytes."""
        ...

    def as_file(self, sha: str) -> AbstractContextManager[Path]:
        """A local file with the blob's bytes for the duration of the block (decoders want paths)."""
        ...


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class LocalBlobStore:
    """Blobs as files ``root/ab/cd/<sha>``; writes are atomic (temp file + rename) and idempotent."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def put(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        self._write(sha, lambda fh: fh.write(data))
        return sha

    def put_file(self, path: Path) -> str:
        sha = sha256_file(path)
        with Path(path).open("rb") as src:
            self._write(sha, lambda fh: shutil.copyfileobj(src, fh, _CHUNK))
        return sha

    def as_file(self, sha: str) -> AbstractContextManager[Path]:
        return self._as_file(sha)

    @contextmanager
    def _as_file(self, sha: str) -> Iterator[Path]:
        path = self._path(sha)
        if not path.is_file():
            raise BlobNotFound(sha)
        yield path

    def _write(self, sha: str, write: Callable[[BinaryIO], object]) -> None:
        target = self._path(sha)
        if target.exists():
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as fh:
                write(fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def get(self, sha: str) -> bytes:
        try:
            return self._path(sha).read_bytes()
        except FileNotFoundError as exc:
            raise BlobNotFound(sha) from exc

    def exists(self, sha: str) -> bool:
        return self._path(sha).is_file()

    def path_hint(self, sha: str) -> str:
        """Where the blob lives, for logs and for tools that want a file path."""
        return str(self._path(sha))

    def size(self, sha: str) -> int | None:
        try:
            return self._path(sha).stat().st_size
        except FileNotFoundError:
            return None

    def delete(self, sha: str) -> bool:
        try:
            self._path(sha).unlink()
        except FileNotFoundError:
            return False
        return True

    def _path(self, sha: str) -> Path:
        if not _SHA.match(sha):
            raise ValueError(f"not a sha256 hex digest: {sha!r}")
        return self.root / sha[:2] / sha[2:4] / sha


def blob_store_from_settings(settings: Settings) -> BlobStore:
    """S3 when a bucket is configured (never silently local then), else the local blob folder."""
    if settings.s3_bucket:
        from ingest.s3blobs import S3BlobStore

        return S3BlobStore.from_settings(settings)
    return LocalBlobStore(settings.resolved_blob_dir)
