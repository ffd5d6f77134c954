"""Ink colours and the ways a stamp impression goes wrong (fading, a dry pad, a double strike)."""

from __future__ import annotations

import cv2
import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float32]

INKS: dict[str, tuple[int, int, int]] = {
    "red": (205, 32, 38),
    "orange_red": (232, 78, 40),
    "dark_red": (150, 22, 34),
    "blue": (38, 62, 172),
    "purple": (112, 44, 142),
    "black": (34, 32, 36),
}
# How often each ink is drawn for a seal (most seals are red).
INK_WEIGHTS: dict[str, float] = {
    "red": 0.42,
    "orange_red": 0.14,
    "dark_red": 0.14,
    "blue": 0.12,
    "purple": 0.09,
    "black": 0.09,
}


def low_freq(rng: np.random.Generator, shape: tuple[int, int], cells: int) -> Array:
    """Smooth noise in 0..1 over ``shape`` (a coarse random grid, upscaled)."""
    h, w = shape
    grid = rng.random((cells, cells)).astype(np.float32)
    out = cv2.resize(grid, (max(1, w), max(1, h)), interpolation=cv2.INTER_CUBIC)
    return np.clip(out, 0.0, 1.0)


def impression(rng: np.random.Generator, alpha: Array, *, density: float, faded: bool, dry: bool) -> Array:
    """Turn a clean engraving (1 = ink) into an impression: uneven density, speckle, a dry pad."""
    a = alpha * density
    a = a * (0.72 + 0.28 * low_freq(rng, a.shape, 6))
    a = a * (rng.random(a.shape) > rng.uniform(0.01, 0.08)).astype(np.float32)
    if faded:
        a = a * (0.35 + 0.45 * low_freq(rng, a.shape, 5))
        holes = low_freq(rng, a.shape, 9) > rng.uniform(0.72, 0.85)
        a[holes] *= 0.15
    if dry:
        h, w = a.shape
        angle = rng.uniform(0, 2 * np.pi)
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        proj = ((xx - w / 2) * np.cos(angle) + (yy - h / 2) * np.sin(angle)) / max(h, w)
        gradient = np.clip(0.55 + 1.6 * proj, 0.0, 1.0)
        a = a * gradient * (low_freq(rng, a.shape, 12) > rng.uniform(0.25, 0.45))
    blurred = cv2.GaussianBlur(a, (0, 0), 0.7)
    return np.clip(blurred, 0.0, 1.0).astype(np.float32)


def multiply(page: Array, alpha: Array, ink: tuple[int, int, int], x: int, y: int) -> None:
    """Blend ink onto a float RGB page (0..255) in place, as a stamp pad does: multiply, clipped."""
    h, w = alpha.shape
    ph, pw = page.shape[:2]
    x0, y0, x1, y1 = max(0, x), max(0, y), min(pw, x + w), min(ph, y + h)
    if x0 >= x1 or y0 >= y1:
        return
    a = alpha[y0 - y : y1 - y, x0 - x : x1 - x, None]
    tint = np.array(ink, dtype=np.float32) / 255.0
    page[y0:y1, x0:x1] *= 1.0 - a * (1.0 - tint)
