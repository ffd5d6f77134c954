"""The agent's rounds: look at the folder, send the ready packets, file them, say what happened.

Nothing here deletes a file. A file leaves the hot folder only by a journaled
move after the server answered (``filing``); while the server cannot be
reached, the packet stays and is sent again, with the same key, after a
doubling wait (``--backoff-max`` caps it). ``--once`` looks twice (``--interval``
apart, to see which files are complete), sends what is ready and exits; it
gives up on an unreachable server after ``--retry-for`` seconds, files kept.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import httpx
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.table import Table

from filingdesk.station.filing import (
    FilingPlan,
    carry_out,
    finish_pending,
    pending_sources,
    plan_receipt,
    plan_refusal,
)
from filingdesk.station.folder import Packet, Stability, Waiting, look, ready_packets
from filingdesk.station.packets import PacketFile, content_key, describe
from filingdesk.station.uploader import (
    PacketRefused,
    Receipt,
    ServerUnreachable,
    StopWatching,
    make_client,
    upload_packet,
    whoami,
)

EXIT_OK, EXIT_STOPPED, EXIT_UNREACHABLE = 0, 2, 3


@dataclass(frozen=True)
class WatchOptions:
    root: Path
    server: str
    key: str
    station: str
    once: bool = False
    interval: float = 5.0
    quiet_period: float = 30.0
    backoff_max: float = 300.0
    retry_for: float = 600.0


@dataclass
class Row:
    """One packet's line in the summary table."""

    packet: str
    files: int
    batch: str = "—"
    accepted: int = 0
    duplicates: int = 0
    rejected: int = 0
    note: str = ""


class GaveUp(Exception):
    """``--once``: the server stayed unreachable for ``--retry-for`` seconds (files kept)."""


class Backoff:
    """Waits between tries at an unreachable server: 1 s, 2 s, 4 s … up to ``most``."""

    def __init__(self, most: float) -> None:
        self.first = min(1.0, most)
        self.most = most
        self._next = self.first

    def next(self) -> float:
        wait, self._next = self._next, min(self._next * 2, self.most)
        return wait

    def reset(self) -> None:
        self._next = self.first


