"""One packet, one ``POST /v1/batches``: the answer sorted into what the agent does next.

* a receipt (202, or a replayed one): file the packet by its per-file verdicts;
* the packet refused as a whole (400, 413, 415, 422 ``idempotency_key_reused``
  after a file changed): its files go to ``.rejected`` with the reason, or wait;
* the agent misconfigured (401 wrong key, 403 ``wrong_station``, 404 not a
  filingdesk URL, other 422): :class:`StopWatching` — files stay where they
  are, and the operator is told what to fix;
* the server unreachable (connection refused, timeout, 5xx, 429):
  :class:`ServerUnreachable` — files stay, the caller retries with backoff.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from typing import IO, Any

import httpx

from filingdesk.station.packets import PacketFile

RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
PACKET_REFUSALS = frozenset({400, 413, 415})


class ServerUnreachable(Exception):
    """The server did not answer usefully; try again later with the same key."""


class StopWatching(Exception):
    """An answer no retry can change (wrong key, wrong station, wrong URL): the operator must act."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status, self.code, self.message = status, code, message


@dataclass(frozen=True)
class Receipt:
    """The server's receipt for the packet (``created`` False: it had this key already)."""

    body: dict[str, Any]

    @property
    def batch_id(self) -> int:
        return int(self.body["batch_id"])

    @property
    def created(self) -> bool:
        return bool(self.body.get("created", True))

    @property
    def files(self) -> list[dict[str, Any]]:
        return list(self.body.get("files") or [])


@dataclass(frozen=True)
class PacketRefused:
    """The whole request was refused; every file of the packet shares this reason."""

    status: int
    code: str
    message: str


ProgressCallback = Callable[[int], None]


class _CountingFile:
    """A file handle that reports the bytes httpx reads from it (the progress bar)."""

    def __init__(self, fh: IO[bytes], on_bytes: ProgressCallback) -> None:
        self._fh, self._on_bytes = fh, on_bytes

    def read(self, size: int = -1) -> bytes:
        data = self._fh.read(size)
        self._on_bytes(len(data))
        return data

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._fh.seek(offset, whence)

    def tell(self) -> int:
        return self._fh.tell()

    def fileno(self) -> int:
        return self._fh.fileno()


def make_client(server: str, key: str, *, timeout: float = 300.0) -> httpx.Client:
    """A client for the station API; the key goes in a header, never on a command line the server logs."""
    return httpx.Client(
        base_url=server.rstrip("/"),
        headers={"Authorization": f"Bearer {key}", "User-Agent": "filingdesk-station-watch"},
        timeout=httpx.Timeout(timeout, connect=10.0),
    )


def upload_packet(
    client: httpx.Client,
    files: list[PacketFile],
    *,
    station: str,
    idempotency_key: str,
    on_bytes: ProgressCallback = lambda _n: None,
) -> Receipt | PacketRefused:
    """Send the packet once; raises ServerUnreachable or StopWatching (see the module docstring)."""
    with ExitStack() as stack:
        parts = [
            ("files", (f.name, _CountingFile(stack.enter_context(f.path.open("rb")), on_bytes)))
            for f in files
        ]
        try:
            response = client.post(
                "/v1/batches",
                files=parts,  # type: ignore[arg-type]  # any object with read() streams
                data={"station_id": station},
                headers={"Idempotency-Key": idempotency_key},
            )
        except httpx.TransportError as exc:
            raise ServerUnreachable(
                f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            ) from exc
    return judge(response)


def whoami(client: httpx.Client) -> str:
    """The station the key uploads for (``GET /v1/me``), for an agent started without ``--station``;
    raises ServerUnreachable or StopWatching like an upload."""
    try:
        response = client.get("/v1/me")
    except httpx.TransportError as exc:
        raise ServerUnreachable(f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__) from exc
    status = response.status_code
    if status in RETRY_STATUSES or status >= 500:
        raise ServerUnreachable(f"HTTP {status}")
    body = _json(response)
    if status != 200 or not isinstance(body, dict):
        raise StopWatching(status, *_error(response))
    if body.get("role") != "station" or not body.get("station"):
        raise StopWatching(403, "not_a_station_key", f"The key is a {body.get('role')!r} key.")
    return str(body["station"])


def judge(response: httpx.Response) -> Receipt | PacketRefused:
    """Sort an answer to ``POST /v1/batches``."""
    status = response.status_code
    code, message = _error(response)
    if status in (200, 201, 202):
        body = _json(response)
        if not isinstance(body, dict) or "batch_id" not in body:
            raise StopWatching(
                status, "not_filingdesk", "The answer is not a filingdesk receipt; check --server."
            )
        return Receipt(body)
    if status in RETRY_STATUSES or status >= 500:
        raise ServerUnreachable(f"HTTP {status} {code}: {message}")
    if status in PACKET_REFUSALS or code == "idempotency_key_reused":
        return PacketRefused(status, code, message)
    raise StopWatching(status, code, message)


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _error(response: httpx.Response) -> tuple[str, str]:
    body = _json(response)
    if isinstance(body, dict) and isinstance(body.get("code"), str):
        return body["code"], str(body.get("message") or "")
    return f"http_{response.status_code}", (response.text[:200].strip() or response.reason_phrase)
