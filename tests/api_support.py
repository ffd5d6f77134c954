"""Helpers for the API tests: an app on a throw-away database, keys per role, seeded filings.

Filings are seeded through ``store.repository.save_result`` with documents
from ``builders`` and the verdict of the real ``validate_filing``, so the API
is tested against records shaped exactly like the pipeline's.
"""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from builders import SETTINGS, declaration, household_register
from fastapi.testclient import TestClient
from PIL import Image, ImageDraw
from sqlalchemy import select

from api.app import create_app
from api.keys import create_key
from ingest.blobs import blob_store_from_settings
from kernel.schema import DocumentResult, ProcessResult
from kernel.settings import Settings
from store.db import session_scope
from store.migrate import upgrade
from store.models import Page, SourceFile
from store.repository import save_result
from validate.check import validate_filing

TODAY = date(2024, 6, 1)


@dataclass
class Api:
    """A running app (no lifespan: webhook deliveries are driven by the test) and a key per role."""

    settings: Settings
    client: TestClient
    station: str
    keys: dict[str, str] = field(default_factory=dict)

    def as_(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[role]}"}


def make_api(tmp_path: Path, database_url: str = "", **overrides: Any) -> Api:
    settings = Settings(
        home=tmp_path / "home",
        database_url=database_url,
        broker_url="",
        rule_pack=SETTINGS.rule_pack,
        **overrides,
    )
    upgrade(settings)
    station = f"st-{secrets.token_hex(4)}"
    keys: dict[str, str] = {}
    with session_scope(settings) as session:
        for role in ("station", "reviewer", "integration", "admin"):
            _, keys[role] = create_key(
                session, role=role, name=f"{role}-{station}", station=station if role == "station" else None
            )
    app = create_app(settings, webhook_sender=False)
    return Api(settings, TestClient(app, raise_server_exceptions=False), station, keys)


def seed_filing(api: Api, documents: list[DocumentResult] | None = None, *, tag: str = "") -> str:
    """Save documents as the pipeline would (ids made unique by ``tag``) and return the filing id."""
    tag = tag or secrets.token_hex(4)
    docs = [
        d.model_copy(update={"id": f"{d.id}-{tag}", "source": f"{tag}/{d.source}"})
        for d in (documents or [declaration(), household_register()])
    ]
    filing = validate_filing(f"filing-{tag}", docs, settings=api.settings, today=TODAY)
    with session_scope(api.settings) as session:
        save_result(session, ProcessResult(documents=docs, filings=[filing]), batch_station=api.station)
    return filing.id


def approve(api: Api, filing_id: str) -> None:
    """Approve a filing over HTTP as its reviewer would (read the ETag, send it back)."""
    r = api.client.get(f"/v1/filings/{filing_id}", headers=api.as_("reviewer"))
    r = api.client.post(
        f"/v1/filings/{filing_id}/decision",
        json={"action": "approve"},
        headers={**api.as_("reviewer"), "If-Match": r.headers["ETag"]},
    )
    assert r.status_code == 200, r.text


def attach_page_image(api: Api, document_source: str, page_no: int = 1) -> bytes:
    """Store a page blob for the source file of a seeded document; returns the PNG bytes."""
    png = scan_png(f"page {page_no}")
    sha = blob_store_from_settings(api.settings).put(png)
    with session_scope(api.settings) as session:
        file_id = session.scalars(select(SourceFile.id).where(SourceFile.source == document_source)).one()
        session.add(Page(source_file_id=file_id, page_no=page_no, blob_sha256=sha, width=600, height=800))
    return png


def scan_png(text: str = "scan", size: tuple[int, int] = (600, 800)) -> bytes:
    img = Image.new("RGB", size, "white")
    ImageDraw.Draw(img).text((40, 40), text, fill="black")
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def scan_pdf(pages: int) -> bytes:
    images = [Image.new("RGB", (400, 560), "white") for _ in range(pages)]
    for n, img in enumerate(images, start=1):
        ImageDraw.Draw(img).text((30, 30), f"page {n}", fill="black")
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=72)
    return out.getvalue()
