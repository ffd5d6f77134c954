"""Seals as ink on paper: round official seals, oval seals, framed rectangular stamps and small
personal name seals, in any ink, turned, worn, faint, cut by the page edge.

A seal is drawn as an ink-coverage mask (0..1) and pressed onto the sheet with a multiply blend,
so printed text and table rules stay visible through it, as they do through real stamp ink.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image, ImageDraw

from samplegen.counter.canvas import Sheet
from samplegen.counter.fonts import font
from samplegen.counter.geometry import Box

INKS: dict[str, tuple[tuple[int, int, int], ...]] = {
    "red": ((206, 32, 44), (222, 48, 58), (188, 26, 52), (214, 60, 50)),
    "blue": ((36, 70, 178), (30, 90, 190), (52, 60, 150)),
    "purple": ((118, 44, 150), (98, 52, 140), (140, 50, 130)),
    "black": ((38, 36, 40), (55, 55, 60)),
}


@dataclass
class SealSpec:
    """What is carved on a seal and how it is inked."""

    kind: str  # round | oval | rect | name
    text: str  # the organisation (ring text), the stamp's wording, or the person's name
    inner: str = ""  # horizontal line under the star / in the middle
    number: str = ""  # a code along the bottom arc or under the inner line
    lines: tuple[str, ...] = ()  # rect: the lines of the stamp, top to bottom
    ink: str = "red"
    width_mm: float = 40.0
    height_mm: float = 40.0
    angle: float = 0.0
    star: bool = True
    double_frame: bool = False
    filled: bool = False  # name seal carved white-on-red (白文)
    density: float = 0.85  # overall ink
    wear: float = 0.2  # 0 clean .. 1 badly worn rubber
    missing: float = 0.0  # share of the seal that took no ink (pressed unevenly)
    role: str = "unknown"  # agency | issuer | unknown

    @property
    def shape(self) -> str:
        return {"round": "round", "oval": "oval"}.get(self.kind, "square")


@dataclass
class StampMark:
    """A seal as it landed: the visible part's pixel box on the upright page."""

    spec: SealSpec
    box: Box


