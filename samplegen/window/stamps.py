"""Seals of any ink and shape, pressed over whatever is already on the page.

Why: real seals overlap text, fade, miss part of their ring and come in blue,
purple or black as well as red; each seal records its box for truth.
"""

from __future__ import annotations

import math
import random

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from samplegen.window.canvas import Page, StampMark, font, mm

INKS: dict[str, tuple[int, int, int]] = {
    "red": (205, 28, 36),
    "red2": (226, 60, 50),
    "blue": (30, 60, 170),
    "purple": (120, 40, 140),
    "black": (30, 30, 30),
}


def _arc_text(
    mask: Image.Image, cx: float, cy: float, rx: float, ry: float, s: str, size: int, span: float
) -> None:
    """Characters along the top of an ellipse, upright toward the centre."""
    f = font("sans_bold", size)
    n = len(s)
    for i, ch in enumerate(s):
        t = -span / 2 + span * (i + 0.5) / n  # degrees from 12 o'clock, clockwise
        a = math.radians(t - 90)
        x, y = cx + rx * math.cos(a), cy + ry * math.sin(a)
        tile = Image.new("L", (size + 10, size + 10), 0)
        ImageDraw.Draw(tile).text((5, 3), ch, font=f, fill=255)
        tile = tile.rotate(-t, resample=Image.Resampling.BICUBIC)
        mask.paste(255, (int(x - tile.width / 2), int(y - tile.height / 2)), tile)


def _star(d: ImageDraw.ImageDraw, cx: float, cy: float, r: float) -> None:
    pts = []
    for k in range(10):
        rr = r if k % 2 == 0 else r * 0.38
        a = math.radians(-90 + 36 * k)
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    d.polygon(pts, fill=255)


def seal_mask(shape: str, text: str, bottom: str, w: int, h: int, rng: random.Random) -> Image.Image:
    """The ink pattern of a seal as an L mask (255 = ink)."""
    m = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(m)
    lw = max(3, w // 45)
    if shape == "square":
        d.rectangle((lw, lw, w - lw, h - lw), outline=255, width=lw)
        if rng.random() < 0.5:
            d.rectangle((3 * lw, 3 * lw, w - 3 * lw, h - 3 * lw), outline=255, width=max(1, lw // 2))
        lines = [p for p in (text, bottom) if p]
        size = min(int(h / (len(lines) + 1.2)), int((w - 8 * lw) / max(len(max(lines, key=len)), 1) * 1.05))
        y = (h - size * 1.25 * len(lines)) / 2
        for ln in lines:
            f = font("sans_bold", size)
            tw = f.getlength(ln)
            d.text(((w - tw) / 2, y), ln, font=f, fill=255)
            y += size * 1.25
        return m
    d.ellipse((lw, lw, w - lw, h - lw), outline=255, width=lw)
    rx, ry = w / 2 - lw * 3.2, h / 2 - lw * 3.2
    size = max(12, int(min(w, h) * 0.13))
    span = min(250.0, 16.0 * len(text) + 40) if shape == "round" else min(200.0, 13.0 * len(text) + 30)
    _arc_text(m, w / 2, h / 2, rx - size * 0.55, ry - size * 0.55, text, size, span)
    _star(d, w / 2, h / 2 - (h * 0.02), min(w, h) * 0.15)
    if bottom:
        f = font("sans_bold", int(size * 0.9))
        tw = f.getlength(bottom)
        d.text(((w - tw) / 2, h * 0.66), bottom, font=f, fill=255)
    return m


def press(
    page: Page,
    rng: random.Random,
    center: tuple[float, float],
    shape: str,
    text: str,
    bottom: str = "",
    ink: str = "red",
    role: str = "unknown",
    size_mm: float | None = None,
    worn: float = 0.0,
) -> StampMark:
    """Press a seal centred at ``center``; records and returns its mark (box = inked extent)."""
    if shape == "round":
        w = h = mm(size_mm or rng.uniform(38, 44))
    elif shape == "oval":
        w, h = mm(size_mm or rng.uniform(40, 46)), mm((size_mm or 43) * 0.66)
    else:
        w = mm(size_mm or rng.uniform(36, 52))
        h = int(w * rng.uniform(0.32, 0.5))
    mask = seal_mask(shape, text, bottom, w, h, rng)
    angle = rng.uniform(-25, 25) if shape != "square" else rng.uniform(-6, 6)
    mask = mask.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
    arr = np.asarray(mask, dtype=np.float32) / 255.0
    # uneven pressure: low-frequency fade plus speckle; worn seals lose a side
    gen = np.random.default_rng(rng.randrange(2**32))
    low = gen.random((6, 6)).astype(np.float32)
    low_img = Image.fromarray((low * 255).astype(np.uint8)).resize(mask.size, Image.Resampling.BICUBIC)
    fade = 0.55 + 0.45 * np.asarray(low_img, dtype=np.float32) / 255.0
    speck = gen.random(arr.shape).astype(np.float32) > (0.08 + worn * 0.4)
    arr = arr * fade * speck
    if worn > 0:
        yy, xx = np.mgrid[0 : arr.shape[0], 0 : arr.shape[1]]
        theta = gen.uniform(0, 2 * math.pi)
        proj = (xx - arr.shape[1] / 2) * math.cos(theta) + (yy - arr.shape[0] / 2) * math.sin(theta)
        arr = arr * np.clip(1.2 - worn * 2 * (proj / (arr.shape[1] / 2) + 0.6), 0, 1)
    alpha = Image.fromarray((np.clip(arr, 0, 1) * 235).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.7))
    x0 = int(center[0] - alpha.width / 2)
    y0 = int(center[1] - alpha.height / 2)
    _multiply(page.image, alpha, (x0, y0), INKS[ink])
    a = np.asarray(alpha) > 40
    ys, xs = np.nonzero(a)
    W, H = page.size
    if len(xs):
        box = (
            float(max(0, x0 + xs.min())),
            float(max(0, y0 + ys.min())),
            float(min(W, x0 + xs.max() + 1)),
            float(min(H, y0 + ys.max() + 1)),
        )
    else:
        box = (float(x0), float(y0), float(x0 + alpha.width), float(y0 + alpha.height))
    mark = StampMark(box, shape, "red" if ink.startswith("red") else ink, role, text)
    page.stamps.append(mark)
    return mark


def _multiply(
    img: Image.Image, alpha: Image.Image, pos: tuple[int, int], color: tuple[int, int, int]
) -> None:
    """Ink multiplies the paper: text under a seal stays visible, as with real seals."""
    x0, y0 = pos
    W, H = img.size
    ax0, ay0 = max(0, -x0), max(0, -y0)
    ax1, ay1 = min(alpha.width, W - x0), min(alpha.height, H - y0)
    if ax1 <= ax0 or ay1 <= ay0:
        return
    region = (x0 + ax0, y0 + ay0, x0 + ax1, y0 + ay1)
    base = np.asarray(img.crop(region), dtype=np.float32)
    a = np.asarray(alpha.crop((ax0, ay0, ax1, ay1)), dtype=np.float32)[..., None] / 255.0
    ink = np.array(color, dtype=np.float32) / 255.0
    out = base * (1 - a + a * ink)
    img.paste(Image.fromarray(out.clip(0, 255).astype(np.uint8)), region[:2])
