"""The pieces of a declaration form every layout draws: a label fitted to its cell, the category
marks, the hospitals cell or slots, the agent's rows, ID digit boxes, the period row and the
signing and stamping footer.

Why apart from ``form_layouts``: those decide where cells stand; these fill one cell each.
"""


from __future__ import annotations

import random
from typing import TYPE_CHECKING

from kernel.domain import FilingCategory
from kernel.refdata import hospitals_in
from samplegen.window import wording
from samplegen.window.canvas import (
    Box,
    Page,
    hand,
    line,
    mm,
    rect,
    text,
    text_width,
    union,
)
from samplegen.window.stamps import press

if TYPE_CHECKING:
    from samplegen.window.forms import Filler, FormPlan
    from samplegen.window.model import Person


def label(page: Page, plan: FormPlan, s: str, x: float, y: float, w: float, h: float) -> None:
    size = mm(3.1)
    while text_width(s, plan.face, size) > w - mm(2) and size > mm(2.0):
        size -= 2
    if text_width(s, plan.face, size) > w - mm(2):  # two lines
        half = (len(s) + 1) // 2
        text(page, (x + mm(1), y + h / 2 - size * 1.2), s[:half], plan.face, size, plan.ink)
        text(page, (x + mm(1), y + h / 2 + size * 0.05), s[half:], plan.face, size, plan.ink)
        return
    text(
        page,
        (x + (w - text_width(s, plan.face, size)) / 2, y + (h - size * 1.3) / 2),
        s,
        plan.face,
        size,
        plan.ink,
    )


def agent_rows(
    page: Page, rng: random.Random, plan: FormPlan, agent: Person, x0: float, x1: float, y: float, rh: float
) -> float:
    """代办人/经办人 rows: another person's name and ID (never the applicant's)."""
    lab = rng.choice(["代办人", "经办人", "委托代办人"])
    cells = [(f"{lab}姓名", agent.name), (f"{lab}身份证号", agent.id_number), ("代办人电话", agent.phone)]
    widths = [0.28, 0.44, 0.28]
    x = x0
    for (lb, val), frac in zip(cells, widths, strict=True):
        w = (x1 - x0) * frac
        lw = w * 0.4
        label(page, plan, lb, x, y, lw, rh)
        line(page, (x + lw, y), (x + lw, y + rh), plan.ink, 2)
        line(page, (x, y), (x, y + rh), plan.ink, 2)
        sz = mm(3.0)
        while text_width(val, "kai", sz) > w - lw - mm(2) and sz > 16:
            sz -= 2
        if plan.handwritten:
            hand(page, rng, (x + lw + mm(1), y + (rh - sz) / 2), val, sz)
        else:
            text(page, (x + lw + mm(1), y + (rh - sz) / 2), val, "sans", sz)
        x += w
    line(page, (x0, y + rh), (x1, y + rh), plan.ink, 2)
    return y + rh


def category(
    page: Page, rng: random.Random, plan: FormPlan, fill: Filler, x: float, y: float, w: float, h: float
) -> None:
    """Printed options with a tick/cross/filled box, a circled option, or the category written in."""
    cat = plan.filing.category
    if plan.category_mode == "written":
        word = rng.choice(wording.CATEGORY_WORDS[cat])
        fill.value("filing_category", word, cat.value, x, y, w, h)
        return
    cats = list(FilingCategory)
    size = mm(2.9)
    xx, yy = x + mm(2), y + mm(2.5)
    chosen_box: Box | None = None
    for c in cats:
        word = wording.CATEGORY_WORDS[c][0]
        box_w = size * 1.2
        item_w = box_w + text_width(word, plan.face, size) + mm(4)
        if xx + item_w > x + w:
            xx, yy = x + mm(2), yy + size * 2.1
        bx = (xx, yy + size * 0.15, xx + size, yy + size * 1.15)
        if plan.category_mode != "circle":
            rect(page, bx, plan.ink, 2)
        tb = text(page, (xx + box_w, yy), word, plan.face, size, plan.ink)
        if c == cat:
            chosen_box = union(bx, tb)
            if plan.category_mode == "circle":
                ink = rng.choice(((25, 30, 90), (20, 20, 20)))
                page.draw.ellipse(
                    (tb[0] - mm(2), tb[1] - mm(1.8), tb[2] + mm(2), tb[3] + mm(1.8)), outline=ink, width=3
                )
                chosen_box = (tb[0] - mm(2), tb[1] - mm(1.8), tb[2] + mm(2), tb[3] + mm(1.8))
            else:
                mark(page, rng, bx, plan.tick if plan.category_mode == "tick" else "■")
        xx += item_w
    page.put("filing_category", cat.value, chosen_box)


