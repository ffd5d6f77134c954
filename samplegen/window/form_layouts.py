"""The three ways a declaration form's fields are laid out on the page.

Why apart from ``forms``: that module decides what a form says (its plan, the values shown);
this one only places the cells: a ruled grid of 2–3 label/value pairs a row (or vertical
bands), a form without rulings (label：value on an underline), or boxed cells with the label
in the corner. What goes into a cell is drawn by ``form_cells``.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from samplegen.window.canvas import (
    Page,
    hand,
    line,
    mm,
    rect,
    text,
)
from samplegen.window.form_cells import agent_rows, category, hospitals, id_boxes, label, period

if TYPE_CHECKING:
    from samplegen.window.forms import Filler, FormPlan


def grid_layout(
    page: Page,
    rng: random.Random,
    plan: FormPlan,
    fill: Filler,
    shown: dict[str, tuple[str, object]],
    short: list[str],
    wide: list[str],
    mx: float,
    y: float,
) -> float:
    """Ruled grid: ``pairs`` label/value pairs a row; 'bands' adds vertical section titles on the left."""
    W, _ = page.size
    band = mm(9) if plan.layout == "bands" else 0
    x0, x1 = mx + band, W - mx
    rh = mm(rng.uniform(9.5, 11.5))
    ink = plan.ink
    top = y
    n = plan.pairs
    colw = (x1 - x0) / n
    lw = colw * (0.42 if n == 3 else 0.36)
    section_rows: list[tuple[str, float, float]] = []
    sec_start = y
    for i in range(0, len(short), n):
        for j, key in enumerate(short[i : i + n]):
            cx = x0 + j * colw
            w = colw if (j < n - 1 and i + j + 1 < len(short)) or j == n - 1 else x1 - cx
            if i + j == len(short) - 1:
                w = x1 - cx
            label(page, plan, plan.labels[key], cx, y, lw, rh)
            line(page, (cx + lw, y), (cx + lw, y + rh), ink, 2)
            if j > 0:
                line(page, (cx, y), (cx, y + rh), ink, 2)
            s, t = shown[key]
            if key == "id_number" and plan.id_boxes:
                id_boxes(page, rng, plan, s, cx + lw, y, w - lw, rh)
            else:
                fill.value(key, s, t, cx + lw, y, w - lw, rh)
        line(page, (x0, y + rh), (x1, y + rh), ink, 2)
        y += rh
        if i + n >= 6 and not section_rows:
            section_rows.append(("参保人信息", sec_start, y))
            sec_start = y
    if plan.with_agent and plan.filing.agent is not None:
        y = agent_rows(page, rng, plan, plan.filing.agent, x0, x1, y, rh)
    wlw = lw if n == 2 else colw * 0.42
    for key in wide:
        h: float = rh
        if key == "hospitals":
            h = rh * (max(1, len(plan.hospitals)) if plan.hospital_mode != "joined" else 1.6)
        if key == "filing_category":
            h = rh * 1.9
        if key == "reason":
            h = rh * 1.5
        label(page, plan, plan.labels[key], x0, y, wlw, h)
        line(page, (x0 + wlw, y), (x0 + wlw, y + h), ink, 2)
        if key == "filing_category":
            category(page, rng, plan, fill, x0 + wlw, y, x1 - x0 - wlw, h)
        elif key == "hospitals":
            hospitals(page, rng, plan, fill, x0 + wlw, y, x1 - x0 - wlw, h)
        elif key == "period":
            period(page, rng, plan, fill, shown, x0 + wlw, y, x1 - x0 - wlw, h)
        elif key == "id_number" and plan.id_boxes:
            id_boxes(page, rng, plan, shown[key][0], x0 + wlw, y, x1 - x0 - wlw, h)
        else:
            s, t = shown[key]
            fill.value(key, s, t, x0 + wlw, y, x1 - x0 - wlw, h)
        line(page, (x0, y + h), (x1, y + h), ink, 2)
        y += h
    section_rows.append(("就医信息", sec_start, y))
    rect(page, (x0, top, x1, y), ink, 3)
    if band:
        for title, a, b in section_rows:
            rect(page, (mx, a, x0, b), ink, 3)
            size = mm(3.4)
            cy = (a + b) / 2 - len(title) * size * 1.15 / 2
            for ch in title:
                text(page, (mx + (band - size) / 2, cy), ch, plan.face, size, ink)
                cy += size * 1.15
    return y


def lines_layout(
    page: Page,
    rng: random.Random,
    plan: FormPlan,
    fill: Filler,
    shown: dict[str, tuple[str, object]],
    short: list[str],
    wide: list[str],
    mx: float,
    y: float,
) -> float:
    """No grid: numbered section headings, 'label：' then the value on an underline."""
    W, _ = page.size
    x1 = W - mx
    size = mm(3.2)
    rh = mm(10)
    heads = iter(["一、参保人员基本信息", "二、异地就医备案信息", "三、代办人信息"])
    text(page, (mx, y), next(heads), "sans_bold", mm(3.6), plan.ink)
    y += mm(8)
    per = 2
    colw = (x1 - mx) / per
    for i in range(0, len(short), per):
        for j, key in enumerate(short[i : i + per]):
            cx = mx + j * colw
            lab = plan.labels[key] + "："
            lb = text(page, (cx, y + (rh - size) / 2 - 4), lab, plan.face, size, plan.ink)
            line(page, (lb[2] + 4, y + rh - mm(1.5)), (cx + colw - mm(4), y + rh - mm(1.5)), plan.ink, 1)
            s, t = shown[key]
            fill.value(key, s, t, lb[2] + 2, y - mm(1.2), cx + colw - mm(4) - lb[2], rh)
        y += rh
        if i == 4:
            y += mm(3)
            text(page, (mx, y), next(heads), "sans_bold", mm(3.6), plan.ink)
            y += mm(8)
    for key in wide:
        lab = plan.labels[key] + "："
        lb = text(page, (mx, y + (rh - size) / 2 - 4), lab, plan.face, size, plan.ink)
        h: float = rh
        if key == "hospitals":
            h = rh * max(1, len(plan.hospitals)) if plan.hospital_mode != "joined" else rh * 1.5
            hospitals(page, rng, plan, fill, lb[2] + 2, y - mm(1.2), x1 - lb[2] - 2, h)
        elif key == "filing_category":
            h = rh * 1.9
            category(page, rng, plan, fill, lb[2] + 2, y - mm(2), x1 - lb[2] - 2, h)
        elif key == "period":
            period(page, rng, plan, fill, shown, lb[2] + 2, y - mm(1.2), x1 - lb[2] - 2, rh)
        else:
            line(page, (lb[2] + 4, y + rh - mm(1.5)), (x1, y + rh - mm(1.5)), plan.ink, 1)
            s, t = shown[key]
            fill.value(key, s, t, lb[2] + 2, y - mm(1.2), x1 - lb[2] - 2, rh)
        y += h
    if plan.with_agent and plan.filing.agent is not None:
        y += mm(2)
        text(page, (mx, y), next(heads), "sans_bold", mm(3.6), plan.ink)
        y += mm(8)
        a = plan.filing.agent
        t = text(page, (mx, y), "代办人：", plan.face, size, plan.ink)
        hand(page, rng, (t[2] + 6, y - 6), a.name, mm(4))
        t2 = text(page, (mx + mm(60), y), "身份证号：", plan.face, size, plan.ink)
        hand(page, rng, (t2[2] + 6, y - 6), a.id_number, mm(3.6))
        y += rh
    return y


def stack_layout(
    page: Page,
    rng: random.Random,
    plan: FormPlan,
    fill: Filler,
    shown: dict[str, tuple[str, object]],
    short: list[str],
    wide: list[str],
    mx: float,
    y: float,
) -> float:
    """Modern boxes: a small label in each cell's corner and the value beneath it; shaded headers."""
    W, _ = page.size
    x1 = W - mx
    n = plan.pairs
    ls = mm(2.5)
    rh = mm(13)
    shade = tuple(min(255, 235 + c // 12) for c in plan.ink)
    top = y
    for title, keys, cols in (("参保人员信息", short, n), ("备案信息", wide, 1)):
        page.draw.rectangle((mx, y, x1, y + mm(7)), fill=shade, outline=plan.ink, width=2)
        text(page, (mx + mm(2), y + mm(1.2)), title, "sans_bold", mm(3.3), plan.ink)
        y += mm(7)
        colw = (x1 - mx) / cols
        for i in range(0, len(keys), cols):
            row = keys[i : i + cols]
            h: float = rh
            if "hospitals" in row and plan.hospital_mode != "joined":
                h = max(rh, mm(4) + mm(8.5) * max(1, len(plan.hospitals)))
            if "filing_category" in row:
                h = rh * 1.6
            for j, key in enumerate(row):
                cx = mx + j * colw
                w = colw if j < len(row) - 1 else x1 - cx
                rect(page, (cx, y, cx + w, y + h), plan.ink, 1)
                text(page, (cx + mm(1.2), y + mm(0.8)), plan.labels[key], plan.face, ls, plan.ink)
                vy, vh = y + ls * 1.2, h - ls * 1.2
                if key == "filing_category":
                    category(page, rng, plan, fill, cx, vy, w, vh)
                elif key == "hospitals":
                    hospitals(page, rng, plan, fill, cx, vy, w, vh)
                elif key == "period":
                    period(page, rng, plan, fill, shown, cx, vy, w, vh)
                elif key == "id_number" and plan.id_boxes:
                    id_boxes(page, rng, plan, shown[key][0], cx, vy, w, vh)
                else:
                    s, t = shown[key]
                    fill.value(key, s, t, cx, vy, w, vh)
            y += h
    rect(page, (mx, top, x1, y), plan.ink, 3)
    return y
