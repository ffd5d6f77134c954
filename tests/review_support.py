"""Seeding and serving for the review-page browser tests: stored sample packets, keys, a live server.

The store is seeded with the truth of committed sample packets (a perfect reading) and
their rendered page images; in packet 001 the declaration's ID number is then misread on
purpose (wrong check digit, low confidence), so the reviewer has something to correct.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import cv2
import uvicorn
from playwright.sync_api import ViewportSize
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.app import create_app
from api.keys import create_key
from ingest.blobs import blob_store_from_settings
from ingest.collect import collect_inputs
from ingest.pages import open_pages
from kernel.inputs import InputFile
from kernel.schema import DocumentResult, ProcessResult
from kernel.settings import Settings
from store.db import dispose_engines, session_scope
from store.models import Page as PageRow
from store.models import SourceFile
from store.repository import save_result
from validate.check import validate_filing

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
VIEWPORT: ViewportSize = {"width": 1440, "height": 900}

# Packet 001 is read with a wrong ID-number check digit; 005 is clean; 008 has real errors.
MISREAD_PACKET, CLEAN_PACKET, FAULTY_PACKET = "packet_001", "packet_005", "packet_008"


@dataclass(frozen=True)
class Seeded:
    """What the fixture stored: where the app listens, who may review, and the filing ids."""

    base_url: str
    settings: Settings
    keys: dict[str, str]
    filings: dict[str, str]  # packet folder → filing id
    truth_id_number: str
    wrong_id_number: str


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _misread(doc: DocumentResult) -> tuple[str, str]:
    """Turn the declaration's ID number into an OCR slip: last digit wrong, low confidence."""
    field = doc.fields["id_number"]
    truth = str(field.value)
    wrong = truth[:-1] + ("0" if truth[-1] != "0" else "1")
    field.value, field.confidence, field.low_confidence, field.source = wrong, 0.55, True, "ocr"
    return truth, wrong


def _seed_packet(settings: Settings, packet: str, *, misread: bool) -> tuple[str, tuple[str, str] | None]:
    """Store a packet's truth as a pipeline result, re-validated after an optional misreading."""
    result = ProcessResult.model_validate_json((SAMPLES / packet / "truth.json").read_text())
    slip = _misread(result.documents[0]) if misread else None
    filing_id = f"filing-{packet}"
    result.filings = [validate_filing(filing_id, result.documents, settings=settings, today=date.today())]
    inputs, errors = collect_inputs([SAMPLES / packet], settings)
    assert not errors
    with session_scope(settings) as session:
        batch_id = save_result(session, result, batch_station="station-taiyuan-01", inputs=inputs)
        _store_pages(session, settings, batch_id, inputs)
    return filing_id, slip


def _store_pages(session: Session, settings: Settings, batch_id: int, inputs: list[InputFile]) -> None:
    """Page images as PNG blobs with their page rows, as processing an upload leaves them."""
    blobs = blob_store_from_settings(settings)
    rows = {f.source: f for f in session.scalars(select(SourceFile).where(SourceFile.batch_id == batch_id))}
    for f in inputs:
        for page in open_pages(f, settings):
            ok, png = cv2.imencode(".png", page.image)
            assert ok
            height, width = page.image.shape[:2]
            session.add(
                PageRow(
                    source_file_id=rows[f.source].id,
                    page_no=page.page,
                    blob_sha256=blobs.put(png.tobytes()),
                    width=width,
                    height=height,
                )
            )


def _reviewer_key(settings: Settings, name: str) -> str:
    with session_scope(settings) as session:
        _, plain = create_key(session, role="reviewer", name=name)
    return plain


class _Server(threading.Thread):
    """uvicorn serving the real app in a thread of the test process."""

    def __init__(self, settings: Settings, port: int) -> None:
        super().__init__(daemon=True)
        config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
        self.server = uvicorn.Server(config)

    def run(self) -> None:
        self.server.run()

    def wait_started(self, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.join(timeout=10)


@contextmanager
def serving(settings: Settings) -> Iterator[str]:
    """The real app served on a free port for the duration; yields its base URL, and afterwards
    stops the server and lets go of the database engines."""
    port = _free_port()
    server = _Server(settings, port)
    server.start()
    try:
        server.wait_started()
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()
        dispose_engines()
