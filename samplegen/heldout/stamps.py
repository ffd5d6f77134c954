"""Seals and window stamps: round, oval and rectangular, in any ink, faded like real ones.

Seals are what the extractor must find and what the rules hinge on (agency stamp, issuer
seal), so they vary in shape, size, ink and wear; each one is recorded as a truth stamp with
its box taken from the drawn ink.
"""

from __future__ import annotations

import math
import random
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageDraw

from samplegen.heldout.canvas import Color, SealMark, Sheet, text_mask

INKS: dict[str, Color] = {
    "red": (214, 38, 46),
    "orange_red": (226, 70, 48),
    "blue": (36, 66, 186),
    "purple": (118, 46, 150),
    "black": (40, 40, 44),
}


def _paste_max(canvas: np.ndarray, m: np.ndarray, x: int, y: int) -> None:
    h, w = m.shape
    x0, y0, x1, y1 = max(0, x), max(0, y), min(canvas.shape[1], x + w), min(canvas.shape[0], y + h)
    if x1 > x0 and y1 > y0:
        sub = canvas[y0:y1, x0:x1]
        np.maximum(sub, m[y0 - y : y1 - y, x0 - x : x1 - x], out=sub)


def _wear(mask: np.ndarray, rng: random.Random, strength: float) -> np.ndarray:
    """Uneven ink: a smooth random field times speckle, so parts of the seal fade or vanish."""
    h, w = mask.shape
    nrng = np.random.default_rng(rng.randrange(2**32))
    low: Any = nrng.random((max(2, h // 40), max(2, w // 40))).astype(np.float32)
    low = cv2.resize(low, (w, h), interpolation=cv2.INTER_CUBIC)
    field = np.clip(1.0 - strength * low, 0.15, 1.0)
    speckle = (nrng.random((h, w)) > strength * 0.25).astype(np.float32)
    return mask * field * (0.55 + 0.45 * speckle)


def _ring_text(
    canvas: np.ndarray, text: str, cx: float, cy: float, rx: float, ry: float, size: float, span: float
) -> None:
    n = len(text)
    for i, ch in enumerate(text):
        t = 90 + span / 2 - (span * (i + 0.5) / n)
        rad = math.radians(t)
        x, y = cx + rx * math.cos(rad), cy - ry * math.sin(rad)
        m, (ox, oy) = text_mask(ch, "sans_bold", size, "mm", t - 90)
        _paste_max(canvas, m, round(x + ox), round(y + oy))


def _star(canvas: np.ndarray, cx: float, cy: float, r: float) -> None:
    pts = []
    for k in range(10):
        rad = math.radians(90 + 36 * k)
        rr = r if k % 2 == 0 else r * 0.38
        pts.append((cx + rr * math.cos(rad), cy - rr * math.sin(rad)))
    img = Image.fromarray((canvas * 255).astype(np.uint8))
    ImageDraw.Draw(img).polygon(pts, fill=255)
    canvas[:] = np.asarray(img, np.float32) / 255.0


def _centered(
    canvas: np.ndarray, text: str, x: float, y: float, size: float, role: str = "sans_bold"
) -> None:
    m, (ox, oy) = text_mask(text, role, size, "mm")
    _paste_max(canvas, m, round(x + ox), round(y + oy))


def seal_mask(
    shape: str,
    text: str,
    lines: tuple[str, ...],
    w_px: float,
    h_px: float,
    rng: random.Random,
    star: bool = True,
) -> np.ndarray:
    """Coverage mask of a seal (before wear): ring/border, ring text, star and horizontal lines."""
    pad = 4
    W, H = round(w_px) + 2 * pad, round(h_px) + 2 * pad
    canvas = np.zeros((H, W), np.float32)
    cx, cy = W / 2, H / 2
    border = max(2, round(min(w_px, h_px) * 0.03))
    img = Image.new("L", (W, H), 0)
    d = ImageDraw.Draw(img)
    if shape == "square":
        d.rectangle([pad, pad, W - pad, H - pad], outline=255, width=border)
        if rng.random() < 0.5:
            g = border * 2
            d.rectangle([pad + g, pad + g, W - pad - g, H - pad - g], outline=255, width=max(1, border // 2))
        canvas = np.asarray(img, np.float32) / 255.0
        n = len(lines)
        size = min(h_px / (n + 1.2), w_px * 0.8 / max(len(s) for s in lines))
        for i, line in enumerate(lines):
            _centered(canvas, line, cx, cy + (i - (n - 1) / 2) * size * 1.25, size)
        return canvas
    d.ellipse([pad, pad, W - pad, H - pad], outline=255, width=border)
    if rng.random() < 0.3:
        g = border * 2
        d.ellipse([pad + g, pad + g, W - pad - g, H - pad - g], outline=255, width=max(1, border // 3))
    canvas = np.asarray(img, np.float32) / 255.0
    rx, ry = w_px / 2, h_px / 2
    size = min(w_px, h_px) * (0.12 if len(text) <= 14 else 0.095)
    span = min(250.0, 18.0 * len(text) + 40) if shape == "round" else min(200.0, 14.0 * len(text) + 40)
    _ring_text(canvas, text, cx, cy, rx - border - size * 0.75, ry - border - size * 0.75, size, span)
    if star and shape == "round":
        _star(canvas, cx, cy, min(w_px, h_px) * 0.14)
    for i, line in enumerate(lines):
        yy = cy + min(w_px, h_px) * (0.24 + i * 0.13) if shape == "round" else cy + (i - 0.2) * size * 1.3
        _centered(canvas, line, cx, yy, size * 0.85)
    return canvas


def stamp(
    sheet: Sheet,
    doc: str,
    cx_mm: float,
    cy_mm: float,
    *,
    shape: str,
    text: str,
    ink: str,
    role: str,
    rng: random.Random,
    size_mm: tuple[float, float] = (40.0, 40.0),
    lines: tuple[str, ...] = (),
    wear: float = 0.5,
) -> SealMark | None:
    """Press a seal centred at (cx_mm, cy_mm), rotated a little, and record it on the sheet."""
    mask = seal_mask(shape, text, lines, sheet.px(size_mm[0]), sheet.px(size_mm[1]), rng)
    angle = rng.uniform(-12, 12) if shape != "square" else rng.uniform(-4, 4)
    img = Image.fromarray((mask * 255).astype(np.uint8)).rotate(angle, Image.Resampling.BICUBIC, expand=True)
    m = _wear(np.asarray(img, np.float32) / 255.0, rng, wear)
    h, w = m.shape
    x0 = round(sheet.px(cx_mm) - w / 2)
    y0 = round(sheet.px(cy_mm) - h / 2)
    rect = sheet.blend(m, x0, y0, INKS[ink], rng.uniform(0.8, 0.95))
    if rect is None:
        return None
    mark = SealMark(doc, rect, shape, text, ink, role)
    sheet.seals.append(mark)
    return mark
