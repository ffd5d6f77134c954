"""Moving uploaded files to ``.done/`` and refused ones to ``.rejected/``, crash-safe through a journal.

The plan for a packet (every move, every receipt and reason file) is written to
``.done/.journal/`` *before* the first file moves, and removed after the last.
An agent killed in between finishes the plan when it starts again (or at its
next round), so a packet is never half in the hot folder, where it would be
sent again under a different key. Before the plan exists, the files are still
all in place and a rerun sends the same key: the server replays its receipt.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from filingdesk.station.folder import DONE_DIR, REJECTED_DIR, Packet
from filingdesk.station.packets import PacketFile
from filingdesk.station.reasons import reason_text
from filingdesk.station.uploader import PacketRefused, Receipt

JOURNAL_DIR = ".journal"
RECEIPT_NAME = "filingdesk-receipt.json"
REASON_SUFFIX = ".reason.txt"


@dataclass
class FilingPlan:
    """What happens to one packet's files; paths relative to the hot folder, POSIX style."""

    packet: str
    moves: list[tuple[str, str]] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)
    folder: str | None = None  # the packet's sub-folder, removed when empty
    accepted: int = 0
    duplicates: int = 0
    rejected: int = 0
    reasons: list[str] = field(default_factory=list)  # "name: code" of each refused file


def plan_receipt(
    root: Path, packet: Packet, files: list[PacketFile], receipt: Receipt, *, meta: dict[str, Any]
) -> FilingPlan:
    """Each file by its receipt entries (a zip has one per member): one taken → .done, else .rejected."""
    plan = FilingPlan(packet.name, folder=_rel(root, packet.folder) if packet.folder else None)
    label = _label(packet)
    done_dir = _free_dir(root / DONE_DIR, label)
    rejected_dir: Path | None = None
    batch = f"批次 Batch: {receipt.batch_id} (station {meta.get('station')}, {meta.get('server')})"
    receipt_json = json.dumps({**receipt.body, "agent": meta}, ensure_ascii=False, indent=2) + "\n"
    for f in files:
        entries = [e for e in receipt.files if _entry_of(e, f.name)]
        taken = [e for e in entries if e.get("state") != "failed"]
        failed = [e for e in entries if e.get("state") == "failed"]
        if taken:
            target = done_dir / _inside(packet, f.path)
            plan.accepted += 1
            if any(e.get("state") == "duplicate" for e in taken):
                plan.duplicates += 1
        else:
            rejected_dir = rejected_dir or _free_dir(root / REJECTED_DIR, label)
            target = rejected_dir / _inside(packet, f.path)
            plan.rejected += 1
            if not failed:
                failed = [
                    {"error_code": "no_receipt_entry", "error_message": f"{f.name}: not in the receipt."}
                ]
        plan.moves.append((_rel(root, f.path), _rel(root, target)))
        if failed:
            text = "\n".join(
                reason_text(e.get("source") or f.name, _code(e), e.get("error_message") or "", batch=batch)
                for e in failed
            )
            plan.notes[_rel(root, target) + REASON_SUFFIX] = text
            plan.reasons.extend(f"{e.get('source') or f.name}: {_code(e)}" for e in failed)
    if plan.accepted:
        plan.notes[_rel(root, done_dir / RECEIPT_NAME)] = receipt_json
    if rejected_dir is not None:
        plan.notes[_rel(root, rejected_dir / RECEIPT_NAME)] = receipt_json
    return plan


def plan_refusal(root: Path, packet: Packet, files: list[PacketFile], refusal: PacketRefused) -> FilingPlan:
    """The whole request refused (413, 415, 400): every file to .rejected with that reason."""
    plan = FilingPlan(packet.name, folder=_rel(root, packet.folder) if packet.folder else None)
    rejected_dir = _free_dir(root / REJECTED_DIR, _label(packet))
    batch = f"整批被拒 Whole upload refused: HTTP {refusal.status}"
    for f in files:
        target = rejected_dir / _inside(packet, f.path)
        plan.moves.append((_rel(root, f.path), _rel(root, target)))
        plan.notes[_rel(root, target) + REASON_SUFFIX] = reason_text(
            f.name, refusal.code, refusal.message, batch=batch
        )
        plan.rejected += 1
    plan.reasons.append(f"HTTP {refusal.status}: {refusal.code}")
    return plan


def carry_out(root: Path, plan: FilingPlan, key: str) -> None:
    """Journal the plan, then do it; raises OSError (the journal stays and is finished later)."""
    journal = root / DONE_DIR / JOURNAL_DIR / f"{key}.json"
    journal.parent.mkdir(parents=True, exist_ok=True)
    _write_atomic(journal, json.dumps(asdict(plan), ensure_ascii=False))
    _apply(root, plan)
    journal.unlink()


def finish_pending(root: Path) -> list[FilingPlan]:
    """Finish the plans an earlier agent journaled but did not complete; returns those it finished."""
    finished = []
    folder = root / DONE_DIR / JOURNAL_DIR
    for journal in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        plan = _load(journal)
        _apply(root, plan)
        journal.unlink()
        finished.append(plan)
    return finished


def pending_sources(root: Path) -> set[Path]:
    """Files a journaled plan still has to move (a file the scanner holds open, on Windows): not resent."""
    folder = root / DONE_DIR / JOURNAL_DIR
    if not folder.is_dir():
        return set()
    return {root / src for journal in folder.glob("*.json") for src, _dst in _load(journal).moves}


def _apply(root: Path, plan: FilingPlan) -> None:
    """Idempotent: a move whose source is gone was done by an earlier try."""
    for src, dst in plan.moves:
        source, target = root / src, root / dst
        if source.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
    for rel, text in plan.notes.items():
        note = root / rel
        note.parent.mkdir(parents=True, exist_ok=True)
        _write_atomic(note, text)
    if plan.folder is not None:
        _remove_empty_dirs(root / plan.folder)


def _remove_empty_dirs(folder: Path) -> None:
    if not folder.is_dir():
        return
    for dirpath, _dirnames, _filenames in sorted(os.walk(folder), key=lambda w: -len(w[0])):
        with contextlib.suppress(OSError):  # not empty: something new was dropped meanwhile; it waits
            Path(dirpath).rmdir()


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".writing")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _load(journal: Path) -> FilingPlan:
    data = json.loads(journal.read_text(encoding="utf-8"))
    data["moves"] = [tuple(m) for m in data["moves"]]
    return FilingPlan(**data)


def _entry_of(entry: dict[str, Any], name: str) -> bool:
    source = str(entry.get("source") or "")
    return source == name or source.startswith(name + "/")


def _code(entry: dict[str, Any]) -> str:
    return str(entry.get("error_code") or "refused")


def _label(packet: Packet) -> str:
    if packet.folder is not None:
        return packet.folder.name
    return "loose-" + datetime.now().strftime("%Y%m%d-%H%M%S")


def _free_dir(parent: Path, label: str) -> Path:
    """``parent/label``, or ``label (2)``… when a packet of that name was filed before."""
    candidate, n = parent / label, 1
    while candidate.exists():
        n += 1
        candidate = parent / f"{label} ({n})"
    return candidate


def _inside(packet: Packet, path: Path) -> Path:
    return path.relative_to(packet.folder) if packet.folder is not None else Path(path.name)


def _rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()
