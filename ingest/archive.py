"""Expand ZIP uploads into input files, defensively.

Archives come from outside the agency, so every member name and size is
treated as hostile: traversal names are refused (only that member), bombs are
refused (the whole archive) before anything is decompressed, and archives
nest one level at most. The size and member limits hold for the whole tree:
a zip of small zips, each within the limit, is refused once their sum is not.
Members are written content-addressed under ``settings.cache_dir/unpacked``
because the later stages open inputs by path; the name on disk is the checksum, never the member's own name.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ingest.checks import MAX_SOURCE_CHARS, check_content, name_error
from ingest.sniff import HEAD_BYTES, kind_from_extension
from kernel.inputs import InputFile
from kernel.schema import InputError
from kernel.settings import Settings

MAX_MEMBERS = 10_000
MAX_RATIO = 200  # scans hardly compress; a member inflating 200x beyond 1 MiB is a bomb
RATIO_FLOOR = 1 << 20
MAX_DEPTH = 1  # a zip inside a zip is expanded; a zip inside that is refused
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass
class _TreeBudget:
    """What is left for the whole archive tree: bytes to unpack and members to list."""

    bytes_left: int
    members_left: int = MAX_MEMBERS


class _TreeTooLarge(Exception):
    """An archive anywhere in the tree took the budget: the top-level archive is refused whole."""


def expand_zip(
    archive: Path | bytes, source: str, settings: Settings, depth: int = 0
) -> tuple[list[InputFile], list[InputError]]:
    """Members of a ZIP as input files (source ``archive.zip/inner/path.jpg``) and the refused ones."""
    try:
        return _expand(archive, source, settings, depth, _TreeBudget(settings.max_upload_bytes))
    except _TreeTooLarge as exc:
        return [], [InputError(source=source, code="archive_too_large", message=f"{source}: {exc}")]


def _expand(
    archive: Path | bytes, source: str, settings: Settings, depth: int, budget: _TreeBudget
) -> tuple[list[InputFile], list[InputError]]:
    try:
        with zipfile.ZipFile(io.BytesIO(archive) if isinstance(archive, bytes) else archive) as zf:
            infos = [i for i in zf.infolist() if not i.is_dir()]
            bomb = _bomb_reason(infos, budget, settings.max_upload_bytes)
            if bomb:
                raise _TreeTooLarge(bomb if depth == 0 else f"{source}: {bomb}")
            files: list[InputFile] = []
            errors: list[InputError] = []
            for info in sorted(infos, key=lambda i: i.filename):
                _expand_member(zf, info, source, settings, depth, budget, files, errors)
            if not files and not errors:
                errors.append(
                    InputError(
                        source=source,
                        code="archive_empty",
                        message=f"{source}: the archive holds no PDF, PNG, JPEG or TIFF.",
                    )
                )
            return files, errors
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        return [], [
            InputError(
                source=source,
                code="archive_corrupt",
                message=f"{source}: the ZIP archive cannot be read ({exc}).",
            )
        ]


def safe_member_name(name: str) -> str | None:
    """The member name as a clean relative posix path, or ``None`` when it could escape."""
    cleaned = name.replace("\\", "/")
    if cleaned.startswith("/") or _DRIVE.match(cleaned) or "\x00" in cleaned:
        return None
    parts = [p for p in PurePosixPath(cleaned).parts if p not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return "/".join(parts)


def _bomb_reason(infos: list[zipfile.ZipInfo], budget: _TreeBudget, max_bytes: int) -> str:
    """Why this archive (given what its tree unpacked so far) is a bomb; empty when it is not.

    Declared sizes are charged before anything is decompressed; an inner zip's
    own bytes are given back once it is read, so the tree's files are what counts.
    """
    budget.members_left -= len(infos)
    if budget.members_left < 0:
        return f"more than the limit of {MAX_MEMBERS} members (nested archives included)."
    total = sum(i.file_size for i in infos)
    budget.bytes_left -= total
    if budget.bytes_left < 0:
        return f"expands to more than the limit of {max_bytes} bytes (nested archives included)."
    for i in infos:
        if i.file_size > RATIO_FLOOR and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            return f"member {i.filename!r} inflates {i.file_size // max(i.compress_size, 1)}x (zip bomb)."
    return ""


def _expand_member(
    zf: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    source: str,
    settings: Settings,
    depth: int,
    budget: _TreeBudget,
    files: list[InputFile],
    errors: list[InputError],
) -> None:
    name = safe_member_name(info.filename)
    if name is None:
        member_source = f"{source}/{info.filename}"
        errors.append(
            InputError(
                source=member_source,
                code="unsafe_archive_path",
                message=f"{member_source}: member name could escape the archive; skipped.",
            )
        )
        return
    member_source = f"{source}/{name}"
    too_long = name_error(member_source, MAX_SOURCE_CHARS)
    if too_long is not None:
        errors.append(too_long)
        return
    base = PurePosixPath(name).name
    if any(p.startswith(".") or p == "__MACOSX" for p in PurePosixPath(name).parts):
        return
    if kind_from_extension(base) is None:
        return  # other files in an archive are ignored, as in a folder
    if info.flag_bits & 0x1:
        errors.append(
            InputError(
                source=member_source,
                code="archive_encrypted",
                message=f"{member_source}: the member is password-protected.",
            )
        )
        return
    try:
        data = zf.read(info)  # bounded by the declared size, which _bomb_reason checked; CRC verified
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError) as exc:  # unsupported method
        errors.append(
            InputError(
                source=member_source,
                code="archive_corrupt",
                message=f"{member_source}: cannot be extracted ({exc}).",
            )
        )
        return
    checked = check_content(member_source, data[:HEAD_BYTES], len(data), settings.max_upload_bytes)
    if isinstance(checked, InputError):
        errors.append(checked)
        return
    if checked == "zip":
        if depth >= MAX_DEPTH:
            errors.append(
                InputError(
                    source=member_source,
                    code="nested_archive",
                    message=f"{member_source}: archives nest one level at most.",
                )
            )
            return
        budget.bytes_left += len(data)  # only what it unpacks to counts, not the container too
        inner_files, inner_errors = _expand(data, member_source, settings, depth + 1, budget)
        files.extend(inner_files)
        errors.extend(inner_errors)
        return
    sha = hashlib.sha256(data).hexdigest()
    try:
        path = _store_member(data, sha, checked, settings.cache_dir / "unpacked")
    except OSError as exc:
        errors.append(
            InputError(
                source=member_source,
                code="unpack_failed",
                message=f"{member_source}: cannot be written to the cache ({exc}).",
            )
        )
        return
    files.append(InputFile(path=path, source=member_source, sha256=sha, size=len(data), kind=checked))


def _store_member(data: bytes, sha: str, kind: str, folder: Path) -> Path:
    """Write once under the checksum (atomic rename), so re-runs and duplicates share one file."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{sha}.{kind}"
    if target.exists() and target.stat().st_size == len(data):
        return target
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".part-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
