"""How values get onto a form: typed or handwritten, with marks for ticked options.

Forms at a window are filled by hand (or typed at the desk); the same value must be
recordable whatever the pen, so every writer returns the ink box it produced.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from samplegen.heldout.canvas import INK_BLACK, Color, Rect, Sheet, union

DATE_STYLES = ("iso", "dots", "cn", "cn0", "slash")


def fmt_date(d: dt.date, style: str) -> str:
    """A date as people write it; truth keeps the ISO form."""
    if style == "iso":
        return d.isoformat()
    if style == "dots":
        return f"{d:%Y.%m.%d}"
    if style == "cn":
        return f"{d.year}年{d.month}月{d.day}日"
    if style == "cn0":
        return f"{d:%Y}年{d:%m}月{d:%d}日"
    return f"{d.year}/{d.month}/{d.day}"


@dataclass
class Pen:
    """One filler's hand: handwritten (UKai, wobbling) or typed, with an ink colour and size."""

    hand: bool
    color: Color
    size_mm: float
    rng: random.Random
    slant: float = 0.0

    def write(
        self, sheet: Sheet, x_mm: float, y_mm: float, text: str, size_mm: float | None = None
    ) -> Rect | None:
        size = size_mm or self.size_mm
        if self.hand:
            return sheet.hand(x_mm, y_mm, text, size * 1.1, self.rng, self.color, self.slant)
        return sheet.text(x_mm, y_mm, text, size, "sans", self.color)

    def width(self, sheet: Sheet, text: str, size_mm: float | None = None) -> float:
        size = size_mm or self.size_mm
        return sheet.text_width(text, size * (1.05 if self.hand else 1.0), "hand" if self.hand else "sans")

    def mark(self, sheet: Sheet, style: str, x0: float, y0: float, side: float) -> Rect | None:
        """A tick (√), cross (×) or filled box over the option box at (x0, y0) of ``side`` mm."""
        if style == "filled":
            sheet.fill(x0 + side * 0.12, y0 + side * 0.12, x0 + side * 0.88, y0 + side * 0.88, self.color)
            return (sheet.px(x0), sheet.px(y0), sheet.px(x0 + side), sheet.px(y0 + side))
        glyph = "√" if style == "check" else "×"
        role = "hand" if self.hand else "sans"
        return sheet.text(
            x0 + side * 0.5,
            y0 + side * 0.45,
            glyph,
            side * 1.3,
            role,
            self.color,
            "mm",
            angle=self.rng.uniform(-10, 10),
        )


def option_row(
    sheet: Sheet,
    pen: Pen,
    x0: float,
    y: float,
    x1: float,
    options: list[tuple[str, str]],
    chosen: str | None,
    style: str,
    cols: int,
    label_size: float,
    row_h: float,
    label_color: Color = INK_BLACK,
) -> Rect | None:
    """Print options (□ wording) in ``cols`` columns from (x0, y); mark ``chosen``; its ink box.

    ``style``: check, cross, filled, circle (an ellipse drawn round the wording, no box).
    """
    col_w = (x1 - x0) / cols
    side = label_size * 1.05
    box: Rect | None = None
    for i, (code, zh) in enumerate(options):
        cx = x0 + (i % cols) * col_w + 1.5
        cy = y + (i // cols) * row_h
        if style != "circle":
            sheet.box(cx, cy - side / 2, cx + side, cy + side / 2, 0.22, label_color)
            tx = cx + side + 1.2
        else:
            sheet.text(cx, cy, f"{i + 1}.", label_size, "sans", label_color)
            tx = cx + label_size * 1.3
        words = sheet.text(tx, cy, zh, label_size, "sans", label_color)
        if code != chosen:
            continue
        if style == "circle":
            w = sheet.text_width(zh, label_size)
            r = _ellipse(sheet, pen, tx - 1.5, cy - label_size * 0.95, tx + w + 1.5, cy + label_size * 0.95)
            box = union(words, r)
        else:
            box = union(words, pen.mark(sheet, style, cx, cy - side / 2, side))
            box = union(
                box, (sheet.px(cx), sheet.px(cy - side / 2), sheet.px(cx + side), sheet.px(cy + side / 2))
            )
    return box


def _ellipse(sheet: Sheet, pen: Pen, x0: float, y0: float, x1: float, y1: float) -> Rect:
    import math

    import cv2

    cx, cy = sheet.px((x0 + x1) / 2), sheet.px((y0 + y1) / 2)
    ax, ay = sheet.px((x1 - x0) / 2), sheet.px((y1 - y0) / 2)
    start = pen.rng.uniform(0, 360)
    pts = []
    for k in range(0, 380, 6):  # a hand-drawn loop overshoots its start a little
        t = math.radians(start + k)
        wob = 1 + 0.04 * math.sin(3 * t + start)
        pts.append((int(cx + ax * wob * math.cos(t)), int(cy + ay * wob * math.sin(t))))
    import numpy as np

    cv2.polylines(
        sheet.arr, [np.array(pts, np.int32)], False, pen.color, max(2, round(sheet.px(0.35))), cv2.LINE_AA
    )
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    return (float(min(xs)) - 2, float(min(ys)) - 2, float(max(xs)) + 2, float(max(ys)) + 2)
