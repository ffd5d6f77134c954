"""Looking at the hot folder: which files are complete, and which packets are ready to go.

A scanner writes a file over seconds (or minutes over SMB) and a packet over
minutes, so nothing is taken at first sight. A file is *complete* when its size
and modification time were the same at two looks and its name is not a lock or
temp name; a packet (a sub-folder, or the loose files together) is *ready* when
all its files are complete, none of its files is still being written, and
nothing in it changed for the quiet period. Modification times, not the
agent's memory, measure quiet, so ``--once`` from cron and a restarted agent
judge alike.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

DONE_DIR = ".done"
REJECTED_DIR = ".rejected"

# Never uploaded, never waited for: what file managers leave in every folder.
JUNK_NAMES = frozenset({"thumbs.db", "desktop.ini", ".ds_store", "ehthumbs.db"})
# A file with one of these names is still being written (or copied): its packet waits.
TEMP_SUFFIXES = (
    ".tmp", ".temp", ".part", ".partial", ".crdownload", ".download", ".filepart",
    ".lock", ".lck", ".swp", "~",
)  # fmt: skip
TEMP_PREFIXES = (".", "~$", "~")


def is_junk(name: str) -> bool:
    return name.lower() in JUNK_NAMES


def is_temp(name: str) -> bool:
    """A lock or temp name: hidden files (rsync, LibreOffice ``.~lock``), ``~$x``, ``x.part``, ``x.tmp``…"""
    lower = name.lower()
    return not is_junk(name) and (lower.startswith(TEMP_PREFIXES) or lower.endswith(TEMP_SUFFIXES))


@dataclass(frozen=True)
class SeenFile:
    """One file as one look saw it."""

    path: Path
    size: int
    mtime: float

    @property
    def state(self) -> tuple[int, float]:
        return (self.size, self.mtime)


@dataclass
class FolderLook:
    """Everything in the hot folder at one moment, outside ``.done`` and ``.rejected``."""

    root: Path
    loose: list[SeenFile] = field(default_factory=list)
    folders: dict[Path, list[SeenFile]] = field(default_factory=dict)
    folder_mtimes: dict[Path, float] = field(default_factory=dict)

    def all_files(self) -> Iterable[SeenFile]:
        yield from self.loose
        for files in self.folders.values():
            yield from files


def look(root: Path) -> FolderLook:
    """Walk the folder once; a file that vanishes while we look is simply not there."""
    seen = FolderLook(root)
    for entry in _entries(root):
        if entry.is_dir(follow_symlinks=False):
            if entry.name.startswith("."):  # .done, .rejected, anyone's hidden folder
                continue
            folder = Path(entry.path)
            files: list[SeenFile] = []
            newest = _mtime(folder)
            for dirpath, dirnames, filenames in os.walk(folder):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
                newest = max(newest, _mtime(Path(dirpath)))
                files.extend(f for f in (_seen(Path(dirpath) / n) for n in sorted(filenames)) if f)
            seen.folders[folder] = files
            seen.folder_mtimes[folder] = newest
        elif entry.is_file(follow_symlinks=False):
            found = _seen(Path(entry.path))
            if found is not None:
                seen.loose.append(found)
    return seen


class Stability:
    """Remembers each file's size and mtime from the previous look: equal at the next one means complete."""

    def __init__(self) -> None:
        self._previous: dict[Path, tuple[int, float]] = {}

    def steady(self, current: FolderLook) -> set[Path]:
        """The files unchanged since the previous look; the current look becomes the previous one."""
        now = {f.path: f.state for f in current.all_files()}
        same = {p for p, state in now.items() if self._previous.get(p) == state}
        self._previous = now
        return same


@dataclass(frozen=True)
class Packet:
    """Files that go in one upload, one batch: a sub-folder's, or the loose files'."""

    name: str
    files: tuple[Path, ...]
    folder: Path | None = None  # None: the loose files in the hot folder itself


@dataclass(frozen=True)
class Waiting:
    """A packet not taken in this round, and why (shown to the operator)."""

    name: str
    files: int
    why: str


def ready_packets(
    seen: FolderLook, steady: set[Path], *, now: float, quiet_period: float
) -> tuple[list[Packet], list[Waiting]]:
    """Split the look into packets ready to upload and packets that wait, each with its reason."""
    ready: list[Packet] = []
    waiting: list[Waiting] = []
    groups: list[tuple[str, Path | None, list[SeenFile], float]] = []
    if seen.loose:
        groups.append(("(loose files)", None, seen.loose, max(f.mtime for f in seen.loose)))
    for folder, files in sorted(seen.folders.items()):
        newest = max([seen.folder_mtimes[folder], *(f.mtime for f in files)])
        groups.append((folder.name, folder, files, newest))
    for name, where, files, newest in groups:
        uploadable = [f for f in files if not is_junk(f.path.name) and not is_temp(f.path.name)]
        why = _why_waiting(files, uploadable, steady, now - newest, quiet_period)
        if why is None:
            ready.append(Packet(name, tuple(f.path for f in uploadable), where))
        elif uploadable:
            waiting.append(Waiting(name, len(uploadable), why))
    return ready, waiting


def _why_waiting(
    files: list[SeenFile],
    uploadable: list[SeenFile],
    steady: set[Path],
    quiet_for: float,
    quiet_period: float,
) -> str | None:
    if not uploadable:
        return "empty"
    temp = [f.path.name for f in files if is_temp(f.path.name)]
    if temp:
        return f"still being written 正在写入: {temp[0]}"
    moving = [f.path.name for f in uploadable if f.path not in steady]
    if moving:
        return f"size not steady yet 文件大小仍在变化: {moving[0]}"
    if quiet_for < quiet_period:
        return f"changed {quiet_for:.0f} s ago 刚有改动 (quiet period {quiet_period:g} s)"
    return None


def _entries(root: Path) -> list[os.DirEntry[str]]:
    with os.scandir(root) as it:
        return sorted(it, key=lambda e: e.name)


def _seen(path: Path) -> SeenFile | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return SeenFile(path, st.st_size, st.st_mtime)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
