"""Form widgets of the unseen layouts: tick boxes, hospital lists, blanks, digit boxes, grids.

``fill`` writes one canonical field into a box in the way the context asks for (ticked
options, ``____省____市`` blanks, ``____年__月__日`` blanks, one digit per box …) and records
its truth; ``grid`` rules a table whose cells hold labels, values, or both (label left, label
stacked on top, or label and value sharing the cell).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from kernel import refdata
from samplegen.canvas import Box, font, union
from samplegen.unseen.formkit import Ctx, lab, shown, truth, write_value
from samplegen.unseen.ink import Hand, text_width, tick, write

BOX_MM = 3.2


def _mark_kind(ctx: Ctx) -> str:
    return ctx.r.choice(("filled", "glyph")) if ctx.hand.typed else ctx.tick


def options(
    ctx: Ctx,
    key: str,
    opts: list[tuple[str, str]],
    chosen: str | None,
    x: float,
    y: float,
    w: float,
    h: float,
    cols: int | None = None,
    size: float | None = None,
    record: bool = True,
    pick: str | None = None,
) -> Box | None:
    """Check boxes with labels laid out in ``cols`` columns; the option ``chosen`` (a truth value)
    is ticked (or the option whose text is ``pick``). Truth box: the tick and the chosen label."""
    page, look = ctx.page, ctx.look
    size = size or look.size - 0.5
    if cols is None:
        widest = max(len(t) for _, t in opts) * size * 25.4 / 72 + 6
        cols = max(1, min(len(opts), int(w // widest)))
    rows = math.ceil(len(opts) / cols)
    rh, cw = h / rows, w / cols
    f = font(look.face, page.pt(size))
    while size > 6 and max(f.getlength(t) for _, t in opts) * 25.4 / page.dpi > cw - BOX_MM - 2:
        size -= 0.5
        f = font(look.face, page.pt(size))
    hit: Box | None = None
    for i, (val, text) in enumerate(opts):
        ox, oy = x + cw * (i % cols), y + rh * (i // cols) + rh / 2 - BOX_MM / 2
        page.rect(ox, oy, ox + BOX_MM, oy + BOX_MM, 0.22)
        lb = page.text(ox + BOX_MM + 1.0, oy + BOX_MM * 0.88, text, size, look.face)
        if (text == pick if pick is not None else val == chosen) and hit is None:
            ink = (0, 0, 0) if ctx.hand.typed else ctx.hand.ink
            tb = tick(page, ox, oy, BOX_MM, _mark_kind(ctx), ink, ctx.r)
            hit = union([tb, lb])
    if record:
        ctx.doc.put(key, truth(ctx, key), hit)
    return hit


def hospitals(ctx: Ctx, x0: float, y0: float, x1: float, y1: float, style: str) -> None:
    """The chosen hospitals: numbered ``lines``, ``inline`` with a separator, or a ``table`` with codes."""
    names = list(ctx.v.hospitals)
    page, r = ctx.page, ctx.r
    boxes: list[Box] = []
    if style == "inline":
        sep = r.choice(("、", "；", "，", "  "))
        if names:
            numbered = r.random() < 0.3
            parts = [f"{i + 1}.{n}" if numbered else n for i, n in enumerate(names)]
            fit = _fit(ctx, sep.join(parts), x1 - x0 - 3, (y1 - y0) / 2.4)
            b = write(
                page, x0 + 1.5, y0 + min(7.5, (y1 - y0) * 0.45), sep.join(parts), fit, r, max_w=x1 - x0 - 3
            )
            boxes += [b] if b else []
    elif style == "table":
        n = max(3, len(names))
        rh = (y1 - y0) / (n + 1)
        cols = (x0, x0 + 12, x0 + (x1 - x0) * 0.68, x1)
        for c in cols[1:-1]:
            page.line(c, y0, c, y1, ctx.look.line * 0.8)
        for i in range(1, n + 1):
            page.line(x0, y0 + rh * i, x1, y0 + rh * i, ctx.look.line * 0.8)
        for (a, b_), t in zip(pairwise(cols), ("序号", "医疗机构名称", "医疗机构编码"), strict=True):
            lab(ctx, t, a, y0, b_, y0 + rh, size=ctx.look.size - 1.5, colon=False)
        for i in range(n):
            ry = y0 + rh * (i + 1)
            lab(ctx, str(i + 1), cols[0], ry, cols[1], ry + rh, size=ctx.look.size - 1, colon=False)
            if i < len(names):
                fit = _fit(ctx, names[i], cols[2] - cols[1] - 3, rh)
                b = write(page, cols[1] + 1.5, ry + rh * 0.74, names[i], fit, r)
                boxes += [b] if b else []
                code = f"H{ctx.person.dest_code}{r.randint(0, 99999):05d}"
                write(
                    page, cols[2] + 1.5, ry + rh * 0.74, code, _fit(ctx, code, cols[3] - cols[2] - 3, rh), r
                )
    else:  # lines
        n = max(3 if style == "lines" else 1, len(names))
        lh = (y1 - y0) / n
        fmt = r.choice(("{}.", "{}、", "（{}）", "{}："))
        for i in range(n):
            by = y0 + lh * (i + 0.72)
            nb = page.text(x0 + 1.5, by, fmt.format(i + 1), ctx.look.size - 0.5, ctx.look.face)
            if i < len(names):
                sx = ctx.mm(nb[2]) + 1.5
                b = write(page, sx, by, names[i], _fit(ctx, names[i], x1 - sx - 2, lh), r)
                boxes += [b] if b else []
    ctx.doc.put("hospitals", names, union(boxes))


def _fit(ctx: Ctx, s: str, w: float, h: float) -> Hand:
    from dataclasses import replace

    size = min(ctx.hand.size, h * 72 / 25.4 * 0.7)
    hand = replace(ctx.hand, size=size)
    while text_width(ctx.page, s, hand) > w * 2.2 and size > 6.5:
        size -= 0.5
        hand = replace(hand, size=size)
    return hand


def region_blanks(ctx: Ctx, key: str, x: float, y0: float, y1: float) -> None:
    """``____省____市`` with the names handwritten on the lines."""
    code = ctx.person.insured_code if key == "insured_region" else ctx.person.dest_code
    reg = refdata.regions()[code]
    city = refdata.short_name(reg.city)
    parts = ["", city] if reg.province == reg.city else [refdata.short_name(reg.province), city]
    page, base = ctx.page, y0 + (y1 - y0) * 0.7
    boxes: list[Box] = []
    cx = x
    for part, unit in zip(parts, ("省", "市"), strict=True):
        ln = max(14.0, text_width(page, part, ctx.hand) + 5)
        page.line(cx, base + 1, cx + ln, base + 1, 0.2)
        b = write(page, cx + ctx.r.uniform(0.5, 3), base - 0.3, part, ctx.hand, ctx.r)
        boxes += [b] if b else []
        ub = page.text(cx + ln + 0.5, base, unit, ctx.look.size, ctx.look.face)
        if part:
            boxes.append(ub)
        cx += ln + 6
    ctx.doc.put(key, truth(ctx, key), union(boxes))


def date_blanks(ctx: Ctx, key: str, x: float, y0: float, y1: float) -> None:
    """``____年__月__日`` with the digits handwritten into the gaps (empty when no date)."""
    d = getattr(ctx.v, key)
    page, base = ctx.page, y0 + (y1 - y0) * 0.7
    boxes: list[Box] = []
    cx = x
    parts = [str(d.year), str(d.month), str(d.day)] if d else ["", "", ""]
    for part, unit, ln0 in zip(parts, "年月日", (13.0, 8.0, 8.0), strict=True):
        ln = max(ln0, text_width(page, part, ctx.hand) + 3.5)
        b = write(page, cx + ctx.r.uniform(0, 2.0), base - 0.4, part, ctx.hand, ctx.r) if part else None
        boxes += [b] if b else []
        ub = page.text(cx + ln, base, unit, ctx.look.size, ctx.look.face)
        if d:
            boxes.append(ub)
        cx += ln + 5
    ctx.doc.put(key, d, union(boxes) if d else None)


def id_boxes(ctx: Ctx, key: str, x0: float, y0: float, x1: float, y1: float) -> None:
    """One character per printed box (18 boxes), the way many forms take an ID number."""
    s = shown(ctx, key) or ""
    n = 18
    cw = min(5.5, (x1 - x0 - 2) / n)
    bh = min(y1 - y0 - 2, 7.5)
    top = (y0 + y1) / 2 - bh / 2
    page = ctx.page
    boxes: list[Box] = []
    hand = _fit(ctx, "0", cw * 3, bh * 1.1)
    for i in range(n):
        bx = x0 + 1 + cw * i
        page.rect(bx, top, bx + cw, top + bh, 0.2)
        if i < len(s):
            b = write(page, bx + cw * 0.18, top + bh * 0.8, s[i], hand, ctx.r)
            boxes += [b] if b else []
    ctx.doc.put(key, truth(ctx, key) if s else None, union(boxes))


def signature(ctx: Ctx, x: float, y: float, w: float, h: float, key: str = "applicant_signature") -> None:
    """A signature (name in a hurried hand plus a flourish) when the form is signed."""
    if not ctx.v.signed:
        ctx.doc.put(key, False, None)
        return
    ink = ctx.hand.ink if not ctx.hand.typed else (20, 30, 110)
    box = ctx.page.scribble(x, y, w, h, ctx.r, ink, ctx.v.name if ctx.r.random() < 0.75 else None)
    ctx.doc.put(key, True, box)


def fill(ctx: Ctx, key: str, x0: float, y0: float, x1: float, y1: float) -> None:
    """Fill field ``key`` into the box the way this context fills forms."""
    f = ctx.flags
    if key in ctx.custom:
        ctx.custom[key](ctx, x0, y0, x1, y1)
    elif key == "gender" and "gender_boxes" in f:
        options(
            ctx,
            key,
            [("male", "男"), ("female", "女")],
            ctx.v.gender,
            x0 + 2,
            y0,
            x1 - x0 - 3,
            y1 - y0,
            cols=2,
        )
    elif key == "insurance_type" and "text_insurance" not in f:
        cols = 1 if (y1 - y0) > 11 and (x1 - x0) < 70 else None
        options(
            ctx, key, ctx.insurance_options(), ctx.v.insurance_type, x0 + 2, y0, x1 - x0 - 3, y1 - y0, cols
        )
    elif key == "filing_category":
        vertical = "vertical_categories" in f
        options(
            ctx,
            key,
            ctx.category_options(),
            ctx.v.category,
            x0 + 2,
            y0 + 0.5,
            x1 - x0 - 3,
            y1 - y0 - 1,
            1 if vertical else None,
        )
    elif key == "hospitals":
        hospitals(
            ctx,
            x0,
            y0,
            x1,
            y1,
            ctx.r.choice(("lines", "inline", "single"))
            if "hosp_any" in f
            else next((s for s in ("table", "inline", "lines", "single") if f"hosp_{s}" in f), "lines"),
        )
    elif key in ("insured_region", "destination_region") and "region_blanks" in f:
        region_blanks(ctx, key, x0 + 2, y0, y1)
    elif key in ("start_date", "end_date", "signed_date") and "date_blanks" in f:
        date_blanks(ctx, key, x0 + 2, y0, y1)
    elif key == "id_number" and "id_boxes" in f and x1 - x0 > 70:
        id_boxes(ctx, key, x0, y0, x1, y1)
    elif key == "applicant_signature":
        signature(ctx, x0 + 2, y0 + (y1 - y0) * 0.1, min(34.0, x1 - x0 - 4), (y1 - y0) * 0.8)
    else:
        write_value(ctx, key, x0, y0, x1, y1)


@dataclass(frozen=True)
class C:
    """A grid cell: a printed label, a value slot for ``key``, or both."""

    w: float
    label: str = ""
    key: str | None = None


Row = tuple[float, tuple[C, ...]]


def grid(ctx: Ctx, x: float, y: float, rows: Sequence[Row], mode: str = "left") -> float:
    """Rule and fill a table at (x, y) mm; a cell with label and key is drawn in ``mode``
    (``stacked``: small label on top; ``inline``: ``label：value`` in one cell). Returns the bottom."""
    page, lw = ctx.page, ctx.look.line
    width = sum(c.w for c in rows[0][1])
    top = y
    for h, cells in rows:
        cx = x
        for c in cells:
            x1 = cx + c.w
            if cx > x:
                page.line(cx, y, cx, y + h, lw * 0.8)
            if c.key is None:
                lab(ctx, c.label, cx, y, x1, y + h)
            elif not c.label:
                fill(ctx, c.key, cx, y, x1, y + h)
            elif mode == "stacked":
                ls = ctx.look.size * 0.78
                page.text(cx + 1.2, y + ls * 0.36 + 1.2, c.label, ls, ctx.look.face)
                fill(ctx, c.key, cx, y + ls * 0.36 + 1.5, x1, y + h)
            else:
                lb = lab(ctx, c.label, cx, y, x1, y + min(h, 10.0), align="left", colon=True)
                lx = ctx.mm(lb[2]) + 0.8 if lb else cx
                if c.key in ("filing_category", "hospitals") or h > 16:
                    fill(ctx, c.key, cx + 1, y + min(h, 10.0) - 1.5, x1, y + h)
                else:
                    fill(ctx, c.key, lx, y, x1, y + h)
            cx = x1
        y += h
        page.line(x, y, x + width, y, lw * 0.8)
    page.rect(x, top, x + width, y, lw * 1.3)
    return y
