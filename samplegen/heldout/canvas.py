"""A page being drawn, in millimetres, that remembers where every value's ink went.

Truth boxes must cover real ink, so they are measured from the rendered glyph masks rather
than estimated from font metrics; ink is multiplied onto the paper so that seals and
overprinted text darken what lies under them, as on paper.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

import cv2
import numpy as np
from PIL import Image, ImageDraw

from samplegen.heldout.fonts import font

Rect = tuple[float, float, float, float]
Color = tuple[int, int, int]

INK_BLACK: Color = (28, 28, 30)
INK_BLUE: Color = (24, 40, 120)
INK_BLUEBLACK: Color = (30, 34, 70)
GLYPH_HEIGHT = 0.88  # CJK glyph height as a share of the em size


@dataclass
class SealMark:
    """A seal drawn on a sheet: where, what shape, ring text, ink and role (truth 'stamps')."""

    doc: str
    rect: Rect
    shape: str
    text: str
    ink: str
    role: str


@dataclass
class Sheet:
    """An RGB page of ``w_mm`` x ``h_mm`` at ``dpi``; ``marks`` maps (doc, field) to ink boxes in px."""

    w_mm: float
    h_mm: float
    dpi: int
    paper: Color = (250, 250, 247)
    arr: np.ndarray = field(init=False)
    marks: dict[tuple[str, str], list[Rect]] = field(default_factory=dict)
    seals: list[SealMark] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.arr = np.empty((self.h, self.w, 3), np.uint8)
        self.arr[:] = self.paper

    @property
    def w(self) -> int:
        return round(self.w_mm * self.dpi / 25.4)

    @property
    def h(self) -> int:
        return round(self.h_mm * self.dpi / 25.4)

    def px(self, mm: float) -> float:
        return mm * self.dpi / 25.4

    def record(self, doc: str, key: str, rect: Rect | None) -> None:
        """Remember that the value of ``key`` on document ``doc`` has ink in ``rect`` (px)."""
        if rect is not None:
            self.marks.setdefault((doc, key), []).append(rect)

    # --- ink -----------------------------------------------------------------------------
    def blend(self, mask: np.ndarray, x0: int, y0: int, color: Color, alpha: float = 1.0) -> Rect | None:
        """Multiply ``color`` onto the page through ``mask`` (0..1) placed at (x0, y0); ink box in px."""
        h, w = mask.shape
        ax0, ay0 = max(0, x0), max(0, y0)
        ax1, ay1 = min(self.w, x0 + w), min(self.h, y0 + h)
        if ax1 <= ax0 or ay1 <= ay0:
            return None
        m = mask[ay0 - y0 : ay1 - y0, ax0 - x0 : ax1 - x0].astype(np.float32) * alpha
        region = self.arr[ay0:ay1, ax0:ax1].astype(np.float32)
        ink = np.asarray(color, np.float32) / 255.0
        region *= 1.0 - m[..., None] * (1.0 - ink)
        self.arr[ay0:ay1, ax0:ax1] = np.clip(region, 0, 255).astype(np.uint8)
        ys, xs = np.nonzero(m > 0.3)
        if len(xs) == 0:
            return None
        return (
            float(ax0 + xs.min()),
            float(ay0 + ys.min()),
            float(ax0 + xs.max() + 1),
            float(ay0 + ys.max() + 1),
        )

    def text(
        self,
        x_mm: float,
        y_mm: float,
        s: str,
        size_mm: float,
        role: str = "sans",
        color: Color = INK_BLACK,
        anchor: str = "lm",
        angle: float = 0.0,
        alpha: float = 1.0,
    ) -> Rect | None:
        """Typeset ``s`` with its ``anchor`` at (x_mm, y_mm); returns the ink box in px."""
        if not s:
            return None
        mask, (ox, oy) = text_mask(s, role, self.px(size_mm), anchor, angle)
        return self.blend(mask, round(self.px(x_mm) + ox), round(self.px(y_mm) + oy), color, alpha)

    def text_width(self, s: str, size_mm: float, role: str = "sans") -> float:
        """Advance width of ``s`` in mm."""
        f = font(role, round(self.px(size_mm) / GLYPH_HEIGHT))
        return f.getlength(s) * 25.4 / self.dpi

    def hand(
        self,
        x_mm: float,
        y_mm: float,
        s: str,
        size_mm: float,
        rng: random.Random,
        color: Color = INK_BLUEBLACK,
        slant: float = 0.0,
    ) -> Rect | None:
        """Write ``s`` character by character with a wobbling baseline, size and angle (UKai)."""
        x = self.px(x_mm)
        y = self.px(y_mm)
        box: Rect | None = None
        drift = rng.uniform(-0.04, 0.04)
        for i, ch in enumerate(s):
            size = self.px(size_mm) * rng.uniform(0.9, 1.1)
            if ch == " ":
                x += size * 0.5
                continue
            mask, (ox, oy) = text_mask(ch, "hand", size, "lm", rng.uniform(-6, 6) + slant)
            dy = rng.uniform(-0.08, 0.08) * size + drift * i * size
            r = self.blend(mask, round(x + ox), round(y + dy + oy), color, rng.uniform(0.85, 1.0))
            box = union(box, r)
            f = font("hand", round(size / GLYPH_HEIGHT))
            x += f.getlength(ch) * rng.uniform(0.86, 1.02)
        return box

    # --- lines ---------------------------------------------------------------------------
    def line(
        self, x0: float, y0: float, x1: float, y1: float, width_mm: float = 0.3, color: Color = INK_BLACK
    ) -> None:
        p0 = (round(self.px(x0)), round(self.px(y0)))
        p1 = (round(self.px(x1)), round(self.px(y1)))
        cv2.line(self.arr, p0, p1, color, max(1, round(self.px(width_mm))), cv2.LINE_AA)

    def box(
        self, x0: float, y0: float, x1: float, y1: float, width_mm: float = 0.3, color: Color = INK_BLACK
    ) -> None:
        for a, b, c, d in ((x0, y0, x1, y0), (x1, y0, x1, y1), (x1, y1, x0, y1), (x0, y1, x0, y0)):
            self.line(a, b, c, d, width_mm, color)

    def fill(self, x0: float, y0: float, x1: float, y1: float, color: Color) -> None:
        a, b, c, d = (round(self.px(v)) for v in (x0, y0, x1, y1))
        self.arr[max(0, b) : min(self.h, d), max(0, a) : min(self.w, c)] = color

    def image(self) -> Image.Image:
        return Image.fromarray(self.arr, "RGB")


def text_mask(
    s: str, role: str, size_px: float, anchor: str, angle: float = 0.0
) -> tuple[np.ndarray, tuple[int, int]]:
    """Coverage mask (0..1) of ``s`` and the offset of its top-left corner from the anchor point."""
    f = font(role, round(size_px / GLYPH_HEIGHT))
    left, top, right, bottom = f.getbbox(s, anchor=anchor)
    pad = 2
    img = Image.new("L", (int(right - left) + 2 * pad, int(bottom - top) + 2 * pad), 0)
    ImageDraw.Draw(img).text((pad - left, pad - top), s, font=f, fill=255, anchor=anchor)
    ox, oy = left - pad, top - pad
    if angle:
        cx, cy = -ox, -oy  # anchor point inside the mask
        w0, h0 = img.size
        img = img.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
        # the anchor moves with the rotation; keep it fixed on the page
        rad = math.radians(angle)
        dx, dy = cx - w0 / 2, cy - h0 / 2
        nx = dx * math.cos(rad) + dy * math.sin(rad) + img.size[0] / 2
        ny = -dx * math.sin(rad) + dy * math.cos(rad) + img.size[1] / 2
        ox, oy = round(-nx), round(-ny)
    return np.asarray(img, np.float32) / 255.0, (int(ox), int(oy))


def union(a: Rect | None, b: Rect | None) -> Rect | None:
    """Smallest rectangle holding both (either may be missing)."""
    if a is None:
        return b
    if b is None:
        return a
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))
