"""Pages to draw on, fonts, and text drawing that remembers where each value landed.

Why: truth boxes must be measured from what was drawn, so every drawing call
returns its pixel box and a Page collects field boxes and seals as it goes.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

DPI = 200
A4 = (round(210 / 25.4 * DPI), round(297 / 25.4 * DPI))
Box = tuple[float, float, float, float]
RGB = tuple[int, int, int]

_FONTS = {
    "sans": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    "sans_bold": ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2),
    "serif": ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    "serif_bold": ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", 2),
    "kai": ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
    "ming": ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    "hei": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
}
PRINT_FACES = ("sans", "serif", "ming", "hei", "sans", "serif")
HAND_FACES = ("kai",)
BLACK: RGB = (20, 20, 20)
HAND_INKS: tuple[RGB, ...] = ((25, 30, 90), (20, 20, 20), (15, 40, 110), (40, 40, 45))


def mm(v: float) -> int:
    """Millimetres to pixels at the drawing resolution."""
    return round(v / 25.4 * DPI)


@cache
def font(face: str, size: int) -> ImageFont.FreeTypeFont:
    """A CJK font by face key; fails loudly when the fonts are not installed (scripts/setup.sh)."""
    path, index = _FONTS[face]
    if not Path(path).exists():
        raise FileNotFoundError(f"CJK font {path} missing: run scripts/setup.sh (fonts-noto-cjk, arphic)")
    return ImageFont.truetype(path, size, index=index)


@dataclass
class StampMark:
    """A seal as drawn: pixel box, shape, ink and role (colour in truth depends on the scan)."""

    box: Box
    shape: str  # round | oval | square
    ink: str  # red | blue | purple | black
    role: str  # agency | issuer | unknown
    text: str = ""
    copied: bool = False  # pressed before a photocopy: gray whatever the scan


@dataclass
class Page:
    """One sheet being drawn, with the field values and seals placed on it so far."""

    image: Image.Image
    fields: dict[str, tuple[Any, Box | None]] = field(default_factory=dict)
    stamps: list[StampMark] = field(default_factory=list)

    @property
    def draw(self) -> ImageDraw.ImageDraw:
        return ImageDraw.Draw(self.image)

    @property
    def size(self) -> tuple[int, int]:
        return self.image.size

    def put(self, key: str, value: Any, box: Box | None) -> None:
        """Record a field; a second put of the same key widens its box (values that wrap)."""
        if key in self.fields and box is not None and self.fields[key][1] is not None:
            box = union(self.fields[key][1], box)  # type: ignore[arg-type]
        self.fields[key] = (value, box)


def new_page(size: tuple[int, int] = A4, paper: RGB = (255, 255, 255)) -> Page:
    return Page(Image.new("RGB", size, paper))


def union(a: Box, b: Box) -> Box:
    return (min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3]))


def text(page: Page, xy: tuple[float, float], s: str, face: str, size: int, fill: RGB = BLACK) -> Box:
    """Typed text at top-left ``xy``; returns its ink box."""
    f = font(face, size)
    d = page.draw
    d.text(xy, s, font=f, fill=fill)
    return tuple(float(v) for v in d.textbbox(xy, s, font=f))  # type: ignore[return-value]


def text_width(s: str, face: str, size: int) -> float:
    return float(font(face, size).getlength(s))


def hand(
    page: Page, rng: random.Random, xy: tuple[float, float], s: str, size: int, ink: RGB | None = None
) -> Box:
    """Handwriting: a brush face, uneven size, baseline wander and slant per character."""
    ink = ink or rng.choice(HAND_INKS)
    x, y = xy
    box: Box | None = None
    slant = rng.uniform(-6, 6)
    for ch in s:
        sz = max(8, int(size * rng.uniform(0.88, 1.12)))
        f = font("kai", sz)
        w = int(f.getlength(ch)) + 8
        tile = Image.new("L", (w + 8, sz + 16), 0)
        ImageDraw.Draw(tile).text((4, 4), ch, font=f, fill=255)
        tile = tile.rotate(slant + rng.uniform(-5, 5), resample=Image.Resampling.BICUBIC, expand=False)
        dy = rng.uniform(-size * 0.08, size * 0.08)
        pos = (int(x), int(y + dy))
        page.image.paste(Image.new("RGB", tile.size, ink), pos, tile)
        bb = tile.getbbox()
        if bb:
            b = (pos[0] + bb[0], pos[1] + bb[1], pos[0] + bb[2], pos[1] + bb[3])
            box = b if box is None else union(box, b)
        x += f.getlength(ch) * rng.uniform(0.92, 1.08) + (2 if ch.isascii() else 0)
    return box or (x, y, x + 1, y + 1)


def write(
    page: Page,
    rng: random.Random,
    xy: tuple[float, float],
    s: str,
    size: int,
    handwritten: bool,
    face: str = "sans",
    fill: RGB = BLACK,
) -> Box:
    """A filled-in value: handwriting or typed, same call for both."""
    if handwritten:
        return hand(page, rng, xy, s, size)
    return text(page, xy, s, face, size, fill)


def paragraph(
    page: Page,
    rng: random.Random,
    x0: float,
    y0: float,
    width: float,
    parts: list[tuple[str, str | None, Any]],
    face: str,
    size: int,
    indent: int = 2,
    fill: RGB = BLACK,
    leading: float = 1.75,
) -> float:
    """Wrap ``parts`` (text, field key or None, truth value) char by char; record each key's box.

    Returns the y below the paragraph. A value that wraps gets the union of its line boxes.
    """
    f = font(face, size)
    d = page.draw
    x, y = x0 + indent * size, y0
    for chunk, key, value in parts:
        for ch in chunk:
            w = f.getlength(ch)
            if x + w > x0 + width:
                x, y = x0, y + size * leading
            d.text((x, y), ch, font=f, fill=fill)
            if key is not None:
                bb = d.textbbox((x, y), ch, font=f)
                page.put(key, value, tuple(float(v) for v in bb))  # type: ignore[arg-type]
            x += w
    return y + size * leading


def rect(page: Page, box: Box, color: RGB = BLACK, width: int = 2) -> None:
    page.draw.rectangle(box, outline=color, width=width)


def line(
    page: Page, a: tuple[float, float], b: tuple[float, float], color: RGB = BLACK, width: int = 2
) -> None:
    page.draw.line([a, b], fill=color, width=width)
