"""Turn the paths given to ``process`` (files and folders) into checked input files.

Everything that can be decided without decoding pixels is decided here: the
kind (from magic bytes), the checksum, size limits and archive members. A bad
input becomes an :class:`InputError` naming it; it never stops the others.
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from ingest.archive import expand_zip
from ingest.checks import check_content
from ingest.sniff import HEAD_BYTES, kind_from_extension
from kernel.inputs import InputFile
from kernel.schema import InputError
from kernel.settings import Settings, get_settings

_CHUNK = 1 << 20


def collect_inputs(
    paths: list[Path], settings: Settings | None = None
) -> tuple[list[InputFile], list[InputError]]:
    """Checked input files (zip members expanded) and the errors for inputs that were refused.

    A folder is walked recursively in sorted order; hidden entries and files of
    other types (``truth.json``, notes) are skipped silently. A file named
    explicitly must be of a supported type, otherwise it is reported.
    """
    settings = settings or get_settings()
    files: list[InputFile] = []
    errors: list[InputError] = []
    for given in paths:
        if given.is_dir():
            candidates: Iterable[tuple[Path, str]] = _walk(given)
        elif given.exists():
            if kind_from_extension(given.name) is None:
                errors.append(
                    InputError(
                        source=given.name,
                        code="unsupported_type",
                        message=f"{given.name}: not a supported input type (PDF, PNG, JPEG, TIFF or ZIP).",
                    )
                )
                continue
            candidates = [(given, given.name)]
        else:
            errors.append(
                InputError(source=str(given), code="not_found", message=f"{given}: no such file or folder.")
            )
            continue
        for path, source in candidates:
            _collect_one(path, source, settings, files, errors)
    return files, errors


def find_duplicates(files: list[InputFile]) -> dict[str, list[InputFile]]:
    """Byte-identical inputs grouped by checksum (only checksums seen more than once)."""
    groups: dict[str, list[InputFile]] = defaultdict(list)
    for f in files:
        groups[f.sha256].append(f)
    return {sha: group for sha, group in groups.items() if len(group) > 1}


def _walk(root: Path) -> list[tuple[Path, str]]:
    """Supported files under ``root`` with their posix path relative to it, sorted."""
    found: list[tuple[Path, str]] = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d != "__MACOSX"]
        for name in filenames:
            if name.startswith(".") or kind_from_extension(name) is None:
                continue
            path = Path(dirpath) / name
            found.append((path, path.relative_to(root).as_posix()))
    return sorted(found, key=lambda item: item[1])


def _collect_one(
    path: Path, source: str, settings: Settings, files: list[InputFile], errors: list[InputError]
) -> None:
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError as exc:
        errors.append(InputError(source=source, code="unreadable", message=f"{source}: cannot read ({exc})."))
        return
    checked = check_content(source, head, size, settings.max_upload_bytes)
    if isinstance(checked, InputError):
        errors.append(checked)
        return
    try:
        sha = _sha256_of(path)
    except OSError as exc:
        errors.append(InputError(source=source, code="unreadable", message=f"{source}: cannot read ({exc})."))
        return
    if checked == "zip":
        members, member_errors = expand_zip(path, source, settings)
        files.extend(members)
        errors.extend(member_errors)
        return
    files.append(InputFile(path=path, source=source, sha256=sha, size=size, kind=checked))


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
