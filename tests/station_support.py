"""A real `filingdesk serve` for the hot-folder agent's tests, the agent as a subprocess, and a
proxy that stops a chosen direction of an upload so a test can SIGKILL the agent at that moment.

The server reads uploads with the queue's stand-in reader (tests/queue_standin.py): the agent's
tests look at receipts and batches, never at OCR results.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from queue_services import ROOT, free_port, stop, wait_for

SAMPLES = ROOT / "samples"


@dataclass
class Served:
    """A running `filingdesk serve`: its URL and home (SQLite database, blobs)."""

    url: str
    home: Path
    proc: subprocess.Popen[bytes]
    settings: dict[str, str]

    def station_key(self, station: str) -> str:
        return station_key(self.home, station, **self.settings)

    def batches(self, key: str) -> list[dict[str, Any]]:
        """The station's batches as the API lists them (newest first)."""
        response = httpx.get(
            f"{self.url}/v1/batches", params={"limit": 50}, headers={"Authorization": f"Bearer {key}"}
        )
        response.raise_for_status()
        return list(response.json()["items"])


def station_key(home: Path, station: str, **settings: str) -> str:
    """A new station key, made the way an admin makes one (`filingdesk keys create`)."""
    out = subprocess.run(
        [sys.executable, "-m", "filingdesk", "keys", "create", "--role", "station", "--station", station],
        env=server_env(home, **settings),
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip().splitlines()[-1]


def server_env(home: Path, **settings: str) -> dict[str, str]:
    """The server's environment; ``settings`` are FILINGDESK_* variables (production: a database URL…)."""
    env = {**os.environ, "FILINGDESK_HOME": str(home), "FILINGDESK_PIPELINE": "queue_standin:read_file"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(ROOT / "tests")])
    env["FILINGDESK_STANDIN_PAGE_SECONDS"] = "0"
    for name in ("FILINGDESK_DATABASE_URL", "FILINGDESK_BROKER_URL", "FILINGDESK_S3_ENDPOINT_URL"):
        env.pop(name, None)
    return {**env, **settings}


@contextmanager
def serve(home: Path, port: int | None = None, settings: dict[str, str] | None = None) -> Iterator[Served]:
    """`filingdesk serve` (the embedded default unless ``settings`` say otherwise), stopped at the end."""
    port = port or free_port()
    settings = settings or {}
    home.mkdir(parents=True, exist_ok=True)
    log = (home / "serve.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "filingdesk", "serve", "--port", str(port)],
        env=server_env(home, **settings),
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: httpx.get(f"{url}/healthz", timeout=1).status_code == 200, 90, "filingdesk serve")
        yield Served(url, home, proc, settings)
    finally:
        stop(proc, grace=15)
        log.close()


def agent_command(folder: Path, server: str, station: str, *extra: str) -> list[str]:
    """The agent with short looks for tests; ``extra`` replaces the default ``--once``; an empty
    ``station`` leaves --station out (the agent asks the server whose key it holds)."""
    return [
        sys.executable, "-m", "filingdesk", "station", "watch", str(folder),
        "--server", server, *(("--station", station) if station else ()),
        "--interval", "0.2", "--quiet-period", "0", *(extra or ("--once",)),
    ]  # fmt: skip


def agent_env(key: str) -> dict[str, str]:
    """The key travels in the environment, as the README tells users to do."""
    return {**os.environ, "FILINGDESK_STATION_KEY": key, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}


def run_agent(
    folder: Path, server: str, station: str, key: str, *extra: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        agent_command(folder, server, station, *extra),
        env=agent_env(key),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def start_agent(
    folder: Path, server: str, station: str, key: str, log: Path, *extra: str
) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            agent_command(folder, server, station, *extra),
            env=agent_env(key),
            cwd=ROOT,
            stdout=out,
            stderr=out,
        )


def kill(proc: subprocess.Popen[bytes]) -> None:
    """SIGKILL: no handler runs, nothing is flushed or cleaned up."""
    with suppress(ProcessLookupError):
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(30)


def drop(folder: Path, packet: str, *names: str) -> list[Path]:
    """Copy sample scans into the hot folder (or one of its sub-folders), as a scanner would save them."""
    folder.mkdir(parents=True, exist_ok=True)
    copied = []
    for name in names:
        copied.append(Path(shutil.copy2(SAMPLES / packet / name, folder / name)))
    return copied


class HoldingProxy:
    """A TCP proxy that, for the first connection, stops one direction at a chosen point and says so.

    ``hold_request_after``: forward this many bytes of the request, then forward no more (the server
    has half an upload). ``hold_response``: forward the whole request, but keep the server's answer
    (the server stored the batch; the agent never hears of it). ``held`` is set at that moment.
    """

    def __init__(self, target_port: int, *, hold_request_after: int = 0, hold_response: bool = False) -> None:
        self.target = ("127.0.0.1", target_port)
        self.hold_request_after, self.hold_response = hold_request_after, hold_response
        self.held = threading.Event()
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._server.getsockname()[1])
        self._sockets: list[socket.socket] = [self._server]
        threading.Thread(target=self._serve_one, daemon=True).start()

    def close(self) -> None:
        for s in self._sockets:
            with suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()

    def _serve_one(self) -> None:
        with suppress(OSError):
            client, _ = self._server.accept()
            upstream = socket.create_connection(self.target, 5)
            self._sockets += [client, upstream]
            threading.Thread(target=self._requests, args=(client, upstream), daemon=True).start()
            self._answers(upstream, client)

    def _requests(self, client: socket.socket, upstream: socket.socket) -> None:
        sent = 0
        with suppress(OSError):
            while data := client.recv(16384):
                if self.hold_request_after and sent + len(data) >= self.hold_request_after:
                    upstream.sendall(data[: self.hold_request_after - sent])
                    self.held.set()
                    return
                upstream.sendall(data)
                sent += len(data)

    def _answers(self, upstream: socket.socket, client: socket.socket) -> None:
        with suppress(OSError):
            while data := upstream.recv(16384):
                if self.hold_response:
                    self.held.set()
                    continue
                client.sendall(data)
