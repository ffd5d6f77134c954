"""The review page's 原件 view: the page as uploaded, its boxes carried there by the page-frame matrix
(a real headless Chromium against the real app, as tests/test_review_page.py).

Packet 006's declaration is stored as read (its truth, its page image) and its
upload replaced by a phone photo of the page (sideways, in perspective), with
the page frame that photo implies. The default view is unchanged; toggled to
原件, the ID number's box must cover the quadrilateral the matrix puts it on.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import cv2
import numpy as np
import pytest
from playwright.sync_api import Browser, expect
from review_support import SAMPLES, VIEWPORT, _reviewer_key, _seed_packet, serving
from sqlalchemy import select
from test_page_frame_photo import PHOTO_SIZE, corners_of, photograph, through

from ingest.blobs import blob_store_from_settings
from kernel.schema import PageFrame
from kernel.settings import Settings
from store.db import session_scope
from store.migrate import upgrade
from store.models import Document, SourceFile


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, Settings]]:
    settings = Settings(home=tmp_path, database_url="", broker_url="")
    upgrade(settings)
    with serving(settings) as url:
        yield url, settings


def _with_photo(settings: Settings, filing_id: str) -> tuple[str, np.ndarray, list[float], PageFrame]:
    """The declaration's upload becomes a photo of its page; returns its id, the matrix, the box, frame."""
    page = cv2.imread(str(SAMPLES / "packet_006" / "scan_01.jpg"), cv2.IMREAD_COLOR)
    photo, to_photo = photograph(page)
    ok, png = cv2.imencode(".png", photo)
    assert ok
    matrix = np.linalg.inv(to_photo)
    matrix /= matrix[2, 2]
    height, width = page.shape[:2]
    frame = PageFrame(
        page=1,
        width=width,
        height=height,
        source_width=PHOTO_SIZE[0],
        source_height=PHOTO_SIZE[1],
        matrix=matrix.tolist(),
    )
    with session_scope(settings) as session:
        doc = session.scalars(select(Document).where(Document.doc_type == "declaration_form")).one()
        doc.extra = {**(doc.extra or {}), "page_frames": [frame.model_dump(mode="json")]}
        source = session.get(SourceFile, doc.source_file_id)
        assert source is not None
        source.blob_sha256, source.kind = blob_store_from_settings(settings).put(png.tobytes()), "png"
        bbox = next(f.bbox for f in doc.fields if f.key == "id_number")
        return doc.id, matrix, list(bbox or []), frame


def test_original_view_draws_boxes_through_the_matrix(browser: Browser, server: tuple[str, Settings]) -> None:
    base_url, settings = server
    filing_id, _ = _seed_packet(settings, "packet_006", misread=False)
    doc_id, matrix, bbox, frame = _with_photo(settings, filing_id)
    key = _reviewer_key(settings, "审核员甲")
    errors: list[str] = []
    page = browser.new_context(viewport=VIEWPORT, locale="zh-CN").new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{base_url}/review")
        page.get_by_label("审核密钥").fill(key)
        page.get_by_role("button", name="进入").click()
        page.goto(f"{base_url}/review#/filing/{filing_id}")
        viewer = page.locator(".viewer")
        expect(viewer).to_have_attribute("data-loaded", re.compile(".+"))
        expect(viewer).to_have_attribute("data-view", "upright")  # the default is unchanged
        box = page.locator(f".field-box[data-doc='{doc_id}'][data-field='id_number']")
        assert box.evaluate("el => el.style.left") == f"{bbox[0] * 100}%"
        assert page.locator(".boxes").evaluate("el => el.style.transform") == ""

        toggle = page.locator(".view-toggle")
        expect(toggle).to_have_text("原件")
        toggle.click()
        expect(viewer).to_have_attribute("data-view", "original")
        expect(toggle).to_have_text("校正后")
        natural = page.locator(".page-img").evaluate("el => [el.naturalWidth, el.naturalHeight]")
        assert natural == list(PHOTO_SIZE)

        stage = page.locator(".stage").bounding_box()
        drawn = box.bounding_box()
        assert stage is not None and drawn is not None
        # where the matrix says: the box's corners on the upright page, through its inverse, on the stage
        on_photo = through(np.linalg.inv(matrix), corners_of(bbox, frame.width, frame.height))
        scale = stage["width"] / PHOTO_SIZE[0]
        xs = stage["x"] + on_photo[:, 0] * scale
        ys = stage["y"] + on_photo[:, 1] * scale
        want = (xs.min(), ys.min(), xs.max(), ys.max())
        got = (drawn["x"], drawn["y"], drawn["x"] + drawn["width"], drawn["y"] + drawn["height"])
        assert np.allclose(got, want, atol=2.5), (got, want)
        # a sideways sheet: the ID number, a wide line on the page, stands tall on the photo
        assert drawn["height"] > 3 * drawn["width"]

        toggle.click()  # and back
        expect(viewer).to_have_attribute("data-view", "upright")
        assert page.locator(".boxes").evaluate("el => el.style.transform") == ""
    finally:
        page.context.close()
    assert not errors, errors
