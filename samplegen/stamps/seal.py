"""Seal engravings: round, double-ring, oval, rectangular wording, receipt and square name seals.

``engrave`` draws one seal upright as two float masks of the same size: the ink of a perfect
impression, and the seal's outline filled (the truth box is taken from the outline, so a faded
rim does not shrink it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageChops, ImageDraw

from samplegen.stamps.fonts import font
from samplegen.stamps.ink import Array

# kind -> truth shape (kernel.schema.Stamp.shape allows round / oval / square only)
SHAPES: dict[str, str] = {
    "round": "round",
    "round2": "round",
    "oval": "oval",
    "rect": "square",
    "boxed": "square",
    "receipt": "square",
    "name": "square",
}


@dataclass
class SealSpec:
    """What is engraved: ``kind`` (see SHAPES), ring or main text, centre/bottom text, size."""

    kind: str
    text: str
    centre: str = ""
    w_mm: float = 42.0
    h_mm: float = 42.0
    serial: str = ""
    star: bool = True
    border: bool = True
    inverse: bool = False  # name seal cut in relief: white characters on solid ink


def _glyph(ch: str, face: str, size: int, angle_deg: float) -> Image.Image:
    box = int(size * 1.6)
    img = Image.new("L", (box, box), 0)
    ImageDraw.Draw(img).text((box / 2, box / 2), ch, fill=255, font=font(face, size), anchor="mm")
    return img.rotate(-angle_deg, resample=Image.Resampling.BICUBIC)


def _stamp_glyph(canvas: Image.Image, glyph: Image.Image, cx: float, cy: float) -> None:
    x, y = round(cx - glyph.width / 2), round(cy - glyph.height / 2)
    layer = Image.new("L", canvas.size, 0)
    layer.paste(glyph, (x, y))
    canvas.paste(ImageChops.lighter(canvas, layer))


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float) -> None:
    pts = []
    for i in range(10):
        rad = r if i % 2 == 0 else r * 0.382
        ang = -math.pi / 2 + i * math.pi / 5
        pts.append((cx + rad * math.cos(ang), cy + rad * math.sin(ang)))
    draw.polygon(pts, fill=255)


def _ellipse_text(
    canvas: Image.Image,
    text: str,
    cx: float,
    cy: float,
    a: float,
    b: float,
    size: int,
    span: float,
    face: str,
) -> None:
    """Characters along the top of an ellipse (a circle when a == b), read left to right."""
    n = len(text)
    for i, ch in enumerate(text):
        t = -span / 2 + span * (i + 0.5) / n if n > 1 else 0.0
        x, y = cx + a * math.sin(t), cy - b * math.cos(t)
        tangent = math.degrees(math.atan2(b * math.sin(t), a * math.cos(t)))
        _stamp_glyph(canvas, _glyph(ch, face, size, tangent), x, y)


def _bottom_text(canvas: Image.Image, text: str, cx: float, cy: float, r: float, size: int) -> None:
    """Small characters (a serial number) along the bottom of a circle, read left to right."""
    n = len(text)
    span = min(math.radians(6.5) * n, math.radians(110))
    for i, ch in enumerate(text):
        t = span / 2 - span * (i + 0.5) / n
        x, y = cx + r * math.sin(t), cy + r * math.cos(t)
        _stamp_glyph(canvas, _glyph(ch, "sans", size, -math.degrees(t)), x, y)


def _round(spec: SealSpec, k: float, ink: Image.Image, outline: Image.Image, double: bool) -> None:
    w, h = ink.size
    cx, cy = w / 2, h / 2
    r = spec.w_mm / 2 * k
    ring = (1.1 if not double else 1.5) * k
    d = ImageDraw.Draw(ink)
    d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=255, width=max(2, int(ring)))
    ImageDraw.Draw(outline).ellipse((cx - r, cy - r, cx + r, cy + r), fill=255)
    inner = r - ring
    if double:
        gap = 1.3 * k
        inner = r - ring - gap
        d.ellipse((cx - inner, cy - inner, cx + inner, cy + inner), outline=255, width=max(1, int(0.45 * k)))
    size = int(min(0.2 * spec.w_mm * k, 2 * math.pi * inner * 0.62 / max(6, len(spec.text))))
    span = min(math.radians(235), math.radians(18) * len(spec.text) + math.radians(60))
    text_r = inner - 0.62 * size
    _ellipse_text(ink, spec.text, cx, cy, text_r, text_r, size, span, "serif_bold")
    if spec.star:
        _star(d, cx, cy, 0.19 * spec.w_mm * k)
    if spec.centre:
        csize = int(0.1 * spec.w_mm * k)
        d.text((cx, cy + 0.3 * r), spec.centre, fill=255, font=font("serif_bold", csize), anchor="mm")
    if spec.serial:
        _bottom_text(ink, spec.serial, cx, cy, inner - 0.35 * k * 2.2, int(2.2 * k))


def _oval(spec: SealSpec, k: float, ink: Image.Image, outline: Image.Image) -> None:
    w, h = ink.size
    cx, cy = w / 2, h / 2
    a, b = spec.w_mm / 2 * k, spec.h_mm / 2 * k
    ring = 1.0 * k
    ImageDraw.Draw(ink).ellipse((cx - a, cy - b, cx + a, cy + b), outline=255, width=max(2, int(ring)))
    ImageDraw.Draw(outline).ellipse((cx - a, cy - b, cx + a, cy + b), fill=255)
    size = int(min(0.16 * spec.h_mm * k, 2 * math.pi * b * 0.7 / max(6, len(spec.text))))
    _ellipse_text(
        ink,
        spec.text,
        cx,
        cy,
        a - ring - 0.7 * size,
        b - ring - 0.7 * size,
        size,
        math.radians(200),
        "serif_bold",
    )
    d = ImageDraw.Draw(ink)
    if spec.star:
        _star(d, cx, cy - 0.05 * b, 0.14 * spec.h_mm * k)
    if spec.serial:
        d.text((cx, cy + 0.22 * b), spec.serial, fill=255, font=font("sans", int(2.4 * k)), anchor="mm")
    if spec.centre:
        csize = int(min(0.13 * spec.h_mm * k, 1.2 * a / max(3, len(spec.centre))))
        d.text((cx, cy + 0.55 * b), spec.centre, fill=255, font=font("serif_bold", csize), anchor="mm")


def _rect(spec: SealSpec, k: float, ink: Image.Image, outline: Image.Image) -> None:
    w, h = ink.size
    bw, bh = spec.w_mm * k, spec.h_mm * k
    x0, y0 = (w - bw) / 2, (h - bh) / 2
    d = ImageDraw.Draw(ink)
    lines = [ln for ln in [spec.text, spec.centre] if ln]
    if spec.border:
        d.rectangle((x0, y0, x0 + bw, y0 + bh), outline=255, width=max(2, int(0.8 * k)))
        if spec.kind == "boxed":
            m = 1.2 * k
            d.rectangle((x0 + m, y0 + m, x0 + bw - m, y0 + bh - m), outline=255, width=max(1, int(0.35 * k)))
        ImageDraw.Draw(outline).rectangle((x0, y0, x0 + bw, y0 + bh), fill=255)
    rows = len(lines)
    for i, line in enumerate(lines):
        share = 0.62 if spec.kind == "boxed" and i == 1 else (0.5 if rows > 1 else 0.62)
        size = int(min(bh * share / (1.0 if rows == 1 else 1.25), bw * 0.86 / max(1, len(line))))
        if spec.kind in ("receipt", "boxed") and i == 0 and rows > 1:
            size = int(min(bh * 0.3, bw * 0.86 / max(1, len(line))))
        ty = y0 + bh * (i + 0.5) / rows
        d.text(
            (w / 2, ty), line, fill=255, font=font("serif_bold" if i == 0 else "sans_bold", size), anchor="mm"
        )
    if not spec.border:
        box = ink.getbbox()
        if box:
            ImageDraw.Draw(outline).rectangle(box, fill=255)


def _name(spec: SealSpec, k: float, ink: Image.Image, outline: Image.Image) -> None:
    w, h = ink.size
    s = spec.w_mm * k
    x0, y0 = (w - s) / 2, (h - s) / 2
    d = ImageDraw.Draw(ink)
    ImageDraw.Draw(outline).rectangle((x0, y0, x0 + s, y0 + s), fill=255)
    chars = spec.text
    if spec.inverse:
        d.rectangle((x0, y0, x0 + s, y0 + s), fill=255)
    else:
        d.rectangle((x0, y0, x0 + s, y0 + s), outline=255, width=max(2, int(0.9 * k)))
    # seal script order: right column top to bottom, then the left column
    cells = [(1, 0), (1, 1), (0, 0), (0, 1)]
    size = int(s * 0.4)
    fill = 0 if spec.inverse else 255
    for ch, (col, row) in zip(chars, cells, strict=False):
        cx = x0 + s * (0.27 + 0.46 * col)
        cy = y0 + s * (0.27 + 0.46 * row)
        d.text((cx, cy), ch, fill=fill, font=font("kai", size), anchor="mm")


def engrave(spec: SealSpec, px_per_mm: float) -> tuple[Array, Array]:
    """The seal drawn upright: (ink 0..1, outline filled 0..1), a margin around it."""
    k = px_per_mm
    w = int((spec.w_mm + 6) * k)
    h = int((spec.h_mm + 6) * k)
    ink = Image.new("L", (w, h), 0)
    outline = Image.new("L", (w, h), 0)
    if spec.kind in ("round", "round2"):
        _round(spec, k, ink, outline, spec.kind == "round2")
    elif spec.kind == "oval":
        _oval(spec, k, ink, outline)
    elif spec.kind == "name":
        _name(spec, k, ink, outline)
    else:
        _rect(spec, k, ink, outline)
    to = np.float32(1.0 / 255.0)
    return np.asarray(ink, dtype=np.float32) * to, np.asarray(outline, dtype=np.float32) * to
