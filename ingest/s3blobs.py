"""Blobs in an S3-compatible bucket (AWS S3, MinIO, SeaweedFS): the production blob store.

Keys mirror the local layout (``ab/cd/<sha>``) so a bucket can be synced to a
folder and back. Writes are idempotent (a blob that exists is not sent again)
and large uploads stream from disk with boto3's multipart transfer, so a
200 MB PDF never sits in memory whole.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

from ingest.blobs import _SHA, BlobNotFound, sha256_file
from kernel.settings import Settings

_MISSING = frozenset({"404", "NoSuchKey", "NotFound", "NoSuchBucket"})


class S3BlobStore:
    """Content-addressed blobs as objects ``<bucket>/ab/cd/<sha>``."""

    def __init__(self, client: Any, bucket: str) -> None:
        self.client = client
        self.bucket = bucket
        self._bucket_checked = False

    @classmethod
    def from_settings(cls, settings: Settings) -> S3BlobStore:
        """A client for the configured endpoint (no request is made until the first blob is used)."""
        credentials: dict[str, str] = {}
        if settings.s3_access_key_id:
            credentials = {
                "aws_access_key_id": settings.s3_access_key_id,
                "aws_secret_access_key": settings.s3_secret_access_key,
            }
        client = boto3.client(
            "s3",
            endpoint_url=settings.s3_endpoint_url or None,
            region_name=settings.s3_region or None,
            config=Config(
                retries={"max_attempts": 5, "mode": "standard"},
                connect_timeout=5,
                read_timeout=60,
                s3={"addressing_style": "path"},  # MinIO/SeaweedFS have no virtual-host buckets
            ),
            **credentials,
        )
        return cls(client, settings.s3_bucket)

    def ensure_bucket(self) -> None:
        """Create the bucket on first write when it does not exist yet (a fresh MinIO/SeaweedFS)."""
        if self._bucket_checked:
            return
        try:
            self.client.head_bucket(Bucket=self.bucket)
        except ClientError as exc:
            if _code(exc) not in _MISSING:
                raise
            self.client.create_bucket(Bucket=self.bucket)
        self._bucket_checked = True

    def put(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        self.ensure_bucket()
        if not self.exists(sha):
            self.client.put_object(Bucket=self.bucket, Key=self.key(sha), Body=data)
        return sha

    def put_file(self, path: Path) -> str:
        sha = sha256_file(path)
        self.ensure_bucket()
        if not self.exists(sha):
            self.client.upload_file(str(path), self.bucket, self.key(sha))
        return sha

    def get(self, sha: str) -> bytes:
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self.key(sha))
        except ClientError as exc:
            if _code(exc) in _MISSING:
                raise BlobNotFound(sha) from exc
            raise
        body: bytes = response["Body"].read()
        return body

    def exists(self, sha: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self.key(sha))
        except ClientError as exc:
            if _code(exc) in _MISSING:
                return False
            raise
        return True

    def path_hint(self, sha: str) -> str:
        return f"s3://{self.bucket}/{self.key(sha)}"

    def size(self, sha: str) -> int | None:
        try:
            head = self.client.head_object(Bucket=self.bucket, Key=self.key(sha))
        except ClientError as exc:
            if _code(exc) in _MISSING:
                return None
            raise
        return int(head.get("ContentLength", 0))

    def delete(self, sha: str) -> bool:
        """Delete the object; on a versioned bucket this leaves a delete marker, and the bucket's
        lifecycle rule (README, "Retention") expires the old version after its own delay."""
        if not self.exists(sha):
            return False
        self.client.delete_object(Bucket=self.bucket, Key=self.key(sha))
        return True

    def as_file(self, sha: str) -> AbstractContextManager[Path]:
        return self._as_file(sha)

    @contextmanager
    def _as_file(self, sha: str) -> Iterator[Path]:
        with tempfile.TemporaryDirectory(prefix="filingdesk-blob-") as tmp:
            target = Path(tmp) / sha
            try:
                self.client.download_file(self.bucket, self.key(sha), str(target))
            except ClientError as exc:
                if _code(exc) in _MISSING:
                    raise BlobNotFound(sha) from exc
                raise
            yield target

    @staticmethod
    def key(sha: str) -> str:
        if not _SHA.match(sha):
            raise ValueError(f"not a sha256 hex digest: {sha!r}")
        return f"{sha[:2]}/{sha[2:4]}/{sha}"


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))