def mark(page: Page, rng: random.Random, b: Box, kind: str) -> None:
    """A pen mark in a check box: √, ×, ■ or ●, a little larger than the box as people draw them."""
    d = page.draw
    ink = rng.choice(((25, 30, 90), (20, 20, 20), (15, 40, 110)))
    x0, y0, x1, y1 = b
    s = x1 - x0
    if kind == "√":
        d.line(
            [(x0 + s * 0.1, y0 + s * 0.5), (x0 + s * 0.42, y1 + s * 0.05), (x1 + s * 0.35, y0 - s * 0.45)],
            fill=ink,
            width=4,
            joint="curve",
        )
    elif kind == "×":
        d.line([(x0 - 2, y0 - 2), (x1 + 2, y1 + 2)], fill=ink, width=4)
        d.line([(x1 + 2, y0 - 2), (x0 - 2, y1 + 2)], fill=ink, width=4)
    elif kind == "●":
        d.ellipse((x0 + 3, y0 + 3, x1 - 3, y1 - 3), fill=ink)
    else:
        d.rectangle((x0 + 3, y0 + 3, x1 - 3, y1 - 3), fill=ink)


def hospitals(
    page: Page, rng: random.Random, plan: FormPlan, fill: Filler, x: float, y: float, w: float, h: float
) -> None:
    """0-4 hospitals: one a line (numbered or not), joined by a separator, or in numbered slots."""
    hs = plan.hospitals
    if not hs:  # none chosen: the filing defaults to the destination's first designated hospital
        page.put("hospitals", hospitals_in(plan.filing.destination.code)[:1], None)
        return
    if plan.hospital_mode == "joined":
        fill.value("hospitals", plan.sep.join(hs), list(hs), x, y, w, h)
        return
    rh = h / len(hs)
    numbering = rng.choice(["{i}.", "{i}、", "（{i}）", "", "第{i}家："])
    box: Box | None = None
    for i, name in enumerate(hs, 1):
        prefix = (
            numbering.format(i=i) if plan.hospital_mode == "lines" else f"定点医院{'一二三四五'[i - 1]}："
        )
        px = x
        if prefix:
            pb = text(
                page,
                (x + mm(1.5), y + (i - 1) * rh + (rh - mm(3.0)) / 2),
                prefix,
                plan.face,
                mm(3.0),
                plan.ink,
            )
            px = pb[2] - mm(1)
        b = fill.value("_h", name, name, px, y + (i - 1) * rh, x + w - px, rh)
        if b is not None:
            box = b if box is None else union(box, b)
        if i < len(hs) and plan.hospital_mode == "rows":
            line(page, (x, y + i * rh), (x + w, y + i * rh), plan.ink, 1)
    page.fields.pop("_h", None)
    page.put("hospitals", list(hs), box)