def press(sheet: Sheet, spec: SealSpec, center: tuple[float, float], rng: random.Random) -> StampMark | None:
    """Press ``spec`` centred at ``center`` (pixels; may lie near or past the edge)."""
    ppm = sheet.dpi / 25.4
    alpha = _inked(_carve(spec, ppm * 2.0), spec, rng)
    alpha = cv2.resize(
        alpha, (max(2, alpha.shape[1] // 2), max(2, alpha.shape[0] // 2)), interpolation=cv2.INTER_AREA
    )
    alpha = _turn(alpha, spec.angle)
    h, w = alpha.shape
    x0, y0 = round(center[0] - w / 2), round(center[1] - h / 2)
    px0, py0 = max(0, x0), max(0, y0)
    px1, py1 = min(sheet.width, x0 + w), min(sheet.height, y0 + h)
    if px1 <= px0 or py1 <= py0:
        return None
    a = alpha[py0 - y0 : py1 - y0, px0 - x0 : px1 - x0]
    ink = np.array(rng.choice(INKS[spec.ink]), dtype=np.float32) / 255.0
    region = np.asarray(sheet.img.crop((px0, py0, px1, py1)), dtype=np.float32)
    region *= 1.0 - a[..., None] * (1.0 - ink[None, None, :])
    sheet.img.paste(Image.fromarray(np.clip(region, 0, 255).astype(np.uint8), "RGB"), (px0, py0))
    ys, xs = np.nonzero(a > 0.22)
    if len(xs) < 12:
        return None
    box = (float(px0 + xs.min()), float(py0 + ys.min()), float(px0 + xs.max() + 1), float(py0 + ys.max() + 1))
    return StampMark(spec, box)


def _carve(spec: SealSpec, ppm: float) -> np.ndarray:
    """The seal's face at ``ppm`` pixels per mm, upright, as float coverage 0..1."""
    if spec.kind == "round":
        return _round(spec, ppm)
    if spec.kind == "oval":
        return _oval(spec, ppm)
    if spec.kind == "name":
        return _name(spec, ppm)
    return _rect(spec, ppm)


def _canvas(w_mm: float, h_mm: float, ppm: float) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    img = Image.new("L", (int(w_mm * ppm) + 8, int(h_mm * ppm) + 8), 0)
    return img, ImageDraw.Draw(img)


def _glyph_tile(ch: str, px: int, role: str, squeeze: float) -> Image.Image:
    fnt = font(role, px)
    tile = Image.new("L", (int(px * 1.4), int(px * 1.4)), 0)
    ImageDraw.Draw(tile).text((tile.width / 2, tile.height / 2), ch, font=fnt, fill=255, anchor="mm")
    if squeeze != 1.0:
        tile = tile.resize((max(2, int(tile.width * squeeze)), tile.height), Image.Resampling.BICUBIC)
    return tile


def _place(img: Image.Image, tile: Image.Image, cx: float, cy: float, rot: float) -> None:
    t = tile.rotate(rot, resample=Image.Resampling.BICUBIC, expand=True)
    x, y = round(cx - t.width / 2), round(cy - t.height / 2)
    base = np.asarray(img, dtype=np.uint8).copy()
    arr = np.asarray(t, dtype=np.uint8)
    x0, y0 = max(0, x), max(0, y)
    x1, y1 = min(base.shape[1], x + t.width), min(base.shape[0], y + t.height)
    if x1 > x0 and y1 > y0:
        sub = arr[y0 - y : y1 - y, x0 - x : x1 - x]
        base[y0:y1, x0:x1] = np.maximum(base[y0:y1, x0:x1], sub)
        img.paste(Image.fromarray(base))


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float) -> None:
    pts = []
    for k in range(10):
        rad = r if k % 2 == 0 else r * 0.382
        ang = math.radians(90 + 36 * k)
        pts.append((cx + rad * math.cos(ang), cy - rad * math.sin(ang)))
    draw.polygon(pts, fill=255)


def _arc_text(
    img: Image.Image,
    text: str,
    cx: float,
    cy: float,
    rx: float,
    ry: float,
    span_deg: float,
    px: int,
    squeeze: float,
    bottom: bool = False,
    role: str = "song_bold",
) -> None:
    """Characters along the upper (or lower) arc of an ellipse, tops outward (inward below)."""
    n = len(text)
    if n == 0:
        return
    centre = 270.0 if bottom else 90.0
    ts = np.radians(np.linspace(centre - span_deg / 2, centre + span_deg / 2, 721))
    pts = np.stack([rx * np.cos(ts), ry * np.sin(ts)], axis=1)
    seg = np.r_[0.0, np.cumsum(np.hypot(*np.diff(pts, axis=0).T))]
    targets = np.linspace(0, seg[-1], n) if n > 1 else np.array([seg[-1] / 2])
    for i in range(n):
        k = int(np.searchsorted(seg, targets[i]))
        k = min(k, len(ts) - 1)
        t = ts[k]
        x, y = rx * math.cos(t), ry * math.sin(t)
        normal = math.degrees(math.atan2(math.sin(t) / ry, math.cos(t) / rx))
        rot = normal - 90.0 if not bottom else normal + 90.0
        idx = i if bottom else n - 1 - i  # upper arc reads left to right: clockwise
        _place(img, _glyph_tile(text[idx], px, role, squeeze), cx + x, cy - y, rot)


def _round(spec: SealSpec, ppm: float) -> np.ndarray:
    d = spec.width_mm
    img, draw = _canvas(d, d, ppm)
    c = img.width / 2
    r = d * ppm / 2
    rim = max(2.0, d * 0.03 * ppm)
    draw.ellipse((c - r, c - r, c + r, c + r), outline=255, width=int(rim))
    n = max(1, len(spec.text))
    px = int(d * ppm * (0.135 if n <= 12 else 0.115 if n <= 16 else 0.1))
    span = min(225.0, 19.0 * n + 10) if n > 3 else 90.0
    tr = r - rim - px * 0.62
    _arc_text(img, spec.text, c, c, tr, tr, span, px, 0.78 if n > 10 else 0.9)
    if spec.star:
        _star(draw, c, c - d * ppm * 0.02, d * ppm * 0.15)
    if spec.inner:
        ipx = int(d * ppm * 0.085)
        fnt = font("song_bold", ipx)
        wmax = d * ppm * 0.46
        while fnt.getlength(spec.inner) > wmax and ipx > 6:
            ipx -= 1
            fnt = font("song_bold", ipx)
        draw.text((c, c + d * ppm * 0.24), spec.inner, font=fnt, fill=255, anchor="mm")
    if spec.number:
        npx = int(d * ppm * 0.055)
        if len(spec.number) > 8:
            _arc_text(
                img,
                spec.number,
                c,
                c,
                r - rim - npx * 0.8,
                r - rim - npx * 0.8,
                70.0,
                npx,
                0.8,
                bottom=True,
                role="hei",
            )
        else:
            draw.text((c, c + d * ppm * 0.34), spec.number, font=font("hei", npx), fill=255, anchor="mm")
    return np.asarray(img, dtype=np.float32) / 255.0


def _oval(spec: SealSpec, ppm: float) -> np.ndarray:
    w, h = spec.width_mm, spec.height_mm
    img, draw = _canvas(w, h, ppm)
    cx, cy = img.width / 2, img.height / 2
    rx, ry = w * ppm / 2, h * ppm / 2
    rim = max(2.0, 0.9 * ppm)
    draw.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), outline=255, width=int(rim))
    if spec.double_frame:
        g = 1.6 * ppm
        draw.ellipse(
            (cx - rx + g, cy - ry + g, cx + rx - g, cy + ry - g), outline=255, width=max(1, int(rim * 0.4))
        )
        inset = g + rim * 0.4
    else:
        inset = rim
    n = max(1, len(spec.text))
    px = int(h * ppm * (0.17 if n <= 10 else 0.14))
    _arc_text(
        img,
        spec.text,
        cx,
        cy,
        rx - inset - px * 0.62,
        ry - inset - px * 0.62,
        min(200.0, 16.0 * n + 20),
        px,
        0.72,
    )
    if spec.number:
        npx = int(h * ppm * 0.12)
        draw.text((cx, cy + h * ppm * 0.02), spec.number, font=font("hei", npx), fill=255, anchor="mm")
    if spec.inner:
        ipx = int(h * ppm * 0.14)
        draw.text((cx, cy + h * ppm * 0.25), spec.inner, font=font("song_bold", ipx), fill=255, anchor="mm")
    elif spec.star:
        _star(draw, cx, cy - h * ppm * 0.06, h * ppm * 0.14)
    return np.asarray(img, dtype=np.float32) / 255.0


