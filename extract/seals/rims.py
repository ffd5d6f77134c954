"""Gray seals of any tilt and axis ratio, found as the solid shapes their closed rims enclose.

The circle search finds round seals and ovals that stand level (the page stretched
into a near-circle), but a stamp pressed by hand is often turned 10-25°, and a
turned oval stretched along the page's axis is no circle. Whatever its tilt, a
closed rim encloses its ring text and star: with every enclosed hole of the ink
filled, a seal is a solid ellipse, while print is strokes and lines a few
millimetres thick. An opening wider than a line of text and narrower than any
seal removes the print (and a printed line crossing the seal) and leaves the
seal's outline, whose fitted ellipse the ring test then judges as it judges a
circle, on the page mapped so that the ellipse becomes one. A region bounded
mostly by a form's rules is a cell and stays empty (filled, the cells beside a
seal would join it); a card copy fills into a rounded rectangle, no ellipse.
Words of 8 mm or more printed across a seal stay joined to it: that seal is
left to the circle search.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from extract.preprocess import u8
from extract.seals.geometry import Shape, is_new
from extract.seals.ring_test import verify_ring
from kernel.reading import Image, SealFound

Ellipse = tuple[tuple[float, float], tuple[float, float], float]  # cv2.fitEllipse's (centre, axes, angle)

OPEN_PPM = 1.75  # the filled page is opened at this many px/mm
OPEN_MM = 8.0  # wider than a line of text or a title, narrower than the short side of any seal
SEAL_RATIO = 0.55  # short over long axis of a seal's outline
RULE_MM = 25.0  # a straight run of ink this long is a rule (a seal's flattest arc bends away sooner)
RULE_THICK_MM = 2.5  # and thinner than this (a line of words run together is thicker)
RULED_BORDER = 0.5  # a region whose border lies more than this share along rules is a table's cell
HULL_FIT = 0.06  # the outline's area may differ this much from its fitted ellipse's (a rectangle's: 27 %)


def find_gray_rims(dark: Image, sppm: float, min_mm: float, max_mm: float) -> list[SealFound]:
    """Round and oval seals (any tilt) in the ink mask ``dark``; boxes in its pixels."""
    closed = u8(cv2.morphologyEx(dark, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8)))
    filled = _holes_filled(closed, _rules(closed, sppm), max_mm * sppm)
    # the opening runs at a coarser scale (it costs by the pixel and the kernel's area)
    k = min(1.0, OPEN_PPM / sppm)
    small = cv2.resize(filled, None, fx=k, fy=k, interpolation=cv2.INTER_AREA)
    small = u8(cv2.threshold(small, 127, 255, cv2.THRESH_BINARY)[1])
    size = max(3, round(OPEN_MM * sppm * k) | 1)
    opened = cv2.morphologyEx(
        small, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
    )
    contours, _ = cv2.findContours(opened, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    found: list[SealFound] = []
    for c in contours:
        outline = _outline(c, sppm * k, min_mm, max_mm)
        if outline is None:
            continue
        (cx, cy), (a1, a2), angle = outline
        ellipse: Ellipse = ((cx / k, cy / k), (a1 / k, a2 / k), angle)
        judged = _judge(dark, ellipse)
        if judged is None:
            continue
        shape: Shape = "round" if min(a1, a2) >= 0.9 * max(a1, a2) else "oval"
        seal = SealFound(box=_box(ellipse), shape=shape, color="gray", confidence=round(judged, 3))
        if is_new(seal.box, found):
            found.append(seal)
    return found


def _rules(dark: Image, sppm: float) -> Image:
    """Long straight thin runs of ink: a table's or a form's rules (a line of words run together by
    the blur is as long but thicker, and a seal's flattest arc bends away sooner)."""
    length, thick = max(15, round(RULE_MM * sppm)), max(3, round(RULE_THICK_MM * sppm))
    across = cv2.morphologyEx(dark, cv2.MORPH_OPEN, np.ones((1, length), np.uint8))
    down = cv2.morphologyEx(dark, cv2.MORPH_OPEN, np.ones((length, 1), np.uint8))
    across = cv2.subtract(across, cv2.morphologyEx(across, cv2.MORPH_OPEN, np.ones((thick, 1), np.uint8)))
    down = cv2.subtract(down, cv2.morphologyEx(down, cv2.MORPH_OPEN, np.ones((1, thick), np.uint8)))
    return u8(cv2.bitwise_or(across, down))


def _holes_filled(mask: Image, rules: Image, largest: float) -> Image:
    """``mask`` with the regions it encloses filled, up to ``largest`` px across, unless rules bound
    most of a region: a seal's inside is filled (split by print or a rule crossing it or not), a
    table's cell beside it is not, or it would join the seal."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(cv2.bitwise_not(mask), connectivity=4)
    h, w = mask.shape[:2]
    x, y, bw, bh = (stats[:, i] for i in range(4))
    enclosed = (x > 0) & (y > 0) & (x + bw < w) & (y + bh < h) & (np.maximum(bw, bh) <= largest)
    enclosed[0] = False  # label 0 is the mask's own ink
    # a region's pixels along a rule, against the perimeter of its box (the words inside a cell
    # would count towards any border traced around the region)
    on_rule = (cv2.dilate(rules, np.ones((3, 3), np.uint8)) > 0) & (mask == 0)
    share = np.bincount(labels[on_rule], minlength=n) / np.maximum(1, 2 * (bw + bh))
    fill = enclosed & (share <= RULED_BORDER)
    return u8(np.where(fill[labels], 255, mask).astype(np.uint8))


def _outline(contour: npt.NDArray[Any], ppm: float, min_mm: float, max_mm: float) -> Ellipse | None:
    """The ellipse a solid shape is, when it is one of seal size and proportions."""
    hull = cv2.convexHull(contour)
    if len(hull) < 5:
        return None
    (cx, cy), (a1, a2), angle = cv2.fitEllipse(hull)
    long_mm, short_mm = max(a1, a2) / ppm, min(a1, a2) / ppm
    if not (min_mm <= long_mm <= max_mm) or short_mm < SEAL_RATIO * long_mm:
        return None
    if abs(cv2.contourArea(hull) / (np.pi * a1 * a2 / 4) - 1) > HULL_FIT:
        return None
    return (cx, cy), (a1, a2), angle


def _judge(dark: Image, ellipse: Ellipse) -> float | None:
    """The ring test (``ring_test.verify_ring``) on the page mapped so that the ellipse becomes a circle."""
    (cx, cy), (a1, a2), angle = ellipse
    big = max(a1, a2)
    t = np.radians(angle)
    rot = np.array([[np.cos(t), np.sin(t)], [-np.sin(t), np.cos(t)]])
    a = np.diag([big / a1, big / a2]) @ rot
    pad = int(big * 0.75) + 2
    m = np.hstack([a, (np.array([pad, pad]) - a @ np.array([cx, cy]))[:, None]])
    warped = u8(cv2.warpAffine(dark, m, (2 * pad, 2 * pad), flags=cv2.INTER_NEAREST))
    judged = verify_ring(warped, pad, pad, big / 2, 0.03)
    return None if judged is None else judged[0]


def _box(ellipse: Ellipse) -> tuple[float, float, float, float]:
    """The ellipse's bounding box."""
    (cx, cy), (a1, a2), angle = ellipse
    t = np.radians(angle)
    hx = np.hypot(a1 / 2 * np.cos(t), a2 / 2 * np.sin(t))
    hy = np.hypot(a1 / 2 * np.sin(t), a2 / 2 * np.cos(t))
    return float(cx - hx), float(cy - hy), float(cx + hx), float(cy + hy)