@dataclass
class Agent:
    options: WatchOptions
    out: Console
    err: Console
    sleep: Callable[[float], None] = time.sleep
    backoff: Backoff = field(init=False)
    station: str = field(init=False)  # from --station, else asked of the server with the first upload

    def __post_init__(self) -> None:
        self.backoff = Backoff(self.options.backoff_max)
        self.station = self.options.station

    def run(self) -> int:
        """Rounds until interrupted (or, with ``--once``, two looks); the exit code."""
        opts = self.options
        stability = Stability()
        self.say(
            f"watching 监视 {opts.root} → {opts.server} as station "
            f"{opts.station or '(the key’s 密钥所属站点)'}"
            + (" (once)" if opts.once else "")
        )
        with make_client(opts.server, opts.key) as client:
            rounds = 0
            while True:
                rounds += 1
                try:
                    rows, waiting = self.round(client, stability)
                except StopWatching as exc:
                    self.stopped(exc)
                    return EXIT_STOPPED
                except GaveUp as exc:
                    self.err.print(
                        f"[red]服务器一直无法连接，文件都留在原处。"
                        f"Server unreachable for {opts.retry_for:g} s "
                        f"({exc}); every file is kept in {opts.root} and goes with the next run.[/]"
                    )
                    return EXIT_UNREACHABLE
                except OSError as exc:  # the folder vanished, a network share dropped: files untouched
                    self.err.print(
                        f"[red]无法读取扫描文件夹 Cannot read the scan folder {opts.root}: {exc}[/]"
                    )
                    if opts.once:
                        return EXIT_STOPPED
                    rows, waiting = [], []
                if rows:
                    self.out.print(summary_table(rows))
                if opts.once and rounds >= 2:
                    if waiting:
                        self.out.print(waiting_table(waiting))
                    return EXIT_OK
                self.sleep(opts.interval)

    def round(self, client: httpx.Client, stability: Stability) -> tuple[list[Row], list[Waiting]]:
        root = self.options.root
        rows = [_row(plan, "filed after a restart 重启后完成归档") for plan in self._finish(root)]
        held = pending_sources(root)
        seen = look(root)
        seen.loose = [f for f in seen.loose if f.path not in held]
        for folder, files in seen.folders.items():
            seen.folders[folder] = [f for f in files if f.path not in held]
        steady = stability.steady(seen)
        packets, waiting = ready_packets(
            seen, steady, now=time.time(), quiet_period=self.options.quiet_period
        )
        if packets:
            with _progress(self.err) as progress:
                for packet in packets:
                    rows.append(self.send(client, packet, progress))
        return rows, waiting

    def send(self, client: httpx.Client, packet: Packet, progress: Progress) -> Row:
        """Upload one packet (retrying while the server is away) and file its files by the answer."""
        opts = self.options
        try:
            files = describe(packet)
        except OSError as exc:
            return Row(packet.name, len(packet.files), note=f"kept: cannot read yet 暂时无法读取 ({exc})")
        key = content_key(files)
        task = progress.add_task(packet.name, total=sum(f.size for f in files))
        outcome = self._upload(client, files, key, progress, task)
        if isinstance(outcome, PacketRefused) and outcome.code == "idempotency_key_reused":
            return Row(
                packet.name,
                len(files),
                note="kept: a file changed while uploading 上传中文件有改动; next round",
            )
        meta = {
            "server": opts.server,
            "station": self.station,
            "idempotency_key": key,
            "filed_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        }
        if isinstance(outcome, Receipt):
            plan = plan_receipt(opts.root, packet, files, outcome, meta=meta)
        else:
            plan = plan_refusal(opts.root, packet, files, outcome)
        batch = f"{outcome.batch_id}" if isinstance(outcome, Receipt) else f"HTTP {outcome.status}"
        note = (
            ""
            if not isinstance(outcome, Receipt) or outcome.created
            else "sent before 已上传过 (same receipt)"
        )
        try:
            carry_out(opts.root, plan, key)
        except OSError as exc:  # a scanner holding a file open (Windows): the journal finishes it later
            note = f"uploaded; moving later 稍后归档 ({exc})"
        row = _row(plan, note, batch=batch)
        self.say(
            f"{packet.name}: batch {batch}, {row.accepted} accepted 已接收, {row.rejected} rejected 被拒"
            + (f" ({', '.join(plan.reasons)})" if plan.reasons else "")
        )
        return row

    def _upload(
        self,
        client: httpx.Client,
        files: list[PacketFile],
        key: str,
        progress: Progress,
        task: TaskID,
    ) -> Receipt | PacketRefused:
        opts = self.options
        started = time.monotonic()
        while True:
            progress.reset(task)  # a retry sends every byte again
            try:
                if not self.station:
                    self.station = whoami(client)
                outcome = upload_packet(
                    client,
                    files,
                    station=self.station,
                    idempotency_key=key,
                    on_bytes=lambda n: progress.advance(task, n),
                )
            except ServerUnreachable as exc:
                wait = self.backoff.next()
                if opts.once and time.monotonic() - started + wait > opts.retry_for:
                    raise GaveUp(str(exc)) from exc
                self.err.print(
                    f"[yellow]服务器无法连接，文件保留，{wait:g} 秒后重试。"
                    f"Cannot reach {opts.server} ({exc}); "
                    f"files kept, next try in {wait:g} s.[/]"
                )
                self.sleep(wait)
                continue
            self.backoff.reset()
            return outcome

    def _finish(self, root: Path) -> list[FilingPlan]:
        try:
            return finish_pending(root)
        except OSError as exc:
            self.err.print(f"[yellow]归档未完成，稍后重试 Could not finish moving files yet: {exc}[/]")
            return []

    def stopped(self, exc: StopWatching) -> None:
        opts = self.options
        if exc.status == 401:
            zh, en = (
                "API 密钥无效或已停用。",
                "The API key is not valid (check --key / FILINGDESK_STATION_KEY).",
            )
        elif exc.code == "wrong_station":
            zh = f"这个密钥不属于站点 {self.station!r}。"
            en = f"This key does not upload for station {self.station!r} (check --station): {exc.message}"
        elif exc.status == 403:
            zh, en = "这个密钥不是扫描站密钥。", f"This key is not a station key: {exc.message}"
        elif exc.status == 404 or exc.code == "not_filingdesk":
            zh, en = "服务器地址不对。", f"{opts.server} is not a filingdesk server (check --server)."
        else:
            zh, en = "服务器拒绝了请求。", f"The server refused the request: {exc.message}"
        self.err.print(
            f"[red]{zh}文件都留在原处。\n{en} HTTP {exc.status} {exc.code}. "
            f"Every file is kept in {opts.root}.[/]"
        )

    def say(self, text: str) -> None:
        self.err.print(f"[dim]{datetime.now().strftime('%H:%M:%S')}[/] {text}")


def summary_table(rows: list[Row]) -> Table:
    table = Table(title="Uploaded packets 上传结果")
    for column in (
        "Packet 文件夹",
        "Files",
        "Batch 批次",
        "Accepted 已接收",
        "Duplicates 重复",
        "Rejected 被拒",
    ):
        table.add_column(column, no_wrap=True)
    table.add_column("Note")
    for r in rows:
        rejected = f"[red]{r.rejected}[/]" if r.rejected else "0"
        table.add_row(r.packet, str(r.files), r.batch, str(r.accepted), str(r.duplicates), rejected, r.note)
    return table


def waiting_table(waiting: list[Waiting]) -> Table:
    table = Table(title="Not sent yet 尚未上传", title_style="yellow")
    table.add_column("Packet 文件夹", no_wrap=True)
    table.add_column("Files")
    table.add_column("Why 原因")
    for w in waiting:
        table.add_row(w.name, str(w.files), w.why)
    return table


def _row(plan: FilingPlan, note: str, *, batch: str = "—") -> Row:
    files = plan.accepted + plan.rejected
    return Row(plan.packet, files, batch, plan.accepted, plan.duplicates, plan.rejected, note)


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
        console=console,
    )
