"""A packet's upload names and its content-derived Idempotency-Key.

The key is what makes the agent safe to kill: it is a function of the files'
names and bytes alone, so a rerun after a crash (between the upload and the
move to ``.done``), a restart, or the same scans dropped a second time send
the key the server has seen, and the server answers with its first receipt
(``created: false``) instead of making a second batch. The server checks a
reused key against the names and bytes in the order sent, so the agent always
sends a packet's files in the order the key lists them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from filingdesk.station.folder import Packet

KEY_PREFIX = "fd-watch-v1-"
_CHUNK = 1 << 20


@dataclass(frozen=True)
class PacketFile:
    """One file of a packet: where it is, the name it is uploaded under, its sha256 and size."""

    path: Path
    name: str
    sha256: str
    size: int


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def upload_names(paths: list[Path]) -> list[str]:
    """Each file's own name, made unique within the packet the way the server would (``a (2).pdf``).

    The server keeps only a file's own name (never a client folder), so two ``scan.pdf`` in
    sub-folders of one packet must differ before they are sent, or the receipt could not say
    which was which.
    """
    taken: set[str] = set()
    names = []
    for path in paths:
        name, n = path.name, 1
        while name.lower() in taken:
            n += 1
            stem, dot, ext = path.name.rpartition(".")
            name = f"{stem} ({n}).{ext}" if dot and stem else f"{path.name} ({n})"
        taken.add(name.lower())
        names.append(name)
    return names


def describe(packet: Packet) -> list[PacketFile]:
    """Hash the packet's files (raises OSError when one vanished or cannot be read: it waits a round)."""
    paths = sorted(packet.files, key=lambda p: _relative(p, packet.folder))
    names = upload_names(paths)
    return [PacketFile(p, n, file_sha256(p), p.stat().st_size) for p, n in zip(paths, names, strict=True)]


def content_key(files: list[PacketFile]) -> str:
    """sha256 over the (upload name, content sha256) pairs, in upload order: same scans, same key."""
    pairs = [[f.name, f.sha256] for f in files]
    return KEY_PREFIX + hashlib.sha256(json.dumps(pairs, ensure_ascii=False).encode("utf-8")).hexdigest()


def _relative(path: Path, folder: Path | None) -> str:
    return path.relative_to(folder).as_posix() if folder is not None else path.name
