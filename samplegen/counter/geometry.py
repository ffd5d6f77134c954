"""Pixel boxes and 3x3 matrices: where things were drawn, and where a transform takes them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

Box = tuple[float, float, float, float]
Matrix = npt.NDArray[np.float64]


def union(boxes: Iterable[Box | None]) -> Box | None:
    """The smallest box holding every given box (None when there is none)."""
    real = [b for b in boxes if b is not None]
    if not real:
        return None
    return (
        min(b[0] for b in real),
        min(b[1] for b in real),
        max(b[2] for b in real),
        max(b[3] for b in real),
    )


def pad(box: Box, px: float) -> Box:
    return (box[0] - px, box[1] - px, box[2] + px, box[3] + px)


def clip(box: Box, width: int, height: int) -> Box | None:
    """The part of ``box`` on a ``width`` x ``height`` page, None if nothing is left."""
    x0, y0 = max(0.0, box[0]), max(0.0, box[1])
    x1, y1 = min(float(width), box[2]), min(float(height), box[3])
    if x1 - x0 < 1 or y1 - y0 < 1:
        return None
    return (x0, y0, x1, y1)


def normalised(box: Box | None, width: int, height: int) -> list[float] | None:
    """``[x0, y0, x1, y1]`` as fractions of the page, rounded to 4 places, inside [0, 1]."""
    if box is None:
        return None
    inside = clip(box, width, height)
    if inside is None:
        return None
    x0, y0, x1, y1 = inside
    return [round(x0 / width, 4), round(y0 / height, 4), round(x1 / width, 4), round(y1 / height, 4)]


def transform_box(box: Box, matrix: Matrix) -> Box:
    """The axis-aligned box around ``box``'s four corners mapped by a 2x3 or 3x3 matrix."""
    m = np.asarray(matrix, dtype=np.float64)
    if m.shape == (2, 3):
        m = np.vstack([m, [0.0, 0.0, 1.0]])
    x0, y0, x1, y1 = box
    pts = np.array([[x0, y0, 1.0], [x1, y0, 1.0], [x1, y1, 1.0], [x0, y1, 1.0]]).T
    out = m @ pts
    xs, ys = out[0] / out[2], out[1] / out[2]
    return (float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()))


def affine(
    angle_deg: float, scale: float, src_center: Sequence[float], dst_center: Sequence[float]
) -> np.ndarray:
    """3x3: scale and turn (counter-clockwise on screen for positive angles) about ``src_center``,
    then move it to ``dst_center``."""
    a = np.deg2rad(angle_deg)
    c, s = np.cos(a) * scale, np.sin(a) * scale
    cx, cy = src_center
    dx, dy = dst_center
    return np.array(
        [
            [c, s, dx - c * cx - s * cy],
            [-s, c, dy + s * cx - c * cy],
            [0.0, 0.0, 1.0],
        ],
        dtype=np.float64,
    )
