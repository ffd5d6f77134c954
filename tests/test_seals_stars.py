"""Round seals a bilevel scan nearly erased (issue 21): a star, an arc or two of the rim and a few
ring characters left, found from the star; and what has a solid core but is no seal — drawn, no
OCR models."""

from __future__ import annotations

import math

import cv2
import numpy as np
from PIL import Image as PILImage
from PIL import ImageDraw
from seal_drawings import draw_table
from test_preprocess_render import SERIF, draw_seal, font, iou, text_page

from extract.seals import ColorShapeSealDetector

PPM = 1654 / 210  # text_page is A4 at 200 dpi


def _bilevel(page: np.ndarray) -> np.ndarray:
    """A fax or a cheap bilevel scan: every pixel black or white, stored as BGR."""
    gray = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    return cv2.cvtColor(np.where(gray < 150, 0, 255).astype(np.uint8), cv2.COLOR_GRAY2BGR)


def _erased_seal(
    page: np.ndarray, center: tuple[int, int], radius_mm: float, kept: list[tuple[int, int]]
) -> tuple[int, ...]:
    """A gray round seal of which the scan kept the star, the rim only over the ``kept`` arcs
    (degrees) and the ring text only beside them."""
    r = round(radius_mm * PPM)
    box = draw_seal(page, center, r, "round", color=(60, 60, 60))
    lost = np.full(page.shape[:2], 255, np.uint8)
    cv2.circle(lost, center, int(r * 0.45), (0,), -1)  # the star stays
    for start, end in kept:
        cv2.ellipse(lost, center, (int(r * 0.8) + 6, int(r * 0.8) + 6), 0, start, end, (0,), int(r * 0.45))
    page[lost > 0] = np.maximum(page[lost > 0], 255)
    return box


def test_a_seal_left_as_a_star_and_two_arcs_is_found() -> None:
    """About a quarter of the rim in two arcs, a few ring characters and the star: no circle
    search proposes it, the star does."""
    page = text_page()
    truth = _erased_seal(page, (1150, 1750), 20.0, [(200, 260), (20, 55)])
    found = ColorShapeSealDetector().detect(_bilevel(page))
    assert len(found) == 1, [f.box for f in found]
    assert iou(found[0].box, truth) >= 0.6, (found[0].box, truth)
    assert found[0].shape == "round" and found[0].color == "gray"


def test_a_star_without_a_rim_bold_words_and_a_table_are_no_seals() -> None:
    """A solid star alone (a printed mark), a table of bold words and a line of heavy title
    characters have solid cores, but no rim round them on clean paper."""
    page = text_page()
    draw_table(page, (150, 1300), (330, 110), 4, 4, thick=3)
    im = PILImage.fromarray(page[:, :, ::-1])
    d = ImageDraw.Draw(im)
    d.text((250, 1000), "异地就医备案登记表", font=font(SERIF, 110), fill=(0, 0, 0), stroke_width=3)
    star = [
        (1200 + (60 if k % 2 == 0 else 23) * math.cos(math.radians(-90 + 36 * k)),
         1900 + (60 if k % 2 == 0 else 23) * math.sin(math.radians(-90 + 36 * k)))
        for k in range(10)
    ]  # fmt: skip
    d.polygon(star, fill=(0, 0, 0))
    page[:] = np.array(im)[:, :, ::-1]
    assert ColorShapeSealDetector().detect(_bilevel(page)) == []


def test_a_thin_rim_a_bilevel_scan_broke_into_dashes_over_a_signature_line_is_found() -> None:
    """A pale seal scanned bilevel: of its thin rim only dashes are left (three fifths of 260 degrees),
    a few of its ring characters inside, a line of words just under it. Neither circle search
    proposes it (its contour is no whole circle); the votes of its arcs do."""
    page = np.full((2339, 1654, 3), 255, np.uint8)
    cx, cy, r = 1150, 1750, round(19.0 * PPM)
    for start, end in ((180, 300), (310, 375), (25, 100)):
        for a in range(start, end, 5):  # dashes of 3 degrees, 2 px thick
            cv2.ellipse(page, (cx, cy), (r, r), 0, a, a + 3, (0, 0, 0), 2)
    for a in range(200, 290, 14):  # what is left of the ring text: a stroke or two a character
        x, y = cx + 0.78 * r * math.cos(math.radians(a)), cy + 0.78 * r * math.sin(math.radians(a))
        cv2.line(page, (int(x) - 6, int(y)), (int(x) + 6, int(y) + 3), (0, 0, 0), 2)
    im = PILImage.fromarray(page[:, :, ::-1])
    ImageDraw.Draw(im).text((930, cy + r + 14), "经办人：黎春红", font=font(SERIF, 40), fill=(0, 0, 0))
    page[:] = np.array(im)[:, :, ::-1]
    found = ColorShapeSealDetector().detect(page)
    truth = (cx - r, cy - r, cx + r, cy + r)
    assert len(found) == 1, [f.box for f in found]
    assert iou(found[0].box, truth) >= 0.6, (found[0].box, truth)
