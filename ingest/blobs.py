"""Content-addressed storage for page images and uploads.

Blobs are named by their sha256, so writing the same bytes twice is free and
a record can point at an image without caring where it lives. Local disk is
the embedded default; an S3 store is the planned second implementation of the
same Protocol (``settings.s3_bucket``), selected in ``blob_store_from_settings``.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import Protocol, runtime_checkable

from filingdesk.settings import Settings

_SHA = re.compile(r"^[0-9a-f]{64}$")


class BlobNotFound(KeyError):
    """No blob with that checksum."""


@runtime_checkable
class BlobStore(Protocol):
    """Bytes in, checksum out; the checksum is the only name a blob has."""

    def put(self, data: bytes) -> str: ...

    def get(self, sha: str) -> bytes: ...

    def exists(self, sha: str) -> bool: ...

    def path_hint(self, sha: str) -> str: ...


class LocalBlobStore:
    """Blobs as files ``root/ab/cd/<sha>``; writes are atomic (temp file + rename) and idempotent."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def put(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        target = self._path(sha)
        if target.exists():
            return sha
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return sha

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

    def _path(self, sha: str) -> Path:
        if not _SHA.match(sha):
            raise ValueError(f"not a sha256 hex digest: {sha!r}")
        return self.root / sha[:2] / sha[2:4] / sha


def blob_store_from_settings(settings: Settings) -> BlobStore:
    """The configured store. S3 is not implemented yet: asking for it fails loudly, not silently local."""
    if settings.s3_bucket:
        raise NotImplementedError(
            "S3 blob storage is configured (FILINGDESK_S3_BUCKET) but not implemented; "
            "unset it to use the local blob folder."
        )
    return LocalBlobStore(settings.resolved_blob_dir)
