"""Queue benchmark: intake rate, pages/s per worker layout, latency upload → needs_review.

    .venv/bin/python -m bench.bench_queue [--samples samples] [--workers 1x2,2x1] [--standin]

A layout ``NxT`` is N worker processes with T OCR threads each (``FILINGDESK_OCR_THREADS``);
on this 2-core machine ``1x2`` (one worker, two threads) and ``2x1`` (two workers, one thread
each) use the same cores in two ways, and the default setting follows the faster.

Runs real ``filingdesk worker`` processes on a throw-away home (SQLite
database, local blobs) with Redis as the broker (``--broker``, default a
private database number on the local server; ``sqlite`` uses the embedded
SQLite-file broker with one worker). ``--standin`` swaps OCR for the test
stand-in reader to measure the queue's own overhead.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from kernel.settings import Settings
from store.db import dispose_engines, session_scope
from store.migrate import upgrade
from store.repository import batch_progress
from taskqueue.app import embedded_broker_url, make_celery
from taskqueue.intake import Upload, accept_batch

ROOT = Path(__file__).resolve().parents[1]
KINDS = (".pdf", ".png", ".jpg", ".jpeg", ".tif", ".tiff")


def sample_uploads(folder: Path) -> list[Upload]:
    return [Upload(p.name, p.read_bytes()) for p in sorted(folder.rglob("*")) if p.suffix.lower() in KINDS]


def submit(settings: Settings, uploads: list[Upload], station: str) -> int:
    with session_scope(settings) as session:
        receipt = accept_batch(
            session,
            settings,
            station=station,
            uploads=uploads,
            idempotency_key=None,
            celery_app=make_celery(settings),
        )
        return receipt.batch_id


def wait_batch(settings: Settings, batch_id: int, timeout: float) -> tuple[int, str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with session_scope(settings) as session:
            progress = batch_progress(session, batch_id)
        if progress.state in ("done", "failed"):
            return progress.pages_done, progress.state
        time.sleep(0.1)
    raise TimeoutError(f"batch {batch_id} not finished after {timeout:.0f} s")


def fresh_settings(home: Path, broker: str) -> Settings:
    dispose_engines()
    settings = Settings(home=home)
    url = embedded_broker_url(settings) if broker == "sqlite" else broker
    settings = settings.model_copy(update={"broker_url": url})
    upgrade(settings)
    if url.startswith("redis"):
        import redis

        redis.Redis.from_url(url).flushdb()
    return settings


def layouts(spec: str) -> list[tuple[int, int | None]]:
    """``"1x2,2x1"`` → [(1, 2), (2, 1)]: workers and OCR threads each (``"2"``: threads as set)."""
    out: list[tuple[int, int | None]] = []
    for item in spec.split(","):
        workers, _, threads = item.strip().partition("x")
        out.append((int(workers), int(threads) if threads else None))
    return out


def start_workers(
    settings: Settings, n: int, standin: bool, log: Path, threads: int | None = None
) -> list[subprocess.Popen[bytes]]:
    env = {
        **os.environ,
        **({"FILINGDESK_OCR_THREADS": str(threads)} if threads else {}),
        "FILINGDESK_HOME": str(settings.home),
        "FILINGDESK_BROKER_URL": settings.broker_url,
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")]),
    }
    if standin:
        env["FILINGDESK_PIPELINE"] = "queue_standin:read_file"
    exe = [sys.executable, "-m", "filingdesk", "worker", "--concurrency=1", "--loglevel=WARNING"]
    return [subprocess.Popen(exe, env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT) for _ in range(n)]


def warm(settings: Settings, uploads: list[Upload], timeout: float) -> None:
    """One single-page batch per worker start, so model loading is not counted as throughput."""
    wait_batch(settings, submit(settings, uploads[:1], "warm-up"), timeout)


def run(args: argparse.Namespace) -> None:
    console = Console()
    uploads = sample_uploads(Path(args.samples))
    table = Table(
        title=f"filingdesk queue ({'stand-in reader' if args.standin else 'real OCR'}, broker {args.broker})"
    )
    for col in ("measure", "value", "detail"):
        table.add_column(col)
    with tempfile.TemporaryDirectory(prefix="bench-queue-") as tmp:
        settings = fresh_settings(Path(tmp) / "intake", "sqlite")
        started = time.perf_counter()
        rounds = 5
        for i in range(rounds):  # no worker runs: this is intake alone (blobs, rows, publish)
            submit(
                settings, [Upload(f"r{i}-{u.filename}", u.data + b"\n" * (i + 1)) for u in uploads], f"s{i}"
            )
        seconds = time.perf_counter() - started
        files = rounds * len(uploads)
        table.add_row(
            "intake",
            f"{files / seconds:.1f} files/s",
            f"{files} uploads in {rounds} batches, {seconds:.2f} s",
        )
        latency_done = False
        for n, threads in layouts(args.workers):
            settings = fresh_settings(Path(tmp) / f"w{n}x{threads}", args.broker)
            workers = start_workers(settings, n, args.standin, Path(tmp) / "workers.log", threads)
            layout = f"{n} worker(s)" + (f" × {threads} OCR thread(s)" if threads else "")
            try:
                for _ in range(n):
                    warm(settings, uploads, args.timeout)
                started = time.perf_counter()
                pages, state = wait_batch(settings, submit(settings, uploads, "bench"), args.timeout)
                seconds = time.perf_counter() - started
                table.add_row(
                    f"throughput, {layout}",
                    f"{pages / seconds:.2f} pages/s",
                    f"{pages} pages in {seconds:.1f} s ({state})",
                )
                if n == 1 and not latency_done:
                    latency_done = True
                    one = [u for u in uploads if u.filename.endswith(".jpg")][:1] or uploads[:1]
                    latencies = []
                    for i in range(3):
                        started = time.perf_counter()
                        wait_batch(
                            settings,
                            submit(settings, [Upload(one[0].filename, one[0].data + b"\0" * (i + 1))], "lat"),
                            args.timeout,
                        )
                        latencies.append(time.perf_counter() - started)
                    table.add_row(
                        "latency upload → needs_review",
                        f"{sorted(latencies)[1]:.2f} s",
                        "median of 3 one-page uploads, warm worker: "
                        + ", ".join(f"{x:.2f}" for x in latencies),
                    )
            finally:
                for w in workers:
                    w.terminate()
                for w in workers:
                    w.wait(30)
    console.print(table)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--samples", default=str(ROOT / "samples"))
    parser.add_argument("--workers", default="1x2,2x1", help="layouts NxT: N workers, T OCR threads each")
    parser.add_argument("--broker", default="redis://127.0.0.1:6379/14", help="Redis URL, or 'sqlite'")
    parser.add_argument("--standin", action="store_true", help="stand-in reader instead of OCR")
    parser.add_argument("--timeout", type=float, default=900)
    run(parser.parse_args())


if __name__ == "__main__":
    main()
