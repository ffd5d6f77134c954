"""Point mapping for rotations and perspective warps, so truth boxes follow every transform.

Why: a box is measured once where it is drawn; each later transform maps its
four corners and takes their axis-aligned hull.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from samplegen.window.canvas import Box

PointMap = Callable[[float, float], tuple[float, float]]


def rotation_map(w: float, h: float, angle: float, new_w: float, new_h: float) -> PointMap:
    """PIL's ``rotate(angle)``: counter-clockwise about the centre, result centred in new_w × new_h."""
    a = math.radians(angle)
    c, s = math.cos(a), math.sin(a)

    def f(x: float, y: float) -> tuple[float, float]:
        dx, dy = x - w / 2, y - h / 2
        return new_w / 2 + dx * c + dy * s, new_h / 2 - dx * s + dy * c

    return f


def homography_map(m: np.ndarray) -> PointMap:
    def f(x: float, y: float) -> tuple[float, float]:
        v = m @ np.array([x, y, 1.0])
        return float(v[0] / v[2]), float(v[1] / v[2])

    return f


def map_box(box: Box, f: PointMap, clip: tuple[float, float] | None = None) -> Box:
    """The hull of a box's mapped corners, optionally clipped to an image size."""
    pts = [f(box[0], box[1]), f(box[2], box[1]), f(box[0], box[3]), f(box[2], box[3])]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    b = (min(xs), min(ys), max(xs), max(ys))
    if clip:
        b = (max(0.0, b[0]), max(0.0, b[1]), min(clip[0], b[2]), min(clip[1], b[3]))
    return b
