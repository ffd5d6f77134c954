"""A sheet of paper being printed on and written on, that remembers where each value went."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, ImageDraw

from samplegen.counter.fonts import FontT, font
from samplegen.counter.geometry import Box, union

RGB = tuple[int, int, int]

INK: RGB = (22, 22, 24)
PRINT_RED: RGB = (214, 38, 38)
PENS: tuple[RGB, ...] = ((18, 28, 92), (20, 20, 28), (30, 40, 120), (35, 35, 40))

A4_MM = (210.0, 297.0)


@dataclass
class Sheet:
    """An upright page at ``dpi``; every drawing call returns the pixel box it covered."""

    img: Image.Image
    dpi: int
    rng: random.Random
    draw: ImageDraw.ImageDraw = field(init=False)

    def __post_init__(self) -> None:
        self.draw = ImageDraw.Draw(self.img)

    @classmethod
    def a4(cls, dpi: int, rng: random.Random, paper: RGB = (255, 255, 255), landscape: bool = False) -> Sheet:
        w_mm, h_mm = (A4_MM[1], A4_MM[0]) if landscape else A4_MM
        w, h = round(w_mm * dpi / 25.4), round(h_mm * dpi / 25.4)
        return cls(Image.new("RGB", (w, h), paper), dpi, rng)

    @property
    def width(self) -> int:
        return self.img.width

    @property
    def height(self) -> int:
        return self.img.height

    def mm(self, v: float) -> float:
        """Millimetres to pixels."""
        return v * self.dpi / 25.4

    def pt(self, size_pt: float) -> int:
        """A font size in points to pixels."""
        return max(6, round(size_pt * self.dpi / 72.0))

    def text(
        self,
        xy: tuple[float, float],
        s: str,
        fnt: FontT,
        fill: RGB = INK,
        anchor: str = "ls",
        spacing: float = 0.0,
    ) -> Box:
        """Print ``s``; ``spacing`` adds pixels between characters (wide-set form labels)."""
        if not s:
            x, y = xy
            return (x, y, x + 1, y + 1)
        if spacing <= 0:
            self.draw.text(xy, s, font=fnt, fill=fill, anchor=anchor)
            return _box(self.draw.textbbox(xy, s, font=fnt, anchor=anchor))
        total = sum(fnt.getlength(ch) for ch in s) + spacing * (len(s) - 1)
        x, y = xy
        if anchor[0] == "m":
            x -= total / 2
        elif anchor[0] == "r":
            x -= total
        vert = "l" + anchor[1]
        boxes: list[Box | None] = []
        for ch in s:
            self.draw.text((x, y), ch, font=fnt, fill=fill, anchor=vert)
            boxes.append(_box(self.draw.textbbox((x, y), ch, font=fnt, anchor=vert)))
            x += fnt.getlength(ch) + spacing
        return union(boxes) or (x, y, x + 1, y + 1)

    def width_of(self, s: str, fnt: FontT) -> float:
        return float(fnt.getlength(s))

    def fit(self, s: str, role: str, px: int, max_w: float, min_px: int = 8) -> FontT:
        """The largest font of ``role`` up to ``px`` in which ``s`` fits ``max_w``."""
        size = px
        while size > min_px and font(role, size).getlength(s) > max_w:
            size -= 1
        return font(role, size)

    def hand(
        self,
        xy: tuple[float, float],
        s: str,
        px: int,
        pen: RGB | None = None,
        slant: float = 4.0,
        jitter: float = 0.12,
        role: str = "kai",
    ) -> Box:
        """Write ``s`` by hand from baseline-left ``xy``: Kai glyphs, each turned, lifted and sized
        a little differently, with uneven pressure."""
        pen = pen or self.rng.choice(PENS)
        x, y = xy
        boxes: list[Box | None] = []
        for ch in s:
            if ch == " ":
                x += px * 0.4
                continue
            size = max(6, round(px * (1 + self.rng.uniform(-jitter, jitter))))
            fnt = font(role, size)
            glyph = _glyph(
                ch, fnt, pen, self.rng.uniform(-slant, slant) - slant * 0.3, self.rng.uniform(0.75, 1.0)
            )
            gx = round(x + self.rng.uniform(-0.06, 0.06) * px)
            gy = round(y - glyph.height * 0.86 + self.rng.uniform(-jitter, jitter) * px * 0.6)
            self.img.paste(glyph, (gx, gy), glyph)
            bb = glyph.getchannel("A").getbbox()
            if bb is not None:
                boxes.append((gx + bb[0], gy + bb[1], gx + bb[2], gy + bb[3]))
            advance = fnt.getlength(ch)
            x += advance * self.rng.uniform(0.88, 1.04)
        return union(boxes) or (xy[0], xy[1] - px, xy[0] + 1, xy[1])

    def line(self, p0: tuple[float, float], p1: tuple[float, float], fill: RGB = INK, width: int = 1) -> None:
        self.draw.line([p0, p1], fill=fill, width=width)

    def rect(self, box: Box, outline: RGB = INK, width: int = 1, fill: RGB | None = None) -> None:
        self.draw.rectangle(box, outline=outline, width=width, fill=fill)

    def restore(self, img: Image.Image) -> None:
        """Start again from a copy of ``img``."""
        self.img = img.copy()
        self.draw = ImageDraw.Draw(self.img)

    def array(self) -> np.ndarray:
        return np.asarray(self.img, dtype=np.uint8)

    def set_array(self, arr: np.ndarray) -> None:
        self.img = Image.fromarray(arr.astype(np.uint8), "RGB")
        self.draw = ImageDraw.Draw(self.img)


def _box(b: tuple[float, float, float, float] | tuple[int, int, int, int]) -> Box:
    return (float(b[0]), float(b[1]), float(b[2]), float(b[3]))


def _glyph(ch: str, fnt: FontT, pen: RGB, angle: float, pressure: float) -> Image.Image:
    """One handwritten character on a transparent tile, turned by ``angle`` degrees."""
    bb = fnt.getbbox(ch)
    w, h = int(bb[2] + 6), int(fnt.size * 1.35)
    tile = Image.new("L", (w, h), 0)
    ImageDraw.Draw(tile).text((3, int(fnt.size * 1.1)), ch, font=fnt, fill=int(255 * pressure), anchor="ls")
    tile = tile.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
    out = Image.new("RGBA", tile.size, (*pen, 0))
    out.putalpha(tile)
    return out
