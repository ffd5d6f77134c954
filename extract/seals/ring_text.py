"""Ring text: the band of a round or oval seal unwrapped into a strip for the recogniser."""

from __future__ import annotations

import cv2
import numpy as np

from extract.preprocess import turn, u8
from extract.seals.masks import blue_mask, red_mask
from extract.types import LineOcrEngine, OcrEngine
from kernel.reading import Image, SealFound

BAND_FROM, BAND_TO = 0.38, 0.95  # the ring band unwrapped, as shares of the radius
# the strip is sampled along the circle at 0.7 r, about the middle of the band the characters stand in,
# not along the rim: so they come out about square, as the recogniser knows them, not ~1.4x too wide.
# On the samples and unseen sets 7 and 2026 ring text came closer to truth (0.681 -> 0.705 similarity)
# and cheaper (~21 -> ~18 ms a seal); held-out sets 99 and 2468: 0.662 -> 0.674, 23 -> 18 ms
ARC_SCALE = 0.7
RING_SURE = 0.5  # recogniser score on the first ring strip above which the turned one is not read


def ring_strips(image: Image, seal: SealFound, rotation: int = 0) -> list[Image]:
    """The ring band of a round/oval seal unwrapped into a horizontal strip, and that strip turned 180°.

    The strip starts at the bottom of the seal (where ring text has its gap),
    so the arc of text comes out in one piece. Square seals are returned as is.
    """
    x0, y0, x1, y1 = (round(v) for v in seal.box)
    crop = turn(image[max(0, y0) : y1, max(0, x0) : x1], rotation)
    if crop.size == 0:
        return []
    if seal.color == "red" and crop.ndim == 3:
        # the seal's ink as black on white (red, else blue or purple); text under it disappears
        ink = red_mask(crop)
        if cv2.countNonZero(ink) < 0.02 * ink.size:
            ink = blue_mask(crop)
        crop = u8(cv2.bitwise_not(ink))
    elif crop.ndim == 3:
        crop = u8(cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY))
    if seal.shape == "square":
        return [crop]
    h, w = crop.shape[:2]
    side = max(h, w)
    crop = u8(cv2.resize(crop, (side, side)))  # ovals become circles: text follows one radius
    r = side / 2
    n_angles = int(2 * np.pi * r * ARC_SCALE)
    polar = cv2.warpPolar(crop, (int(r), n_angles), (r, r), r, cv2.WARP_POLAR_LINEAR + cv2.INTER_LINEAR)
    polar = np.roll(polar, -n_angles // 4, axis=0)  # rows now start at the bottom (90° in image coords)
    gap = n_angles // 10  # the bottom 72° hold no ring text: the recogniser's cost is by width
    # from 0.38 r out: the characters stand in the band's outer part, and a taller band is a shorter
    # strip once scaled to the recogniser's 48 px (ring text on the samples and unseen sets: 0.616
    # similarity to truth at 24 ms a seal, against 0.601 at 33 ms from 0.55 r)
    band = polar[gap : n_angles - gap, int(r * BAND_FROM) : int(r * BAND_TO)]
    strip = _inked_span(u8(cv2.rotate(band, cv2.ROTATE_90_COUNTERCLOCKWISE)))
    return [strip, u8(cv2.rotate(strip, cv2.ROTATE_180))]


def _inked_span(strip: Image) -> Image:
    """The strip from its first to its last column of ink, with half a character of margin.

    The recogniser's cost is by the strip's width, and ring text rarely fills the
    whole 288° unwrapped: the empty ends are cut before it reads.
    """
    h, w = strip.shape[:2]
    if h < 4 or w < 4:
        return strip
    _, ink = cv2.threshold(strip, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    cols = np.nonzero(ink.sum(axis=0) >= max(2, h // 12))[0]
    if len(cols) == 0:
        return strip
    margin = h // 2
    x0, x1 = max(0, int(cols[0]) - margin), min(w, int(cols[-1]) + 1 + margin)
    return u8(np.ascontiguousarray(strip[:, x0:x1])) if x1 - x0 >= 2 * h else strip


def read_ring_text(image: Image, seal: SealFound, ocr: OcrEngine, rotation: int = 0) -> str:
    """OCR the unwrapped ring, the turned strip only when the first reading is unsure.

    On an upright page the first strip is the one that reads (every seal of the
    samples); the turned one covers seals stamped upside down. A two-stage
    engine reads a strip with its recogniser alone: a ring is one line.
    """
    strips = ring_strips(image, seal, rotation)
    if isinstance(ocr, LineOcrEngine):
        best, best_score = "", 0.0
        for strip in strips:
            text, score = ocr.recognize([strip])[0]
            if score * len(text) > best_score:
                best, best_score = text, score * len(text)
            if len(text) >= 3 and score >= RING_SURE:
                break
        return best
    best, best_score = "", 0.0
    for strip in strips:
        lines = ocr.read(strip)
        text = "".join(ln.text for ln in lines)
        n = sum(len(ln.text) for ln in lines)
        mean_conf = sum(ln.confidence * len(ln.text) for ln in lines) / max(1, n)
        if mean_conf * n > best_score:
            best, best_score = text, mean_conf * n
        if n >= 3 and mean_conf >= 0.9:
            break
    return best
