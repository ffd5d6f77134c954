"""Scan damage: skew, quarter turns, blur, JPEG, low dpi, grayscale, bilevel, phone photos.

Why: the window's scanners, fax-like copiers and phones ruin pages in
different ways. Only a phone photo's perspective changes the upright frame;
skew and quarter turns are undone by the pipeline, so truth boxes stay in the
drawn page's frame for them (this module maps what needs mapping).
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field

import cv2
import numpy as np
from PIL import Image, ImageEnhance, ImageFilter, ImageOps

from samplegen.window.canvas import DPI, Box, Page
from samplegen.window.geometry import PointMap, homography_map, map_box

TURNS = {
    90: Image.Transpose.ROTATE_90,
    180: Image.Transpose.ROTATE_180,
    270: Image.Transpose.ROTATE_270,
}
PROFILES = ("flatbed", "flatbed", "gray", "bilevel", "lowdpi", "phone", "copier_jpeg", "faded")


@dataclass
class Scan:
    """A page as it leaves the scanner: image, dpi, and truth in upright-page fractions."""

    image: Image.Image
    dpi: int
    fields: dict[str, tuple[object, list[float] | None]]
    stamps: list[tuple[list[float], str, str, str, bool]]  # bbox, shape, colour, role, text… (gray flag)
    ops: list[str] = field(default_factory=list)
    stamp_text: list[str] = field(default_factory=list)


def _frac(b: Box, w: float, h: float) -> list[float]:
    x0, y0, x1, y1 = max(0.0, b[0] / w), max(0.0, b[1] / h), min(1.0, b[2] / w), min(1.0, b[3] / h)
    return [round(x0, 4), round(y0, 4), round(x1, 4), round(y1, 4)]


def scan(page: Page, rng: random.Random, profile: str) -> Scan:
    """Apply one damage profile (with random strengths) to a drawn page."""
    img = page.image
    ops = [profile]
    boxes = {k: b for k, (_, b) in page.fields.items()}
    sboxes = [s.box for s in page.stamps]
    w, h = img.size
    gray = False
    if profile == "phone":
        img, f, (w, h) = _phone(img, rng)
        boxes = {k: None if b is None else map_box(b, f, (w, h)) for k, b in boxes.items()}
        sboxes = [map_box(b, f, (w, h)) for b in sboxes]
    elif rng.random() < 0.55:
        angle = rng.uniform(-3.0, 3.0)
        img = img.rotate(angle, resample=Image.Resampling.BILINEAR, expand=False, fillcolor=(255, 255, 255))
        ops.append(f"skew{angle:+.1f}")
    dpi = DPI
    if profile == "faded":  # toner running out, lid open: low contrast, washed out
        img = ImageEnhance.Contrast(img).enhance(rng.uniform(0.35, 0.55))
        img = ImageEnhance.Brightness(img).enhance(rng.uniform(1.05, 1.2))
    if profile in ("gray", "bilevel", "copier_jpeg") or (profile == "lowdpi" and rng.random() < 0.5):
        img = ImageOps.grayscale(img)
        gray = True
    if profile == "lowdpi":
        dpi = 150
        img = img.resize((round(img.width * 0.75), round(img.height * 0.75)), Image.Resampling.BILINEAR)
    if rng.random() < 0.5:
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.4, 1.2)))
        ops.append("blur")
    if profile == "bilevel":
        thr = rng.randint(135, 180)
        img = img.point(lambda v: 255 if v > thr else 0).convert("1", dither=Image.Dither.NONE)
    if profile in ("copier_jpeg", "phone") or (profile == "lowdpi" and rng.random() < 0.5):
        q = rng.randint(25, 60)
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=q)
        img = Image.open(io.BytesIO(buf.getvalue()))
        img.load()
        ops.append(f"jpeg{q}")
    turn = rng.choice([0, 0, 0, 0, 90, 180, 270])
    if turn:
        img = img.transpose(TURNS[turn])
        ops.append(f"turn{turn}")
    fields = {k: (page.fields[k][0], None if b is None else _frac(b, w, h)) for k, b in boxes.items()}
    stamps = [
        (_frac(b, w, h), s.shape, "gray" if (gray or s.copied) else "red", s.role, s.copied)
        for b, s in zip(sboxes, page.stamps, strict=True)
    ]
    return Scan(img, dpi, fields, stamps, ops, [s.text for s in page.stamps])


def _phone(img: Image.Image, rng: random.Random) -> tuple[Image.Image, PointMap, tuple[int, int]]:
    """A phone photo: the sheet in perspective on a desk, a soft shadow, warmer light."""
    w, h = img.size
    W, H = int(w * 1.12), int(h * 1.10)
    m = 0.05

    def j(x: float, y: float) -> tuple[float, float]:
        return x + rng.uniform(-m, m) * w * 0.6, y + rng.uniform(-m, m) * h * 0.6

    ox, oy = (W - w) / 2, (H - h) / 2
    dst = np.array([j(ox, oy), j(ox + w, oy), j(ox + w, oy + h), j(ox, oy + h)], dtype=np.float32)
    src = np.array([(0, 0), (w, 0), (w, h), (0, h)], dtype=np.float32)
    mat = np.asarray(cv2.getPerspectiveTransform(src, dst), dtype=np.float64)
    desk = tuple(int(v) for v in rng.choice([(96, 84, 70), (60, 62, 66), (140, 120, 96), (180, 180, 176)]))
    out = cv2.warpPerspective(
        np.asarray(img.convert("RGB")), mat, (W, H), borderMode=cv2.BORDER_CONSTANT, borderValue=desk
    )
    gen = np.random.default_rng(rng.randrange(2**32))
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    cx, cy = gen.uniform(0, W), gen.uniform(0, H)
    shade = 1 - 0.35 * np.exp(-(((xx - cx) / (W * 0.5)) ** 2 + ((yy - cy) / (H * 0.4)) ** 2))
    warm = np.array([1.0, 0.97, 0.9], dtype=np.float32)
    arr = out.astype(np.float32) * shade[..., None] * warm
    res = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    return res, homography_map(mat), (W, H)
