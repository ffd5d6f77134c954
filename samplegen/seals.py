"""Red seals the way Chinese agencies, police stations, committees, hospitals and firms make them.

A round official seal has a thick ring, the unit's name set along the upper arc, a
five-pointed star in the centre and a horizontal purpose line (业务专用章) below it; company
seals are sometimes oval, hospital/department seals sometimes square. Ink is uneven, so the
seal is eroded by a blurred noise mask, and it is printed with multiply blending: text under
the seal stays visible, as it does on paper.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from samplegen.canvas import HEI_BOLD, SONG_BOLD, Box, Page, font

INK_COLORS = ((200, 20, 30), (215, 35, 35), (225, 60, 40), (190, 25, 45), (230, 75, 45))


@dataclass(frozen=True)
class SealSpec:
    """What a seal says and how it looks."""

    text: str
    bottom: str = ""
    shape: str = "round"  # round | oval | square
    diameter_mm: float = 42.0
    color: tuple[int, int, int] = INK_COLORS[0]
    fade: float = 0.15  # 0 = full ink, 0.6 = very faded / partial
    angle: float = 0.0


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float) -> None:
    pts = []
    for i in range(10):
        rr = r if i % 2 == 0 else r * 0.382
        a = -math.pi / 2 + i * math.pi / 5
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    draw.polygon(pts, fill=255)


def _arc_text(
    mask: Image.Image, text: str, cx: float, cy: float, rx: float, ry: float, char_px: int, span_deg: float
) -> None:
    """Characters upright to the ring along the upper arc, reading clockwise from the left."""
    f = font(SONG_BOLD if len(text) < 14 else HEI_BOLD, char_px)
    n = len(text)
    start = -90 - span_deg / 2
    for i, ch in enumerate(text):
        a = start + span_deg * (i + 0.5) / n
        rad = math.radians(a)
        px, py = cx + rx * math.cos(rad), cy + ry * math.sin(rad)
        tile = Image.new("L", (char_px * 2, char_px * 2), 0)
        ImageDraw.Draw(tile).text((char_px, char_px), ch, font=f, fill=255, anchor="mm")
        tile = tile.resize((char_px * 2, round(char_px * 2 * 1.15)), Image.Resampling.BICUBIC)
        tile = tile.rotate(-(a + 90), resample=Image.Resampling.BICUBIC)
        mask.paste(255, (round(px - tile.width / 2), round(py - tile.height / 2)), tile)


def seal_mask(spec: SealSpec, dpi: int, rng: np.random.Generator) -> Image.Image:
    """The seal's ink coverage (L mode, 255 = full ink), unrotated and square-cropped."""
    d = round(spec.diameter_mm * dpi / 25.4)
    w, h = (d, round(d * 0.7)) if spec.shape == "oval" else (d, d)
    mask = Image.new("L", (w + 8, h + 8), 0)
    draw = ImageDraw.Draw(mask)
    ring = max(3, round(d * 0.03))
    box = (4, 4, 4 + w, 4 + h)
    cx, cy = 4 + w / 2, 4 + h / 2
    if spec.shape == "square":
        draw.rectangle(box, outline=255, width=ring)
        draw.rectangle(
            (4 + ring * 2, 4 + ring * 2, 4 + w - ring * 2, 4 + h - ring * 2),
            outline=255,
            width=max(1, ring // 3),
        )
        chars = spec.text
        cols = 3 if len(chars) > 6 else 2
        rows = math.ceil(len(chars) / cols)
        cw, ch_ = (w - ring * 6) / cols, (h - ring * 6) / rows
        f = font(SONG_BOLD, round(min(cw, ch_) * 0.85))
        # seal text reads top-to-bottom, right column first
        for i, c in enumerate(chars):
            col, row = cols - 1 - i // rows, i % rows
            draw.text(
                (4 + ring * 3 + cw * (col + 0.5), 4 + ring * 3 + ch_ * (row + 0.5)),
                c,
                font=f,
                fill=255,
                anchor="mm",
            )
    else:
        draw.ellipse(box, outline=255, width=ring)
        if spec.shape == "oval":
            char_px = round(h * (0.15 if len(spec.text) <= 12 else 0.13))
            span = 230.0
        else:
            char_px = round(d * (0.13 if len(spec.text) <= 12 else 0.11))
            span = min(250.0, 18.0 * len(spec.text) + 40)
        inset = ring + char_px * 0.75
        _arc_text(mask, spec.text, cx, cy, w / 2 - inset, h / 2 - inset, char_px, span)
        if spec.shape == "round":
            _star(draw, cx, cy - d * 0.02, d * 0.17)
        else:
            draw.ellipse(
                (cx - w * 0.3, cy - h * 0.22, cx + w * 0.3, cy + h * 0.22),
                outline=255,
                width=max(1, ring // 2),
            )
        if spec.bottom:
            bf = font(SONG_BOLD, round(d * (0.09 if spec.shape == "round" else 0.085)))
            by = cy + d * (0.28 if spec.shape == "round" else 0.0)
            draw.text((cx, by), spec.bottom, font=bf, fill=255, anchor="mm")
    return _erode(mask, spec.fade, rng)


def _erode(mask: Image.Image, fade: float, rng: np.random.Generator) -> Image.Image:
    """Uneven ink: blotchy density plus speckle dropouts; a high ``fade`` leaves a partial print."""
    a = np.asarray(mask, dtype=np.float32) / 255.0
    h, w = a.shape
    coarse = rng.random((max(2, h // 24), max(2, w // 24))).astype(np.float32)
    field = (
        np.asarray(
            Image.fromarray((coarse * 255).astype(np.uint8)).resize((w, h), Image.Resampling.BICUBIC),
            dtype=np.float32,
        )
        / 255.0
    )
    # one side of a stamp often gets less pressure
    gx = np.linspace(-1, 1, w, dtype=np.float32)[None, :] * rng.uniform(-0.5, 0.5)
    density = np.clip(1.15 - fade * 1.6 * field + gx * fade, 0.0, 1.0)
    speckle = rng.random((h, w)) > fade * 0.35
    out = a * density * speckle * rng.uniform(0.82, 0.97)
    img = Image.fromarray(np.clip(out * 255, 0, 255).astype(np.uint8))
    return img.filter(ImageFilter.GaussianBlur(0.6))


def stamp(page: Page, spec: SealSpec, center_mm: tuple[float, float], rng: np.random.Generator) -> Box:
    """Print the seal centred at ``center_mm`` with multiply blending; returns its pixel box."""
    mask = seal_mask(spec, page.dpi, rng)
    if spec.angle:
        mask = mask.rotate(spec.angle, resample=Image.Resampling.BICUBIC, expand=True)
    cx, cy = page.px(center_mm[0]), page.px(center_mm[1])
    x0, y0 = cx - mask.width // 2, cy - mask.height // 2
    base = np.asarray(page.img, dtype=np.float32)
    H, W = base.shape[:2]
    m = np.asarray(mask, dtype=np.float32) / 255.0
    sx0, sy0 = max(0, -x0), max(0, -y0)
    dx0, dy0 = max(0, x0), max(0, y0)
    dx1, dy1 = min(W, x0 + mask.width), min(H, y0 + mask.height)
    m = m[sy0 : sy0 + dy1 - dy0, sx0 : sx0 + dx1 - dx0, None]
    ink = np.array(spec.color, dtype=np.float32) / 255.0
    region = base[dy0:dy1, dx0:dx1]
    base[dy0:dy1, dx0:dx1] = region * (1 - m + m * ink)
    page.img.paste(Image.fromarray(np.clip(base, 0, 255).astype(np.uint8)))
    page.draw = ImageDraw.Draw(page.img)
    bb = mask.getbbox() or (0, 0, mask.width, mask.height)
    return (max(0, x0 + bb[0]), max(0, y0 + bb[1]), min(W, x0 + bb[2]), min(H, y0 + bb[3]))


def random_spec(
    rng: np.random.Generator, text: str, bottom: str = "", shape: str = "round", fade: float | None = None
) -> SealSpec:
    """A seal of ordinary variety: 38–45 mm, red to orange-red, mildly faded, slightly turned."""
    color = INK_COLORS[int(rng.integers(len(INK_COLORS)))]
    diameter = float(rng.uniform(38, 45)) if shape != "square" else float(rng.uniform(22, 28))
    f = float(rng.uniform(0.05, 0.3)) if fade is None else fade
    return SealSpec(text, bottom, shape, diameter, color, f, float(rng.uniform(-25, 25)))
