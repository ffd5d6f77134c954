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
from extract.seals.geometry import ring_profile, scaled, square_border
from extract.seals.masks import blue_mask, ink_planes, red_mask
from kernel.reading import Image, SealFound

THUMB_SIDE = 240  # px: the long side the crop question is asked at
FILLS_IMAGE = 0.6  # the ink's extent over the image's, on both axes
RIM_INKED = 0.85  # share of the rim (angle bins or frame segments) that carries ink
RIM_WIDTH = 0.015  # rim stroke over the short side: a seal's ~1.2 of 40 mm, a page border's < 1 %
MAX_INSIDE = 0.45  # ink inside the rim band: words and a star, not a filled picture


def find_crop_seal(image: Image, sppm: float, max_mm: float, colour: bool) -> SealFound | None:
    """The one seal an image is a tight crop of, box in pixels of ``image``, or None for a page.

    Only asked when the ink would measure more than the largest seal as a page
    (``sppm`` pixels per millimetre): a seal of true size on a page is the page
    searches' job. On a ``colour`` scan the seal's ink is its colour (red, blue,
    purple), else the dark pixels. The question is one of coarse geometry, so it
    is asked of a thumbnail (a page costs well under a millisecond).
    """
    # every n-th pixel: an area resize by an odd factor would cost more than the whole question
    step = max(1, round(max(image.shape[:2]) / THUMB_SIDE))
    thumb = u8(np.ascontiguousarray(image[::step, ::step]))
    seal = _crop_seal(thumb, sppm / step, max_mm, colour)
    if seal is None or step == 1:
        return seal
    return scaled(seal, float(step))


def _crop_seal(image: Image, sppm: float, max_mm: float, colour: bool) -> SealFound | None:
    if colour and image.ndim == 3:
        planes = ink_planes(image)
        mask = u8(cv2.bitwise_or(red_mask(image, planes), blue_mask(image, planes)))
        color = "red"
    else:
        gray = image if image.ndim == 2 else u8(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY))
        mask = u8(cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1])
        color = "gray"
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
    if _rim_thickness(box) < RIM_WIDTH or _inside_share(box) > MAX_INSIDE:
        return None
    shape = "square" if square else ("round" if min(w, h) / max(w, h) > 0.86 else "oval")
    conf = round(float(np.clip(0.35 + 0.6 * (frame if square else ring), 0, 0.99)), 3)
    return SealFound((float(x), float(y), float(x + w), float(y + h)), shape, color, conf)  # type: ignore[arg-type]


def _rim_thickness(box: Image) -> float:
    """The rim's stroke width over the box's short side: the median run of ink met first from each
    side, along the middle 40 % of rows (from left and right) and of columns (from top and bottom)."""
    h, w = box.shape
    ink = box > 0
    runs: list[int] = []
    for lines in (ink[round(0.3 * h) : round(0.7 * h)], ink[:, round(0.3 * w) : round(0.7 * w)].T):
        for line in lines:
            for seq in (line, line[::-1]):
                hits = np.flatnonzero(seq)
                if len(hits) == 0:
                    continue
                gaps = np.flatnonzero(~seq[hits[0] :])
                runs.append(int(gaps[0]) if len(gaps) else len(seq) - int(hits[0]))
    return float(np.median(runs)) / min(h, w) if runs else 0.0


def _inside_share(box: Image) -> float:
    """Ink inside the rim band: the box without its outer 15 % on every side."""
    h, w = box.shape
    inner = box[round(0.15 * h) : round(0.85 * h), round(0.15 * w) : round(0.85 * w)]
    return float(inner.mean() / 255.0) if inner.size else 1.0
