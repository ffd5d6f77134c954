"""The hot-folder agent's parts without a server: complete files, packets, the content key,
the answers it sorts, and the journal that finishes filing after a crash."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from filingdesk.cli import app
from filingdesk.station.filing import (
    DONE_DIR,
    JOURNAL_DIR,
    REJECTED_DIR,
    carry_out,
    finish_pending,
    pending_sources,
    plan_receipt,
)
from filingdesk.station.folder import Packet, Stability, Waiting, is_junk, is_temp, look, ready_packets
from filingdesk.station.packets import content_key, describe, upload_names
from filingdesk.station.uploader import PacketRefused, Receipt, ServerUnreachable, StopWatching, judge
from filingdesk.station.watch import Backoff

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def two_looks(
    root: Path, *, now: float | None = None, quiet: float = 0.0
) -> tuple[list[Packet], list[Waiting]]:
    stability = Stability()
    stability.steady(look(root))
    seen = look(root)
    later = now if now is not None else max((f.mtime for f in seen.all_files()), default=0.0) + 3600
    return ready_packets(seen, stability.steady(seen), now=later, quiet_period=quiet)


@pytest.mark.parametrize(
    "name", ["scan.pdf.part", "~$scan.docx", ".~lock.scan.pdf#", "scan.tmp", "x.crdownload", ".scan.pdf.Xy12"]
)
def test_lock_and_temp_names_are_still_being_written(name: str) -> None:
    assert is_temp(name) and not is_junk(name)


@pytest.mark.parametrize("name", ["scan_01.pdf", "扫描件 1.JPG", "form.tiff", "a.b.png"])
def test_ordinary_scan_names_are_not_temp(name: str) -> None:
    assert not is_temp(name) and not is_junk(name)


def test_a_file_is_complete_only_when_unchanged_between_two_looks(tmp_path: Path) -> None:
    scan = tmp_path / "scan.jpg"
    scan.write_bytes(b"\xff\xd8 first half")
    stability = Stability()
    assert stability.steady(look(tmp_path)) == set()  # first sight: never complete
    with scan.open("ab") as fh:
        fh.write(b" second half")  # the scanner is still writing
    assert stability.steady(look(tmp_path)) == set()
    assert stability.steady(look(tmp_path)) == {scan}


def test_a_sub_folder_is_one_packet_and_waits_for_its_temp_file(tmp_path: Path) -> None:
    packet = tmp_path / "packet_002"
    packet.mkdir()
    shutil.copy(SAMPLES / "packet_002" / "scan_01.jpg", packet)
    (packet / "scan_02.jpg.part").write_bytes(b"\xff\xd8 half")
    (packet / "Thumbs.db").write_bytes(b"junk")

    ready, waiting = two_looks(tmp_path)
    assert ready == [] and len(waiting) == 1
    assert "scan_02.jpg.part" in waiting[0].why

    (packet / "scan_02.jpg.part").rename(packet / "scan_02.jpg")
    ready, waiting = two_looks(tmp_path)
    assert waiting == []
    assert ready == [Packet("packet_002", (packet / "scan_01.jpg", packet / "scan_02.jpg"), packet)]


def test_loose_files_go_together_after_the_quiet_period(tmp_path: Path) -> None:
    for name in ("b.jpg", "a.pdf"):
        (tmp_path / name).write_bytes(b"scan " + name.encode())
    (tmp_path / ".done").mkdir()
    (tmp_path / ".done" / "old.pdf").write_bytes(b"filed before")  # never looked at again
    newest = max(p.stat().st_mtime for p in tmp_path.iterdir() if p.is_file())

    ready, waiting = two_looks(tmp_path, now=newest + 5, quiet=30)
    assert ready == [] and [w.files for w in waiting] == [2]
    assert "quiet period" in waiting[0].why

    ready, waiting = two_looks(tmp_path, now=newest + 31, quiet=30)
    assert waiting == []
    assert [(p.folder, sorted(f.name for f in p.files)) for p in ready] == [(None, ["a.pdf", "b.jpg"])]


def test_the_key_comes_from_names_and_bytes_only(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for folder, order in ((first, ["scan_01.jpg", "scan_03.jpg"]), (second, ["scan_03.jpg", "scan_01.jpg"])):
        folder.mkdir()
        for name in order:  # dropped in another order, at another time
            shutil.copy(SAMPLES / "packet_002" / name, folder)
    os.utime(second / "scan_01.jpg", (1_000_000, 1_000_000))

    def key(folder: Path) -> str:
        return content_key(describe(Packet(folder.name, tuple(folder.iterdir()), folder)))

    assert key(first) == key(second)
    (second / "scan_03.jpg").rename(second / "scan_04.jpg")
    assert key(first) != key(second)
    (second / "scan_04.jpg").rename(second / "scan_03.jpg")
    with (second / "scan_03.jpg").open("r+b") as fh:
        fh.seek(100)
        fh.write(b"\x00")  # one byte differs
    assert key(first) != key(second)


def test_files_of_one_name_in_nested_folders_get_distinct_upload_names(tmp_path: Path) -> None:
    paths = [tmp_path / "a" / "scan.pdf", tmp_path / "b" / "scan.pdf", tmp_path / "b" / "Scan.PDF"]
    assert upload_names(paths) == ["scan.pdf", "scan (2).pdf", "Scan (3).PDF"]


def answer(status: int, body: object) -> httpx.Response:
    return httpx.Response(status, json=body, request=httpx.Request("POST", "http://x/v1/batches"))


def test_answers_are_sorted_into_what_the_agent_does_next() -> None:
    receipt = judge(answer(202, {"batch_id": 7, "created": False, "files": []}))
    assert isinstance(receipt, Receipt) and (receipt.batch_id, receipt.created) == (7, False)
    refused = judge(answer(415, {"code": "unsupported_media_type", "message": "no scans"}))
    assert refused == PacketRefused(415, "unsupported_media_type", "no scans")
    too_many = judge(answer(413, {"code": "too_many_files", "message": "At most 500 files per batch."}))
    assert too_many == PacketRefused(413, "too_many_files", "At most 500 files per batch.")
    changed = judge(answer(422, {"code": "idempotency_key_reused", "message": "other files"}))
    assert isinstance(changed, PacketRefused) and changed.code == "idempotency_key_reused"
    for status, code in ((401, "unauthorized"), (403, "wrong_station"), (422, "invalid_request")):
        with pytest.raises(StopWatching) as stopped:
            judge(answer(status, {"code": code, "message": "m"}))
        assert (stopped.value.status, stopped.value.code) == (status, code)
    for status in (500, 502, 503, 429):
        with pytest.raises(ServerUnreachable):
            judge(answer(status, {"code": "internal_error", "message": "later"}))
    with pytest.raises(StopWatching):
        judge(answer(200, {"hello": "not filingdesk"}))


def test_backoff_doubles_up_to_its_cap_and_starts_over() -> None:
    backoff = Backoff(most=5)
    assert [backoff.next() for _ in range(5)] == [1, 2, 4, 5, 5]
    backoff.reset()
    assert backoff.next() == 1


def mixed_packet(root: Path) -> tuple[Packet, Receipt]:
    folder = root / "p"
    folder.mkdir()
    for name, data in (("good.jpg", b"good"), ("bad.pdf", b"bad"), ("both.zip", b"zip"), ("gone.png", b"g")):
        (folder / name).write_bytes(data)
    receipt = Receipt(
        {
            "batch_id": 3,
            "created": True,
            "files": [
                {"source": "good.jpg", "state": "queued"},
                {
                    "source": "bad.pdf",
                    "state": "failed",
                    "error_code": "pdf_corrupt",
                    "error_message": "broken",
                },
                {"source": "both.zip/in.jpg", "state": "duplicate"},
                {
                    "source": "both.zip/x.exe",
                    "state": "failed",
                    "error_code": "type_mismatch",
                    "error_message": "exe",
                },
            ],
        }
    )
    return Packet("p", tuple(sorted(folder.iterdir())), folder), receipt


def test_each_file_is_filed_by_its_own_receipt_entries(tmp_path: Path) -> None:
    packet, receipt = mixed_packet(tmp_path)
    plan = plan_receipt(tmp_path, packet, describe(packet), receipt, meta={"station": "w"})
    carry_out(tmp_path, plan, "k1")

    done, rejected = tmp_path / DONE_DIR / "p", tmp_path / REJECTED_DIR / "p"
    assert sorted(p.name for p in done.iterdir()) == [
        "both.zip", "both.zip.reason.txt", "filingdesk-receipt.json", "good.jpg",
    ]  # fmt: skip
    assert "type_mismatch" in (done / "both.zip.reason.txt").read_text(encoding="utf-8")
    assert sorted(p.name for p in rejected.iterdir()) == [
        "bad.pdf", "bad.pdf.reason.txt", "filingdesk-receipt.json", "gone.png", "gone.png.reason.txt",
    ]  # fmt: skip
    assert "no_receipt_entry" in (rejected / "gone.png.reason.txt").read_text(encoding="utf-8")
    assert (plan.accepted, plan.duplicates, plan.rejected) == (2, 1, 2)
    assert not (tmp_path / "p").exists()  # the emptied packet folder is gone
    assert json.loads((done / "filingdesk-receipt.json").read_text(encoding="utf-8"))["batch_id"] == 3


def test_filing_cut_off_after_its_first_move_is_finished_from_the_journal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    packet, receipt = mixed_packet(tmp_path)
    plan = plan_receipt(tmp_path, packet, describe(packet), receipt, meta={})
    real_replace, moved = os.replace, list[Path]()

    def replace_once(src: Path, dst: Path) -> None:  # then the process dies (or Windows says "in use")
        if moved:
            raise PermissionError(13, "in use", str(src))
        moved.append(src)
        real_replace(src, dst)

    monkeypatch.setattr("filingdesk.station.filing.os.replace", replace_once)
    with pytest.raises(OSError):
        carry_out(tmp_path, plan, "k2")
    monkeypatch.undo()
    journal = tmp_path / DONE_DIR / JOURNAL_DIR / "k2.json"
    assert journal.is_file() and len(moved) == 1
    assert pending_sources(tmp_path) == {tmp_path / s for s, _ in plan.moves}  # not sent again meanwhile

    finished = finish_pending(tmp_path)

    assert [p.packet for p in finished] == ["p"] and not journal.exists()
    assert all((tmp_path / d).is_file() for _, d in plan.moves)
    assert all(not (tmp_path / s).exists() for s, _ in plan.moves)
    assert (tmp_path / REJECTED_DIR / "p" / "bad.pdf.reason.txt").is_file()


def test_a_missing_folder_or_bad_server_url_is_a_clear_error(tmp_path: Path) -> None:
    runner = CliRunner()
    base = ["station", "watch", "--key", "k", "--station", "w", "--once"]
    missing = runner.invoke(app, [*base, str(tmp_path / "nope"), "--server", "http://127.0.0.1:9"])
    assert missing.exit_code == 2 and "No such folder" in missing.output
    assert "Traceback" not in missing.output
    for url in ("127.0.0.1:8000", "http://", "http://[::1"):
        bad_url = runner.invoke(app, [*base, str(tmp_path), "--server", url])
        assert bad_url.exit_code == 2 and "http://" in bad_url.output, url
        assert "Traceback" not in bad_url.output
