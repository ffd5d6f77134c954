"""Scanning damage: resolution, skew, quarter turns, phone-photo perspective, blur, gray, bilevel.

``scan`` warps the drawn page once with a forward matrix (drawn page → upload) and returns the
upload with the inverse matrix (upload → upright drawn page), which is what ``PageFrame`` holds;
truth boxes stay in the drawn page's frame.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image

from samplegen.stamps.ink import Array, low_freq
from samplegen.stamps.page import DPI

Matrix = NDArray[np.float64]


@dataclass
class ScanPlan:
    """How one page reaches the service."""

    mode: str  # "color" | "gray" | "bilevel"
    dpi: int
    skew: float
    quarter: int  # counter-clockwise quarter turns of the upload
    photo: bool
    blur: float
    jpeg_quality: int


def plan(rng: random.Random) -> ScanPlan:
    """A random scan: mostly colour at 200 dpi, some gray, bilevel, photographed, turned."""
    photo = rng.random() < 0.12
    mode = "color" if photo else rng.choices(["color", "gray", "bilevel"], [0.6, 0.25, 0.15])[0]
    return ScanPlan(
        mode=mode,
        dpi=rng.choice([150, 200, 200, 240, 300]),
        skew=rng.uniform(-2, 2) if rng.random() < 0.8 else rng.uniform(-5, 5),
        quarter=0 if photo or rng.random() < 0.8 else rng.choice([1, 2, 3]),
        photo=photo,
        blur=rng.choice([0.0, rng.uniform(0.3, 0.8), rng.uniform(0.8, 1.5)]),
        jpeg_quality=rng.randint(30, 70),
    )


def _rotation(angle_deg: float, w: float, h: float) -> Matrix:
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle_deg, 1.0)
    return np.vstack([m, [0.0, 0.0, 1.0]])


def _quarter(q: int, w: float, h: float) -> tuple[Matrix, float, float]:
    m = np.eye(3)
    for _ in range(q % 4):  # counter-clockwise: (x, y) -> (y, w - x)
        m = np.array([[0.0, 1.0, 0.0], [-1.0, 0.0, w], [0.0, 0.0, 1.0]]) @ m
        w, h = h, w
    return m, w, h


def scan(
    page: Array, sp: ScanPlan, rng: random.Random, np_rng: np.random.Generator
) -> tuple[Image.Image, Matrix]:
    """The uploaded image and the matrix from its pixels to the upright drawn page."""
    h0, w0 = page.shape[:2]
    s = sp.dpi / DPI
    fwd = np.diag([s, s, 1.0])
    w, h = w0 * s, h0 * s
    fwd = _rotation(sp.skew, w, h) @ fwd
    q, w, h = _quarter(sp.quarter, w, h)
    fwd = q @ fwd
    border: tuple[float, float, float] = (250.0, 249.0, 246.0)
    if sp.photo:
        long_side = rng.randint(2200, 3000)
        pw, ph = int(long_side * 0.75), long_side
        margin = 0.08
        src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
        dst = []
        for cx, cy in ((0, 0), (1, 0), (1, 1), (0, 1)):
            jx = rng.uniform(0.01, margin * 1.6)
            jy = rng.uniform(0.01, margin * 1.6)
            dst.append([(jx if cx == 0 else 1 - jx) * pw, (jy if cy == 0 else 1 - jy) * ph])
        fwd = cv2.getPerspectiveTransform(src, np.array(dst, dtype=np.float32)).astype(np.float64) @ fwd
        w, h = pw, ph
        border = (rng.uniform(60, 120), rng.uniform(55, 100), rng.uniform(40, 80))
    if sp.blur == 0.0 and s < 1.0:
        page = np.asarray(cv2.GaussianBlur(page, (0, 0), 0.35 / s), dtype=np.float32)
    out = cv2.warpPerspective(
        page,
        fwd,
        (round(w), round(h)),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=border,
    )
    out = np.asarray(out, dtype=np.float32)
    if sp.photo:
        shade = 0.7 + 0.35 * low_freq(np_rng, out.shape[:2], 3)
        out = out * shade[..., None] * np.array([1.0, 0.98, 0.93], dtype=np.float32)
    if sp.blur > 0:
        out = cv2.GaussianBlur(out, (0, 0), sp.blur)
    out = out + np_rng.normal(0.0, 3.0 if not sp.photo else 5.0, out.shape).astype(np.float32)
    img = Image.fromarray(np.clip(out, 0, 255).astype(np.uint8), "RGB")
    if sp.mode == "gray":
        img = img.convert("L")
    elif sp.mode == "bilevel":
        gray = np.asarray(img.convert("L"), dtype=np.uint8)
        threshold = rng.randint(135, 175)
        img = Image.fromarray(((gray > threshold) * 255).astype(np.uint8), "L").convert(
            "1", dither=Image.Dither.NONE
        )
    inv = np.linalg.inv(fwd)
    inv = inv / inv[2, 2]
    return img, inv
