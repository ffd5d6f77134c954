"""Private servers for the queue's integration tests: SeaweedFS, Redis, a cuttable TCP proxy, workers.

Each test run starts its own processes on free ports (never touching the
shared Redis or PostgreSQL servers' state), and stops what it started.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent


def free_port(also_free: int = 0) -> int:
    """A free TCP port; with ``also_free``, ``port + also_free`` must be free too (SeaweedFS gRPC)."""
    for _ in range(200):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        if also_free == 0 or (port + also_free < 65536 and _is_free(port + also_free)):
            return port
    raise RuntimeError("no free port")


def _is_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def wait_for(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{what} did not come up within {timeout:.0f} s")


def stop(proc: subprocess.Popen[bytes], grace: float = 5.0) -> None:
    """SIGTERM, then SIGKILL after ``grace`` seconds; always reaps the process."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def weed_binary() -> str | None:
    found = VENV_BIN / "weed"
    return str(found) if found.exists() else shutil.which("weed")


def start_seaweed(workdir: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``weed server -s3`` with every port private to this run; returns the process and the S3 URL."""
    binary = weed_binary()
    if binary is None:
        raise FileNotFoundError("weed")
    workdir.mkdir(parents=True, exist_ok=True)
    ports = {name: free_port(also_free=10000) for name in ("master", "volume", "filer", "s3")}
    cmd = [
        binary,
        "server",
        f"-dir={workdir}",
        "-ip=127.0.0.1",
        "-ip.bind=127.0.0.1",
        f"-master.port={ports['master']}",
        f"-volume.port={ports['volume']}",
        f"-filer.port={ports['filer']}",
        "-s3",
        f"-s3.port={ports['s3']}",
        "-master.volumeSizeLimitMB=16",
        "-volume.max=32",
    ]
    log = (workdir / "weed.log").open("wb")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=workdir)
    url = f"http://127.0.0.1:{ports['s3']}"

    def up() -> bool:
        import urllib.request

        with urllib.request.urlopen(url, timeout=2) as response:  # ListBuckets, anonymous
            return int(response.status) == 200

    try:
        wait_for(up, 60, "SeaweedFS S3")
    except TimeoutError:
        stop(proc)
        raise
    return proc, url


def start_redis(workdir: Path) -> tuple[subprocess.Popen[bytes], int]:
    """A private redis-server (no persistence) on a free port."""
    port = free_port()
    workdir.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def accepting() -> bool:
        with socket.create_connection(("127.0.0.1", port), 1):
            return True

    wait_for(accepting, 20, "redis-server")
    return proc, port


class CuttableProxy:
    """A TCP proxy whose link can be cut (open connections reset, new ones refused) and restored.

    Simulates a database that is briefly unreachable without stopping the shared server.
    """

    def __init__(self, target_port: int) -> None:
        self.target = ("127.0.0.1", target_port)
        self.port = free_port()
        self._up = threading.Event()
        self._up.set()
        self._conns: list[socket.socket] = []
        self._lock = threading.Lock()
        self._server = socket.create_server(("127.0.0.1", self.port))
        self._server.settimeout(0.2)
        self._stopped = False
        threading.Thread(target=self._accept, daemon=True).start()

    def cut(self) -> None:
        self._up.clear()
        with self._lock:
            for conn in self._conns:
                with suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)
                conn.close()
            self._conns.clear()

    def restore(self) -> None:
        self._up.set()

    def close(self) -> None:
        self._stopped = True
        self.cut()
        self._server.close()

    def _accept(self) -> None:
        while not self._stopped:
            try:
                client, _ = self._server.accept()
            except (TimeoutError, OSError):
                continue
            if not self._up.is_set():
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, 3)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._conns += [client, upstream]
            threading.Thread(target=self._pipe, args=(client, upstream), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with suppress(OSError):
                    s.close()


def start_worker(env: dict[str, str], log: Path, concurrency: int = 1) -> subprocess.Popen[bytes]:
    """``filingdesk worker`` as a subprocess with the stand-in reader named in its environment."""
    full = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")]),
        "FILINGDESK_PIPELINE": "queue_standin:read_file",
        **env,
    }
    return subprocess.Popen(
        [str(VENV_BIN / "filingdesk"), "worker", f"--concurrency={concurrency}", "--loglevel=INFO"],
        cwd=ROOT,
        env=full,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
