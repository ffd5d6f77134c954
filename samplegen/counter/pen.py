"""Values put on paper: typed in a font, or written by hand, fitted to the room they have."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

from samplegen.counter.canvas import PENS, RGB, Sheet
from samplegen.counter.fonts import font
from samplegen.counter.geometry import Box, union


@dataclass
class Writer:
    """How the values of one paper are filled in."""

    hand: bool  # written by hand (Kai, jitter) or typed
    role: str  # font role of typed values
    px: int  # nominal size in pixels
    pen: RGB

    @classmethod
    def pick(cls, sheet: Sheet, rng: random.Random, hand: bool | None = None) -> Writer:
        hand = rng.random() < 0.5 if hand is None else hand
        role = "kai" if hand else rng.choice(("song", "song", "hei", "ming", "kai", "wqy"))
        pts = rng.uniform(11.0, 13.5) if hand else rng.uniform(9.5, 11.5)
        pen = rng.choice(PENS) if hand else (18, 18, 20)
        return cls(hand, role, sheet.pt(pts), pen)

    def put(self, sheet: Sheet, x: float, baseline: float, s: str, max_w: float) -> Box:
        """Write ``s`` from (x, baseline), shrinking it to ``max_w``."""
        if self.hand:
            px = self.px
            while px > 8 and font("kai", px).getlength(s) * 1.0 > max_w:
                px -= 1
            return sheet.hand((x, baseline), s, px, pen=self.pen)
        fnt = sheet.fit(s, self.role, self.px, max_w)
        return sheet.text((x, baseline), s, fnt, fill=self.pen)

    def wrap_put(
        self, sheet: Sheet, x: float, baseline: float, s: str, max_w: float, max_lines: int, line_h: float
    ) -> Box:
        """Write ``s`` over up to ``max_lines`` lines of ``max_w``."""
        role = "kai" if self.hand else self.role
        px = self.px
        lines = _wrap(s, role, px, max_w)
        while len(lines) > max_lines and px > 8:
            px -= 1
            lines = _wrap(s, role, px, max_w)
        if len(lines) > max_lines:
            lines = [*lines[: max_lines - 1], "".join(lines[max_lines - 1 :])]
        boxes: list[Box | None] = []
        for i, ln in enumerate(lines):
            w = Writer(self.hand, self.role, px, self.pen)
            boxes.append(w.put(sheet, x, baseline + i * line_h, ln, max_w))
        return union(boxes) or (x, baseline - px, x + 1, baseline)


def _wrap(s: str, role: str, px: int, max_w: float) -> list[str]:
    fnt = font(role, px)
    lines: list[str] = []
    cur = ""
    for ch in s:
        if cur and fnt.getlength(cur + ch) > max_w:
            lines.append(cur)
            cur = ch
        else:
            cur += ch
    if cur:
        lines.append(cur)
    return lines


def tick(sheet: Sheet, box: Box, pen: RGB, rng: random.Random, kind: str) -> Box:
    """A mark in or over a check box ``box``: √, ×, a filled square ■ or a circle ○."""
    x0, y0, x1, y1 = box
    w = x1 - x0
    lw = max(2, round(w * 0.13))
    if kind == "fill":
        sheet.draw.rectangle((x0 + 2, y0 + 2, x1 - 2, y1 - 2), fill=(20, 20, 20))
        return box
    if kind == "circle":  # ○ drawn over the box
        return ring(sheet, box, pen, rng)
    if kind == "cross":
        j = lambda: rng.uniform(-0.08, 0.08) * w  # noqa: E731
        sheet.draw.line([(x0 + j(), y0 + j()), (x1 + j(), y1 + j())], fill=pen, width=lw)
        sheet.draw.line([(x1 + j(), y0 + j()), (x0 + j(), y1 + j())], fill=pen, width=lw)
        return box
    pts = [
        (x0 + w * 0.05, y0 + w * 0.45 + rng.uniform(-2, 2)),
        (x0 + w * 0.4, y1 + w * 0.05),
        (x1 + w * 0.45, y0 - w * 0.45 + rng.uniform(-3, 3)),
    ]
    sheet.draw.line(pts, fill=pen, width=lw, joint="curve")
    return (
        union(
            [
                box,
                (
                    min(p[0] for p in pts),
                    min(p[1] for p in pts),
                    max(p[0] for p in pts),
                    max(p[1] for p in pts),
                ),
            ]
        )
        or box
    )


def ring(sheet: Sheet, box: Box, pen: RGB, rng: random.Random) -> Box:
    """A hand-drawn loop around ``box`` (a circled option)."""
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    rx, ry = (x1 - x0) / 2 + 8, (y1 - y0) / 2 + 7
    start = rng.uniform(0, 6.28)
    pts = []
    for i in range(56):
        a = start + i * (2 * math.pi * 1.08) / 55
        wob = 1 + rng.uniform(-0.03, 0.03)
        pts.append((cx + rx * wob * math.cos(a), cy + ry * wob * math.sin(a)))
    sheet.draw.line(pts, fill=pen, width=2)
    return (cx - rx - 2, cy - ry - 2, cx + rx + 2, cy + ry + 2)


def signature(
    sheet: Sheet, x: float, baseline: float, name: str, rng: random.Random, pen: RGB | None = None
) -> Box:
    """A signature: the name written larger and faster, sometimes with a closing stroke."""
    px = sheet.pt(rng.uniform(14, 19))
    box = sheet.hand((x, baseline), name, px, pen=pen, slant=9.0, jitter=0.18)
    if rng.random() < 0.4:
        y = baseline + rng.uniform(-2, 4)
        tail = [
            (box[2] - px * 0.3, y),
            (box[2] + px * 0.5, y - px * 0.25),
            (box[2] + px * 0.9, y + px * 0.05),
        ]
        sheet.draw.line(tail, fill=pen or PENS[0], width=2)
        box = union([box, (tail[0][0], y - px * 0.3, tail[2][0], y + px * 0.1)]) or box
    return box