def _rect(spec: SealSpec, ppm: float) -> np.ndarray:
    w, h = spec.width_mm, spec.height_mm
    img, draw = _canvas(w, h, ppm)
    x0, y0, x1, y1 = 4, 4, 4 + w * ppm, 4 + h * ppm
    fw = max(2, int(0.7 * ppm))
    draw.rectangle((x0, y0, x1, y1), outline=255, width=fw)
    if spec.double_frame:
        g = 1.3 * ppm
        draw.rectangle((x0 + g, y0 + g, x1 - g, y1 - g), outline=255, width=max(1, fw // 2))
    lines = spec.lines or (spec.text,)
    inner_h = h * ppm * (0.78 if spec.double_frame else 0.86)
    slot = inner_h / len(lines)
    for i, ln in enumerate(lines):
        px = int(min(slot * 0.62, h * ppm * 0.34))
        role = "hei_bold" if i == 0 else "song_bold"
        fnt = font(role, px)
        while fnt.getlength(ln) > (x1 - x0) * 0.86 and px > 6:
            px -= 1
            fnt = font(role, px)
        cy = (y0 + y1) / 2 - inner_h / 2 + slot * (i + 0.5)
        draw.text(((x0 + x1) / 2, cy), ln, font=fnt, fill=255, anchor="mm")
    return np.asarray(img, dtype=np.float32) / 255.0


def _name(spec: SealSpec, ppm: float) -> np.ndarray:
    s = spec.width_mm
    img, draw = _canvas(s, s, ppm)
    x0, y0, x1, y1 = 4, 4, 4 + s * ppm, 4 + s * ppm
    chars = spec.text + ("印" if len(spec.text) == 3 else "之印" if len(spec.text) == 2 else "")
    chars = chars[:4].ljust(4, "印")
    cell = (x1 - x0) / 2
    if spec.filled:
        draw.rectangle((x0, y0, x1, y1), fill=255)
    else:
        draw.rectangle((x0, y0, x1, y1), outline=255, width=max(2, int(0.8 * ppm)))
    tiles = Image.new("L", img.size, 0)
    # right column top to bottom, then the left column: how a seal is read
    order = [(1, 0), (1, 1), (0, 0), (0, 1)]
    for ch, (col, row) in zip(chars, order, strict=True):
        tile = _glyph_tile(ch, int(cell * 0.86), "song_bold", 1.0)
        _place(tiles, tile, x0 + cell * (col + 0.5), y0 + cell * (row + 0.5), 0.0)
    arr = np.asarray(img, dtype=np.float32) / 255.0
    t = np.asarray(tiles, dtype=np.float32) / 255.0
    if spec.filled:
        return np.clip(arr - t, 0, 1)
    return np.maximum(arr, t)


def _turn(alpha: np.ndarray, angle: float) -> np.ndarray:
    if abs(angle) < 0.01:
        return alpha
    img = Image.fromarray((alpha * 255).astype(np.uint8), "L")
    return (
        np.asarray(img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True), dtype=np.float32)
        / 255.0
    )


def _smooth_noise(shape: tuple[int, int], cells: int, rng: np.random.Generator) -> np.ndarray:
    small = rng.random((cells, cells)).astype(np.float32)
    return cv2.resize(small, (shape[1], shape[0]), interpolation=cv2.INTER_CUBIC)


def _inked(alpha: np.ndarray, spec: SealSpec, rng: random.Random) -> np.ndarray:
    """Uneven ink: density, pressure gradient, worn rubber specks, a part that took no ink."""
    nrng = np.random.default_rng(rng.randrange(2**32))
    h, w = alpha.shape
    level = spec.density * (1.0 - 0.45 * spec.wear * _smooth_noise((h, w), 6, nrng))
    a = alpha * np.clip(level, 0, 1)
    if spec.wear > 0:
        specks = _smooth_noise((h, w), max(8, w // 6), nrng)
        a *= (specks > spec.wear * 0.45).astype(np.float32) * 0.85 + 0.15
    if spec.missing > 0:
        theta = nrng.uniform(0, 2 * np.pi)
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        proj = ((xx - w / 2) * np.cos(theta) + (yy - h / 2) * np.sin(theta)) / (max(w, h) / 2)
        cut = 1.0 - 2.0 * spec.missing
        fade = np.clip((proj - cut) * 4.0, 0, 1)
        a *= 1.0 - fade
    a = cv2.GaussianBlur(a, (0, 0), 0.8)
    return np.clip(a, 0, 1)
