"""A clean A4 page that remembers where it drew things.

Forms are drawn on a ``Page`` in millimetres; every call returns the pixel box of what it
drew, so the document builders can record field bboxes (as fractions of the upright,
unskewed page) and the text layer of digital PDFs without re-measuring anything.
Handwriting is the Kai font with per-character jitter, because agency forms are printed
in Song/Hei and filled in by hand.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from functools import cache

from PIL import Image, ImageDraw, ImageFont

SONG = ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2)
SONG_BOLD = ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", 2)
HEI = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2)
HEI_BOLD = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2)
KAI = ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0)
MING = ("/usr/share/fonts/truetype/arphic/uming.ttc", 0)
ZENHEI = ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0)

Box = tuple[int, int, int, int]
INKS = ((20, 30, 110), (25, 25, 30), (30, 45, 140), (15, 15, 60))


@cache
def font(spec: tuple[str, int], px: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(spec[0], max(6, px), index=spec[1])


def union(boxes: list[Box]) -> Box | None:
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


@dataclass
class TextRun:
    """Printed or written text and its pixel box, for the PDF text layer."""

    text: str
    box: Box
    size_px: int


@dataclass
class Page:
    """A white A4 page rendered at ``dpi``."""

    dpi: int
    width_mm: float = 210.0
    height_mm: float = 297.0
    runs: list[TextRun] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.img = Image.new("RGB", (self.px(self.width_mm), self.px(self.height_mm)), (255, 255, 255))
        self.draw = ImageDraw.Draw(self.img)

    @property
    def size(self) -> tuple[int, int]:
        return self.img.size

    def px(self, mm: float) -> int:
        return round(mm * self.dpi / 25.4)

    def pt(self, points: float) -> int:
        """Font size in pixels for a size in typographic points."""
        return round(points * self.dpi / 72)

    def frac(self, box: Box | None) -> list[float] | None:
        """A pixel box as [x0, y0, x1, y1] fractions of the page, clamped to [0, 1]."""
        if box is None:
            return None
        w, h = self.size
        vals = [box[0] / w, box[1] / h, box[2] / w, box[3] / h]
        return [round(min(1.0, max(0.0, v)), 4) for v in vals]

    # -- printed text and rulings -------------------------------------------------------
    def text(
        self,
        x: float,
        y: float,
        s: str,
        size: float = 11,
        spec: tuple[str, int] = SONG,
        anchor: str = "ls",
        fill: tuple[int, int, int] = (0, 0, 0),
    ) -> Box:
        """Printed text at (x, y) mm; ``anchor`` as Pillow's (default: left, baseline)."""
        f = font(spec, self.pt(size))
        xy = (self.px(x), self.px(y))
        self.draw.text(xy, s, font=f, fill=fill, anchor=anchor)
        box = tuple(int(v) for v in self.draw.textbbox(xy, s, font=f, anchor=anchor))
        self.runs.append(TextRun(s, box, self.pt(size)))  # type: ignore[arg-type]
        return box  # type: ignore[return-value]

    def center_text(
        self, x0: float, x1: float, y: float, s: str, size: float = 11, spec: tuple[str, int] = SONG
    ) -> Box:
        return self.text((x0 + x1) / 2, y, s, size, spec, anchor="ms")

    def spaced_text(self, x0: float, x1: float, y: float, s: str, size: float, spec: tuple[str, int]) -> Box:
        """Characters spread evenly across [x0, x1] (how form titles and table labels are set)."""
        if len(s) < 2:
            return self.center_text(x0, x1, y, s, size, spec)
        step = (x1 - x0) / len(s)
        boxes = [self.text(x0 + step * (i + 0.5), y, ch, size, spec, anchor="ms") for i, ch in enumerate(s)]
        self.runs[-len(s) :] = [TextRun(s, union(boxes) or boxes[0], self.pt(size))]
        return union(boxes)  # type: ignore[return-value]

    def line(self, x0: float, y0: float, x1: float, y1: float, width: float = 0.3) -> None:
        self.draw.line(
            [(self.px(x0), self.px(y0)), (self.px(x1), self.px(y1))],
            fill=(0, 0, 0),
            width=max(1, self.px(width)),
        )

    def rect(self, x0: float, y0: float, x1: float, y1: float, width: float = 0.3) -> None:
        self.draw.rectangle(
            [self.px(x0), self.px(y0), self.px(x1), self.px(y1)],
            outline=(0, 0, 0),
            width=max(1, self.px(width)),
        )

    def checkbox(
        self, x: float, y: float, ticked: bool, rng: random.Random, ink: tuple[int, int, int]
    ) -> None:
        """A 3.5 mm box whose top-left is (x, y-3) mm; a hand-drawn tick when ``ticked``."""
        s = 3.5
        self.rect(x, y - s + 0.5, x + s, y + 0.5, 0.25)
        if ticked:
            j = rng.uniform(-0.4, 0.4)
            pts = [(x + 0.5, y - 1.6 + j), (x + 1.5, y + 0.2), (x + s + 1.2, y - s - 0.8 + j)]
            self.draw.line([(self.px(a), self.px(b)) for a, b in pts], fill=ink, width=max(2, self.px(0.5)))

    # -- handwriting --------------------------------------------------------------------
    def hand(
        self,
        x: float,
        y: float,
        s: str,
        rng: random.Random,
        ink: tuple[int, int, int],
        size: float = 12,
        max_w: float | None = None,
        line_gap: float = 1.35,
    ) -> Box | None:
        """Handwritten ``s`` starting at (x, y) mm baseline; wraps at ``max_w`` mm. Returns its box."""
        if not s:
            return None
        base_px = self.pt(size)
        cx, cy = self.px(x), self.px(y)
        left = cx
        limit = cx + self.px(max_w) if max_w else None
        boxes: list[Box] = []
        slope = rng.uniform(-0.03, 0.03)
        for ch in s:
            px = max(8, round(base_px * rng.uniform(0.9, 1.1)))
            f = font(KAI, px)
            adv = f.getlength(ch) * rng.uniform(0.92, 1.05)
            if limit is not None and cx + adv > limit:
                cx, cy = left, cy + round(base_px * line_gap)
            if ch == " ":
                cx += round(adv)
                continue
            boxes.append(
                self._glyph(
                    ch, f, cx, cy + round((cx - left) * slope) + rng.randint(-2, 2), rng.uniform(-6, 6), ink
                )
            )
            cx += round(adv)
        box = union(boxes)
        if box is not None:
            self.runs.append(TextRun(s, box, base_px))
        return box

    def _glyph(
        self, ch: str, f: ImageFont.FreeTypeFont, x: int, y: int, angle: float, ink: tuple[int, int, int]
    ) -> Box:
        """Paste one rotated character with its baseline-left at (x, y); returns its pixel box."""
        left, t, r, b = (int(v) for v in f.getbbox(ch, anchor="ls"))
        pad = 4
        tile = Image.new("L", (r - left + 2 * pad, b - t + 2 * pad), 0)
        ImageDraw.Draw(tile).text((pad - left, pad - t), ch, font=f, fill=255, anchor="ls")
        tile = tile.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False)
        ox, oy = x + left - pad, y + t - pad
        self.img.paste(Image.new("RGB", tile.size, ink), (ox, oy), tile)
        bb = tile.getbbox() or (0, 0, 1, 1)
        return (ox + bb[0], oy + bb[1], ox + bb[2], oy + bb[3])

    def scribble(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        rng: random.Random,
        ink: tuple[int, int, int],
        name: str | None = None,
    ) -> Box:
        """A signature: the name in fast Kai strokes over a looping flourish."""
        boxes: list[Box] = []
        if name:
            size = h * 72 / 25.4 * 0.55
            b = self.hand(x + 1, y + h * 0.7, name, rng, ink, size=size)
            if b:
                boxes.append(b)
        pts = []
        n = rng.randint(14, 22)
        for i in range(n):
            t = i / (n - 1)
            pts.append(
                (
                    self.px(x + t * w * rng.uniform(0.8, 1.0)),
                    self.px(y + h * (0.5 + 0.35 * rng.uniform(-1, 1) * (1 - t * 0.5))),
                )
            )
        self.draw.line(pts, fill=ink, width=max(2, self.px(0.35)), joint="curve")
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
        return union(boxes)  # type: ignore[return-value]