def footer(page: Page, rng: random.Random, plan: FormPlan, mx: float, y: float) -> None:
    """Promise text, applicant signature and date, and the agency box with (or without) its seal."""
    W, H = page.size
    ink = plan.ink
    y += mm(4)
    promise = rng.choice(
        [
            "本人承诺以上所填信息及所提供材料真实有效，如有虚假，愿承担相应责任。",
            "本人已知晓异地就医相关政策，承诺所填内容属实。",
            "以上情况属实，如有不实，本人自愿承担由此产生的一切后果。",
        ]
    )
    size = mm(2.9)
    for k in range(0, len(promise), 36):
        text(page, (mx, y), promise[k : k + 36], plan.face, size, ink)
        y += size * 1.6
    y += mm(3)
    lab = plan.labels["applicant_signature"] + "："
    lb = text(page, (mx, y), lab, plan.face, mm(3.1), ink)
    p = plan.filing.person
    if plan.signature:
        sb = hand(page, rng, (lb[2] + mm(3), y - mm(2)), p.name, mm(6.5))
        page.put("applicant_signature", True, sb)
    else:
        page.put("applicant_signature", False, None)
    dl = plan.labels["signed_date"]
    if dl == "日期" or (dl in plan.labels.values() and dl == plan.labels.get("start_date")):
        dl = "申请日期"
    db = text(page, (mx + mm(75), y), dl + "：", plan.face, mm(3.1), ink)
    s = wording.spell_date(plan.filing.signed, rng, True)
    page.put(
        "signed_date",
        plan.filing.signed.isoformat(),
        hand(page, rng, (db[2] + mm(2), y - mm(1.5)), s, mm(4.2)),
    )
    y += mm(14)
    # agency box
    bx = (mx, y, W - mx, min(H - mm(20), y + mm(58)))
    rect(page, bx, ink, 2)
    text(page, (mx + mm(3), y + mm(3)), plan.labels["agency_stamp"] + "：", plan.face, mm(3.1), ink)
    text(
        page,
        (mx + mm(3), y + mm(12)),
        rng.choice(["经审核，同意备案。", "同意。", "材料齐全，予以备案。"]),
        "kai",
        mm(4.2),
        (25, 30, 90),
    )
    text(page, (W - mx - mm(70), bx[3] - mm(12)), "经办人：", plan.face, mm(3.0), ink)
    from samplegen.window.model import person_name

    hand(page, rng, (W - mx - mm(52), bx[3] - mm(14)), person_name(rng), mm(4.5))
    if plan.stamp:
        ins = plan.filing.insured
        city = ins.city if ins.city != ins.province else ins.province
        org = rng.choice(
            [
                f"{city}医疗保障事务中心",
                f"{city}社会保险事业管理中心",
                f"{city}医疗保险经办中心",
                f"{city}医疗保障局",
            ]
        )
        shape = "round" if rng.random() < 0.85 else "oval"
        cx = W - mx - mm(rng.uniform(40, 60))
        cy = (bx[1] + bx[3]) / 2 + mm(rng.uniform(-5, 5))
        seal = press(
            page,
            rng,
            (cx, cy),
            shape,
            org,
            rng.choice(["", "业务专用章", "异地就医专用章"]),
            plan.stamp_ink,
            "agency",
            worn=rng.choice([0, 0, 0, 0.3]),
        )
        page.put("agency_stamp", True, seal.box)
    else:
        page.put("agency_stamp", False, None)
    if plan.receipt_stamp and plan.stamp:
        d = plan.filing.signed
        press(
            page,
            rng,
            (W - mx - mm(30), mm(rng.uniform(20, 30))),
            "square",
            rng.choice(["已审核", "收件", "已受理"]),
            f"{d:%Y.%m.%d}",
            rng.choice(["red", "blue", "purple"]),
            "unknown",
            size_mm=rng.uniform(34, 42),
        )


def id_boxes(
    page: Page, rng: random.Random, plan: FormPlan, number: str, x: float, y: float, w: float, h: float
) -> None:
    """The ID number written into 18 printed boxes, one character each (common on provincial forms)."""
    cw = min((w - mm(3)) / 18, mm(5.6))
    bh = min(h - mm(2), cw * 1.35)
    by = y + (h - bh) / 2
    box: Box | None = None
    for k, ch in enumerate(number):
        bx = x + mm(1.5) + k * cw
        rect(page, (bx, by, bx + cw, by + bh), plan.ink, 1)
        size = int(min(cw, bh) * 0.8)
        if plan.handwritten:
            b = hand(page, rng, (bx + cw * 0.15, by + (bh - size) / 2 - 2), ch, size)
        else:
            b = text(
                page,
                (bx + (cw - text_width(ch, "sans", size)) / 2, by + (bh - size) / 2 - 3),
                ch,
                "sans",
                size,
            )
        box = b if box is None else union(box, b)
    page.put("id_number", number, box)


def period(
    page: Page,
    rng: random.Random,
    plan: FormPlan,
    fill: Filler,
    shown: dict[str, tuple[str, object]],
    x: float,
    y: float,
    w: float,
    h: float,
) -> None:
    """Start and end in one row: '自 … 起至 … 止', '… 至 …' or '…—…'."""
    pre, mid, post = rng.choice([("自", "起至", "止"), ("", "至", ""), ("", "—", ""), ("从", "到", "")])
    size = mm(3.1)
    xx = x + mm(1.5)
    ty = y + (h - size * 1.3) / 2
    if pre:
        xx = text(page, (xx, ty), pre, plan.face, size, plan.ink)[2] + mm(1)
    s, t = shown["start_date"]
    sw = text_width(s, "kai" if plan.handwritten else "sans", fill.size) + mm(6)
    b = fill.value("start_date", s, t, xx, y, sw, h)
    xx = (b[2] if b else xx + sw) + mm(1.5)
    xx = text(page, (xx, ty), mid, plan.face, size, plan.ink)[2] + mm(1)
    s, t = shown["end_date"]
    ew = text_width(s, "kai" if plan.handwritten else "sans", fill.size) + mm(6)
    b = fill.value("end_date", s, t, xx, y, min(ew, x + w - xx), h)
    if post:
        text(page, ((b[2] if b else xx + ew) + mm(1.5), ty), post, plan.face, size, plan.ink)
