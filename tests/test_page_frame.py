"""The page frame: the matrix from the input page to the upright page is the one the pixels went through.

Every route of ``read_page`` (PDF text layer, line engine, other engines; scans
and phone photos) runs for real on a synthetic page with a round marker; stub
engines stand in for the models (a detector that finds ink rows, a flip
classifier that knows each row starts with a block). The marker's centre on
the input, carried through ``reading.frame.matrix``, must land on the marker
found in the upright image; without the deskew or the perspective crop it
would be tens of pixels off.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
import pytest

from extract.engines import Engines
from extract.frame import as_array
from extract.preprocess import rotate_image, turn, u8
from extract.read import read_page
from kernel.inputs import SourcePage
from kernel.reading import Image, PageReading, Quad, SealFound, TextLine
from kernel.settings import Settings

MARK = (600.0, 620.0)  # the marker's centre on the upright page (x, y)
RADIUS = 48
ROWS = range(1000, 2650, 95)  # text rows' baselines on the upright page


def upright_page() -> Image:
    """A 2000 x 2800 gray page: a round marker, then rows that each start with a solid block."""
    page: Any = np.full((2800, 2000), 255, np.uint8)
    cv2.circle(page, (round(MARK[0]), round(MARK[1])), RADIUS, (0.0,), -1)
    for i, y in enumerate(ROWS):
        cv2.rectangle(page, (150, y - 40), (190, y), (0.0,), -1)
        text = "FILING DESK 2026 MATRIX ROW" if i % 2 else "UPRIGHT PAGE 3X3 HOMOGRAPHY"
        cv2.putText(page, text, (230, y), cv2.FONT_HERSHEY_SIMPLEX, 1.6, (0.0,), 4, cv2.LINE_AA)
    return u8(page)


def _ink_rows(image: Image) -> list[tuple[int, int, int, int]]:
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    ink = (gray < 128).astype(np.uint8) * 255
    smeared = cv2.dilate(ink, cv2.getStructuringElement(cv2.MORPH_RECT, (61, 5)))
    _n, _, stats, _ = cv2.connectedComponentsWithStats(smeared, connectivity=8)
    return [(int(x), int(y), int(w), int(h)) for x, y, w, h, _a in stats[1:] if w > 4 * h]


class RowDetector:
    """A line engine stand-in: rows of ink are lines; nothing is recognised."""

    def read(self, image: Image) -> list[TextLine]:
        return []

    def detect(self, image: Image) -> list[Quad]:
        return [((x, y), (x + w, y), (x + w, y + h), (x, y + h)) for x, y, w, h in _ink_rows(image)]

    def recognize(self, crops: Sequence[Image]) -> list[tuple[str, float]]:
        return [("", 0.0) for _ in crops]


class PlainOcr:
    """An engine without a detector of its own: the generic route."""

    def read(self, image: Image) -> list[TextLine]:
        return []


class BlockFlip:
    """Flip classifier stand-in: a row reads upright when its solid block is at its left end."""

    def prob_flipped(self, crops: list[Image]) -> list[float]:
        out = []
        for crop in crops:
            gray = crop if crop.ndim == 2 else cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
            k = max(1, gray.shape[1] // 12)
            left, right = float((gray[:, :k] < 128).mean()), float((gray[:, -k:] < 128).mean())
            out.append(1.0 if right > left else 0.0)
        return out


@dataclass
class NoSeals:
    seen: list[Any] = field(default_factory=list)

    def detect(self, image: Image, ocr: Any = None, dpi: float = 0.0, rotation: int = 0) -> list[SealFound]:
        return []

    def with_ring_text(
        self, image: Image, seals: list[SealFound], ocr: Any, rotation: int
    ) -> list[SealFound]:
        return seals


def engines(line_engine: bool) -> Engines:
    ocr: Any = RowDetector() if line_engine else PlainOcr()
    return Engines(ocr=ocr, seals=NoSeals(), flip=BlockFlip())  # type: ignore[arg-type]


def marker(image: Image) -> tuple[float, float]:
    """Centre of the round marker: the largest roughly square blob of ink."""
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    ink = (gray < 128).astype(np.uint8)
    _n, _, stats, centroids = cv2.connectedComponentsWithStats(ink, connectivity=8)
    best, area = -1, 0
    for i in range(1, len(stats)):
        w, h, a = stats[i, cv2.CC_STAT_WIDTH], stats[i, cv2.CC_STAT_HEIGHT], stats[i, cv2.CC_STAT_AREA]
        if 0.7 < w / h < 1.4 and a > area and 0.65 < a / (w * h) < 0.9:
            best, area = i, a
    assert best > 0, "no marker found"
    return float(centroids[best][0]), float(centroids[best][1])


def carried(matrix: np.ndarray, point: tuple[float, float]) -> tuple[float, float]:
    x, y, w = matrix @ np.array([point[0], point[1], 1.0])
    return float(x / w), float(y / w)


def scanned(rotation: int, skew: float, scale: float = 1.0) -> tuple[Image, tuple[float, float]]:
    """The upright page as a scanner might hand it over: skewed, turned against ``rotation``,
    resized; and where its marker lies on it (found, not computed)."""
    page = upright_page()
    if scale != 1.0:
        page = u8(cv2.resize(page, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC))
    page = turn(rotate_image(page, skew), (360 - rotation) % 360)
    image = u8(cv2.cvtColor(page, cv2.COLOR_GRAY2BGR))
    return image, marker(image)


def check(reading: PageReading, source_mark: tuple[float, float], tolerance: float = 2.5) -> None:
    assert reading.frame is not None and reading.image is not None
    m = as_array(reading.frame.matrix)
    assert m[2, 2] == pytest.approx(1.0)
    found = marker(reading.image)
    got = carried(m, source_mark)
    assert np.hypot(got[0] - found[0], got[1] - found[1]) <= tolerance, (got, found)
    # and back: the inverse takes the upright marker onto the input's
    back = carried(np.linalg.inv(m), found)
    assert np.hypot(back[0] - source_mark[0], back[1] - source_mark[1]) <= tolerance * 1.6, back


@pytest.mark.parametrize("line_engine", [True, False], ids=["line-engine", "generic"])
@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_scan_turned_skewed_and_downscaled(rotation: int, line_engine: bool, tmp_path: Any) -> None:
    image, mark = scanned(rotation, skew=2.5, scale=1.4)  # long side 3920: brought down to 2400
    page = SourcePage(source="scan.png", page=1, image=image, dpi=300)
    reading = read_page(page, engines(line_engine), Settings(home=tmp_path))
    assert reading.rotation == rotation and abs(reading.skew - 2.5) < 0.6
    assert reading.frame is not None
    assert (reading.frame.source_width, reading.frame.source_height) == (image.shape[1], image.shape[0])
    check(reading, mark)  # a 2.5° deskew left out would miss by ~30 px
    assert max(reading.width, reading.height) == 2400


@pytest.mark.parametrize("line_engine", [True, False], ids=["line-engine", "generic"])
def test_phone_photo_is_cropped_by_perspective(line_engine: bool, tmp_path: Any) -> None:
    page = cv2.cvtColor(upright_page(), cv2.COLOR_GRAY2BGR)
    h, w = page.shape[:2]
    corners = np.array([[420, 260], [2380, 380], [2470, 3180], [330, 3060]], np.float32)  # on 2800 x 3500
    m = cv2.getPerspectiveTransform(np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32), corners)
    photo = u8(cv2.warpPerspective(page, m, (2800, 3500), borderValue=(60.0, 55.0, 50.0)))
    source = SourcePage(source="IMG_0001.jpg", page=1, image=photo, dpi=72)
    reading = read_page(source, engines(line_engine), Settings(home=tmp_path))
    mark = marker(photo)
    check(reading, mark, tolerance=3.0)
    # the upright page is the sheet alone: its corners come back to the sheet's corners on the photo
    assert reading.frame is not None
    inv = np.linalg.inv(as_array(reading.frame.matrix))
    top_left = carried(inv, (0.0, 0.0))
    assert np.hypot(top_left[0] - 420, top_left[1] - 260) < 25
    # what the old contract gave a client (fractions of the photo) misses the marker entirely
    fx, fy = mark[0] / photo.shape[1], mark[1] / photo.shape[0]
    found = marker(reading.image)  # type: ignore[arg-type]
    naive = (found[0] / reading.width * photo.shape[1], found[1] / reading.height * photo.shape[0])
    assert np.hypot(naive[0] - mark[0], naive[1] - mark[1]) > 100, (fx, fy)


def test_sideways_pdf_text_layer(tmp_path: Any) -> None:
    page = upright_page()
    image = u8(cv2.cvtColor(turn(page, 270), cv2.COLOR_GRAY2BGR))  # stored turned: needs 90° clockwise
    lines = []
    for x, y, bw, bh in _ink_rows(page):
        # a row (x..x+bw, y..y+bh) of the upright page, on the page turned 270° clockwise
        x0, y0, x1, y1 = y, page.shape[1] - 1 - (x + bw), y + bh, page.shape[1] - 1 - x
        lines.append(TextLine(text="ROW TEXT", box=(x0, y0, x1, y1), confidence=1.0))
    source = SourcePage(source="form.pdf", page=1, image=image, dpi=200, text_lines=lines)
    reading = read_page(source, engines(False), Settings(home=tmp_path))
    assert reading.from_text_layer and reading.rotation == 90
    assert reading.frame is not None and reading.frame.source_dpi == 200
    check(reading, marker(image))
    # the frame agrees with the text layer's own placement of its words
    m = as_array(reading.frame.matrix)
    first = carried(m, (lines[0].box[0], lines[0].box[1]))
    assert min(np.hypot(first[0] - p[0], first[1] - p[1]) for ln in reading.lines for p in ln.polygon) < 1.0
