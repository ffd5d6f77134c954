"""A ruled form table: label cells printed, value cells filled in by hand.

Provinces and cities print their own declaration layouts, but all are ruled tables with
labels on the left of value cells. A layout is a list of rows; a row is a list of cells,
each a printed label or a value slot named by its canonical field key. Value slots know how
to fill themselves (plain handwriting, check boxes, numbered hospital lines), and report
the box of what was written so truth bboxes match the ink.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from kernel.domain import CATEGORY_ZH, GENDER_ZH, INSURANCE_TYPE_ZH, FilingCategory
from samplegen.canvas import SONG, Box, Page, union
from samplegen.model import DeclValues, Rendered
from samplegen.values import zh_date


@dataclass(frozen=True)
class Cell:
    """A label (``key`` None) or a value slot (``key`` a field key or a special slot name)."""

    width: float
    label: str = ""
    key: str | None = None


@dataclass(frozen=True)
class Row:
    height: float
    cells: tuple[Cell, ...]


def L(width: float, label: str) -> Cell:
    return Cell(width, label)


def V(width: float, key: str) -> Cell:
    return Cell(width, "", key)


@dataclass
class Style:
    label_font: tuple[str, int] = SONG
    label_size: float = 10.5
    hand_size: float = 12.5
    spaced_labels: bool = False


Slot = Callable[[Page, float, float, float, float], None]


class Filler:
    """Writes the values of one declaration into value slots, recording truth in ``out``."""

    def __init__(
        self, v: DeclValues, out: Rendered, rng: random.Random, ink: tuple[int, int, int], style: Style
    ) -> None:
        self.v, self.out, self.rng, self.ink, self.style = v, out, rng, ink, style

    def hand(
        self, page: Page, x: float, y: float, s: str | None, w: float, size: float | None = None
    ) -> Box | None:
        if not s:
            return None
        return page.hand(x, y, s, self.rng, self.ink, size or self.style.hand_size, max_w=w)

    def fill(self, page: Page, key: str, x0: float, y0: float, x1: float, y1: float) -> None:
        v, r = self.v, self.rng
        pad = 2.0
        base = y0 + min(y1 - y0, 9.0) * 0.72 + (y1 - y0 - min(y1 - y0, 9.0)) * 0.3
        x = x0 + pad + r.uniform(0, 2)
        w = x1 - x - pad
        simple: dict[str, str | None] = {
            "name": v.name,
            "gender": GENDER_ZH[v.gender],
            "id_number": v.id_number,
            "social_security_number": v.ss_number,
            "phone": v.phone,
            "insured_region": v.insured_region,
            "employer": v.employer,
            "destination_region": v.destination_region,
            "residence_address": v.address,
            "reason": v.reason,
        }
        truth: dict[str, object] = {"gender": v.gender}
        if key in simple:
            box = self.hand(page, x, base, simple[key], w)
            value = truth.get(key, simple[key]) if simple[key] else None
            self.out.put(key, value, box)
        elif key in ("start_date", "end_date", "signed_date"):
            d = {"start_date": v.start_date, "end_date": v.end_date, "signed_date": v.signed_date}[key]
            box = self.hand(page, x, base, zh_date(r, d) if d else None, w)
            self.out.put(key, d, box)
        elif key == "insurance_type":
            self._options(
                page,
                x0 + pad,
                base,
                w,
                [(k, z) for k, z in INSURANCE_TYPE_ZH.items()],
                v.insurance_type,
                "insurance_type",
                per_row=2,
                row_h=y1 - y0,
            )
        elif key == "filing_category":
            opts = [(c.value, CATEGORY_ZH[c]) for c in FilingCategory]
            per_row = 3 if x1 - x0 > 120 else 2
            rows = (len(opts) + per_row - 1) // per_row
            self._options(
                page,
                x0 + pad,
                y0 + (y1 - y0) / rows * 0.68,
                x1 - x0 - 2 * pad,
                opts,
                v.category,
                "filing_category",
                per_row=per_row,
                row_h=(y1 - y0) / rows,
            )
        elif key == "hospitals":
            self._hospitals(page, x0 + pad, y0, x1 - pad, y1)
        elif key == "signature":
            box = (
                page.scribble(
                    x,
                    y0 + (y1 - y0) * 0.15,
                    min(32.0, w),
                    (y1 - y0) * 0.7,
                    r,
                    self.ink,
                    v.name if r.random() < 0.7 else None,
                )
                if v.signed
                else None
            )
            self.out.put("applicant_signature", v.signed, box)

    def _options(
        self,
        page: Page,
        x: float,
        y: float,
        w: float,
        opts: list[tuple[str, str]],
        chosen: str,
        key: str,
        per_row: int,
        row_h: float,
    ) -> None:
        step = w / per_row
        hit: Box | None = None
        for i, (val, zh) in enumerate(opts):
            ox, oy = x + step * (i % per_row), y + row_h * (i // per_row)
            page.checkbox(ox, oy, val == chosen, self.rng, self.ink)
            lb = page.text(ox + 5, oy, zh, self.style.label_size - 1, self.style.label_font)
            if val == chosen:
                hit = union([lb, (page.px(ox), page.px(oy - 4.5), page.px(ox + 4.7), page.px(oy + 0.5))])
        self.out.put(key, chosen, hit)

    def _hospitals(self, page: Page, x0: float, y0: float, x1: float, y1: float) -> None:
        names = self.v.hospitals
        lines = max(3, len(names))
        lh = (y1 - y0) / lines
        boxes: list[Box] = []
        for i in range(lines):
            by = y0 + lh * (i + 0.72)
            page.text(x0, by, f"{i + 1}.", self.style.label_size, self.style.label_font)
            if i < len(names):
                b = self.hand(
                    page,
                    x0 + 6 + self.rng.uniform(0, 2),
                    by,
                    names[i],
                    x1 - x0 - 8,
                    size=min(self.style.hand_size, lh * 72 / 25.4 * 0.75),
                )
                if b:
                    boxes.append(b)
        self.out.put("hospitals", list(names), union(boxes))


def draw_table(page: Page, x: float, y: float, rows: list[Row], style: Style, filler: Filler) -> float:
    """Rule and fill the table with its top-left at (x, y) mm; returns the bottom y."""
    width = sum(c.width for c in rows[0].cells)
    page.rect(x, y, x + width, y + sum(r.height for r in rows), 0.5)
    cy = y
    for row in rows:
        cx = x
        for cell in row.cells:
            x1 = cx + cell.width
            if cx > x:
                page.line(cx, cy, cx, cy + row.height)
            if cell.key is None:
                _label(page, cell.label, cx, cy, x1, cy + row.height, style)
            else:
                filler.fill(page, cell.key, cx, cy, x1, cy + row.height)
            cx = x1
        cy += row.height
        page.line(x, cy, x + width, cy)
    return cy


def _label(page: Page, label: str, x0: float, y0: float, x1: float, y1: float, style: Style) -> None:
    lines = label.split("\n")
    n = len(lines)
    size = style.label_size
    lh = size * 25.4 / 72 * 1.35
    top = (y0 + y1) / 2 - lh * n / 2 + lh * 0.78
    for i, text in enumerate(lines):
        yy = top + i * lh
        if style.spaced_labels and 2 <= len(text) <= 4 and x1 - x0 > 18:
            page.spaced_text(x0 + 3, x1 - 3, yy, text, size, style.label_font)
        else:
            page.center_text(x0, x1, yy, text, size, style.label_font)
