"""A tight crop of one seal: an image that is nothing but the seal, at a scale no page size gives.

Sizes elsewhere come from taking the image as a sheet of paper, which on a
300 px crop of one seal makes each ring character a seal-sized blob. So before
the page searches, one question: is the image's ink one stamp filling it? That
is, the ink's extent covers most of the image, its outline is a ring or a frame
inked all round, that rim is drawn thick for its size (a seal's rim is a few
percent of its diameter, a page border a fraction of a percent), and the inside
is sparse (ring text and a star, a few words).
"""

from __future__ import annotations

import cv2
import numpy as np

from extract.preprocess import u8
from extract.seals.geometry import ring_profile, square_border
from extract.seals.masks import InkPlanes, blue_mask, red_mask
from extract.types import Image, SealFound

FILLS_IMAGE = 0.6  # the ink's extent over the image's, on both axes
RIM_INKED = 0.85  # share of the rim (angle bins or frame segments) that carries ink
RIM_SHARE = 0.18  # ink in the outer 12 % band of the radius: a seal's rim, not a thin page border
MAX_INSIDE = 0.45  # ink inside the rim band: words and a star, not a filled picture


def find_crop_seal(image: Image, sppm: float, max_mm: float, planes: InkPlanes | None) -> SealFound | None:
    """The one seal an image is a tight crop of, box in pixels of ``image``, or None for a page.

    Only asked when the ink would measure more than the largest seal as a page
    (``sppm`` pixels per millimetre): a seal of true size on a page is the page
    searches' job. ``planes`` are given for a colour scan: the seal's ink is then
    its colour (red, blue, purple), else the dark pixels.
    """
    if planes is not None:
        mask = u8(cv2.bitwise_or(red_mask(image, planes), blue_mask(image, planes)))
        color = "red"
    else:
        gray = image if image.ndim == 2 else u8(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY))
        mask = u8(cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1])
        color = "gray"
    mask = u8(cv2.morphologyEx(mask, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8)))  # scanner specks
    points = cv2.findNonZero(mask)
    if points is None:
        return None
    x, y, w, h = cv2.boundingRect(points)
    ih, iw = mask.shape
    if w < FILLS_IMAGE * iw or h < FILLS_IMAGE * ih or min(w, h) / sppm <= max_mm:
        return None
    box = mask[y : y + h, x : x + w]
    cx, cy, rx, ry = x + w / 2, y + h / 2, w / 2, h / 2
    frame = square_border(box)
    ring, _ = ring_profile(mask, cx, cy, rx, ry)
    # a frame's corners carry ink; a ring's bounding box has none in its corners
    corner = max(2, min(w, h) // 10)
    corners = [box[:corner, :corner], box[:corner, -corner:], box[-corner:, :corner], box[-corner:, -corner:]]
    square = frame >= RIM_INKED and all(c.any() for c in corners)
    if not square and ring < RIM_INKED:
        return None
    if _rim_share(mask, cx, cy, rx, ry, square) < RIM_SHARE or _inside_share(box) > MAX_INSIDE:
        return None
    shape = "square" if square else ("round" if min(w, h) / max(w, h) > 0.86 else "oval")
    conf = round(float(np.clip(0.35 + 0.6 * (frame if square else ring), 0, 0.99)), 3)
    return SealFound((float(x), float(y), float(x + w), float(y + h)), shape, color, conf)  # type: ignore[arg-type]


def _rim_share(mask: Image, cx: float, cy: float, rx: float, ry: float, square: bool) -> float:
    """Ink in the outer band (12 % of the half-sides) of the ring or the frame."""
    band = np.zeros_like(mask)
    if square:
        x0, y0, x1, y1 = round(cx - rx), round(cy - ry), round(cx + rx), round(cy + ry)
        dx, dy = max(1, round(0.12 * rx)), max(1, round(0.12 * ry))
        band[y0:y1, x0:x1] = 255
        band[y0 + dy : y1 - dy, x0 + dx : x1 - dx] = 0
    else:
        centre = (round(cx), round(cy))
        cv2.ellipse(band, centre, (round(rx), round(ry)), 0, 0, 360, (255,), -1)
        cv2.ellipse(band, centre, (round(0.88 * rx), round(0.88 * ry)), 0, 0, 360, (0,), -1)
    inked = cv2.countNonZero(cv2.bitwise_and(mask, band))
    return inked / max(1, cv2.countNonZero(band))


def _inside_share(box: Image) -> float:
    """Ink inside the rim band: the box without its outer 15 % on every side."""
    h, w = box.shape
    inner = box[round(0.15 * h) : round(0.85 * h), round(0.15 * w) : round(0.85 * w)]
    return float(inner.mean() / 255.0) if inner.size else 1.0
