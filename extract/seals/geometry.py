"""Seal geometry shared by the colour and gray searches: scale, boxes, ring profiles, shapes."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import cv2
import numpy as np

from extract.preprocess import u8
from kernel.reading import Image, PixelBox, SealFound

Shape = Literal["round", "oval", "square"]
A4_LONG_MM = 297.0
PLAUSIBLE_LONG_MM = (120.0, 440.0)  # long side of a scanned page, mm: a card copy on A6 up to A3
SEAL_PPM = 4.0  # seals are looked for at no more than this many pixels per millimetre
RECT_SHORT = 0.32  # a rectangular stamp's short side may be this share of the smallest seal (7 mm: a
# one-line 复印件与原件核对无误 in a single frame, 55 x 9 mm), in any ink
SAME_SEAL = 0.3  # boxes overlapping this much (IoU) are one seal found twice


def halved(image: Image, ppm: float, most: float = SEAL_PPM) -> tuple[Image, float]:
    """The page brought down to at most ``most`` px/mm, and the factor used: halved (OpenCV's fast
    exact-half area path) while that stays above it, then a linear resize for the rest (an
    area resize by an odd factor costs ~12 ms on a page; a 22 mm seal stays over 80 px across)."""
    factor = 1.0
    while ppm * factor > 2 * most:
        image = u8(cv2.resize(image, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA))
        factor *= 0.5
    if ppm * factor > most * 1.05:
        k = most / (ppm * factor)
        h, w = image.shape[:2]
        image = u8(
            cv2.resize(image, (max(1, round(w * k)), max(1, round(h * k))), interpolation=cv2.INTER_LINEAR)
        )
        factor *= image.shape[1] / w
    return image, factor


def scaled(seal: SealFound, k: float) -> SealFound:
    x0, y0, x1, y1 = seal.box
    return SealFound((x0 * k, y0 * k, x1 * k, y1 * k), seal.shape, seal.color, seal.confidence, seal.text)


LARGER_THAN_A4 = 1.1  # an A-series page this much longer than A4 is taken for A4 (see px_per_mm)


def px_per_mm(image: Image, dpi: float | None = None) -> float:
    """Pixels per millimetre: from the recorded dpi when it gives a paper size, else the page's long
    side taken as A4.

    Files often record a resolution that is not the scan's: phone photos say 72
    dpi (a 4000 px photo would be 1.4 m of paper), scanners write a default 72 or
    96 into JPEGs they scanned at 150. A dpi is trusted only when the page it
    implies is between a card copy and A3 on its long side.
    """
    long_px = max(image.shape[:2])
    long_mm = long_px / dpi * 25.4 if dpi else 0.0
    # a page shaped like A4 that would be larger than A4 is A4 with a resolution recorded wrong
    # (an image-to-PDF tool's page size): filing papers are A4, never A3
    a4_misrecorded = _a_series(image) and long_mm > LARGER_THAN_A4 * A4_LONG_MM
    if dpi and PLAUSIBLE_LONG_MM[0] <= long_mm <= PLAUSIBLE_LONG_MM[1] and not a4_misrecorded:
        return dpi / 25.4
    return long_px / A4_LONG_MM


def _a_series(image: Image) -> bool:
    """Whether the page has the proportions of an A-series sheet (√2 to within a few per cent)."""
    h, w = image.shape[:2]
    return abs(max(h, w) / max(1, min(h, w)) - 2**0.5) < 0.06


def contained(inner: PixelBox, outer: PixelBox) -> float:
    """Share of ``inner``'s area that lies inside ``outer``."""
    ix = max(0.0, min(inner[2], outer[2]) - max(inner[0], outer[0]))
    iy = max(0.0, min(inner[3], outer[3]) - max(inner[1], outer[1]))
    area = (inner[2] - inner[0]) * (inner[3] - inner[1])
    return ix * iy / area if area > 0 else 0.0


ONE_SEAL_SHARE = 0.35  # a detection this much inside another (by boxes) is a piece of it
CROSS_SHAPE_SHARE = 0.8  # a frame and a ring are one seal only when one lies this much inside the other


def in_ellipse(inner: PixelBox, outer: PixelBox, grid: int = 16) -> float:
    """Share of ``inner``'s area that lies inside the ellipse inscribed in ``outer`` (sampled)."""
    xs = np.linspace(inner[0], inner[2], grid)
    ys = np.linspace(inner[1], inner[3], grid)
    cx, cy = (outer[0] + outer[2]) / 2, (outer[1] + outer[3]) / 2
    rx, ry = max((outer[2] - outer[0]) / 2, 1e-6), max((outer[3] - outer[1]) / 2, 1e-6)
    inside = ((xs[None, :] - cx) / rx) ** 2 + ((ys[:, None] - cy) / ry) ** 2 <= 1.0
    return float(inside.mean())


def _one_seal(new: SealFound, kept: SealFound) -> bool:
    """Whether a detection is one seal with a surer one already kept, found twice or in pieces:
    either lies partly inside the other's box. A frame over a surer ring, though, only where it
    lies nearly whole inside the ring's disc (a piece of it): a dated receipt stamp pressed half
    over an agency's round seal overlaps its box by half and is a stamp of its own. (A ring over a
    surer frame keeps the box rule: the words and corners of a frame can propose a circle.)"""
    if new.shape == "square" and kept.shape != "square":
        return (
            in_ellipse(new.box, kept.box) >= CROSS_SHAPE_SHARE
            or contained(kept.box, new.box) >= CROSS_SHAPE_SHARE
        )
    return contained(new.box, kept.box) >= ONE_SEAL_SHARE or contained(kept.box, new.box) >= ONE_SEAL_SHARE


def one_per_seal(found: list[SealFound]) -> list[SealFound]:
    """Drop a detection lying mostly inside a more confident one: a faded ring breaks into pieces
    (the arc of text and star, the rest of the rim) that each pass as a smaller seal."""
    kept: list[SealFound] = []
    for seal in sorted(found, key=lambda f: -f.confidence):
        if not any(_one_seal(seal, k) for k in kept):
            kept.append(seal)
    return kept


def is_new(box: PixelBox, found: Iterable[SealFound]) -> bool:
    """Whether a box is a seal none of ``found`` already holds (overlaps by less than ``SAME_SEAL``)."""
    return all(box_iou(box, f.box) < SAME_SEAL for f in found)


def box_iou(a: PixelBox, b: PixelBox) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def ring_profile(
    mask: Image, cx: float, cy: float, rx: float, ry: float, bins: int = 72
) -> tuple[float, float]:
    """(border coverage, outside coverage): share of angle bins with ink at the rim vs just outside it."""
    h, w = mask.shape
    angles = np.linspace(0, 2 * np.pi, bins * 4, endpoint=False)

    def coverage(lo: float, hi: float) -> float:
        hit = np.zeros(bins, bool)
        for f in np.linspace(lo, hi, 6):
            xs = np.clip((cx + f * rx * np.cos(angles)).astype(int), 0, w - 1)
            ys = np.clip((cy + f * ry * np.sin(angles)).astype(int), 0, h - 1)
            ink = mask[ys, xs] > 0
            hit |= ink.reshape(bins, 4).any(axis=1)
        return float(hit.mean())

    return coverage(0.9, 1.04), coverage(1.15, 1.3)


def classify_shape(contour: np.ndarray) -> tuple[Shape, float, float]:
    """Shape of a seal blob and its ellipse axis ratio and rectangle fill (hull area / minAreaRect area)."""
    hull = cv2.convexHull(contour)
    (_, _), (rw, rh), _ = cv2.minAreaRect(hull)
    fill = cv2.contourArea(hull) / max(1.0, rw * rh)
    approx = cv2.approxPolyDP(hull, 0.04 * cv2.arcLength(hull, True), True)
    if len(hull) >= 5:
        (_, _), (a1, a2), _ = cv2.fitEllipse(hull)
        ratio = min(a1, a2) / max(a1, a2, 1e-6)
    else:
        ratio = min(rw, rh) / max(rw, rh, 1e-6)
    if fill > 0.9 and len(approx) <= 6:
        return "square", ratio, fill
    return ("round" if ratio > 0.86 else "oval"), ratio, fill


def square_border(mask: Image) -> float:
    """Share of the four edges (outer 8 %) that carry ink, sampled in 40 segments each."""
    h, w = mask.shape
    bw, bh = max(2, w // 12), max(2, h // 12)
    strips = [mask[:bh, :], mask[-bh:, :], mask[:, :bw].T, mask[:, -bw:].T]
    hits: list[bool] = []
    for s in strips:
        segs = np.array_split(s.max(axis=0), 40)
        hits.extend(bool(seg.any()) for seg in segs)
    return float(np.mean(hits))
