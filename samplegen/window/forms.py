"""Declaration forms (申报表/备案表) in several layouts, wordings and inks, filled by hand or typed.

Why: each province prints its own form; the layouts here differ in grid (2 or
3 label/value pairs a row, vertical section bands, or no lines at all), in
colour, in how the category is marked and how hospitals are listed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from kernel.domain import GENDER_ZH, FilingCategory
from kernel.refdata import hospitals_in
from samplegen.window import wording
from samplegen.window.canvas import (
    BLACK,
    RGB,
    Box,
    Page,
    hand,
    line,
    mm,
    new_page,
    rect,
    text,
    text_width,
    union,
)
from samplegen.window.model import Filing, Person
from samplegen.window.stamps import press

SHORT = (
    "name",
    "gender",
    "id_number",
    "social_security_number",
    "phone",
    "insured_region",
    "insurance_type",
    "start_date",
    "end_date",
    "destination_region",
)
WIDE = ("employer", "filing_category", "residence_address", "hospitals", "reason")


@dataclass
class FormPlan:
    """What the packet wants on the form (defects included) and how it is drawn."""

    filing: Filing
    hospitals: list[str]
    end: date
    signature: bool = True
    stamp: bool = True
    stamp_ink: str = "red"
    layout: str = "grid"  # grid | bands | lines
    pairs: int = 2
    ink: RGB = BLACK
    face: str = "sans"
    handwritten: bool = True
    category_mode: str = "tick"  # tick | circle | written | typed_box
    tick: str = "√"
    hospital_mode: str = "lines"  # lines | joined | rows
    sep: str = "、"
    with_ssn: bool = True
    with_agent: bool = False
    id_boxes: bool = False  # 18 printed boxes, one digit each
    period_row: bool = False  # start and end in one '备案期限' row
    receipt_stamp: bool = False
    title: str = ""
    labels: dict[str, str] = field(default_factory=dict)


def plan_form(rng: random.Random, filing: Filing, hospitals: list[str], end: date) -> FormPlan:
    """Pick a random style for this form."""
    ins = filing.insured
    prov = ins.province
    city = ins.city if ins.city != ins.province else ins.province
    titles = [
        f"{prov}异地就医登记备案表",
        f"{prov}基本医疗保险异地就医备案申请表",
        f"{city}基本医疗保险参保人员异地就医备案表",
        "跨省异地就医登记备案表",
        f"{city}异地就医人员申报表",
        f"{prov}参保人员异地就医备案登记表",
    ]
    ink = rng.choice([BLACK, BLACK, BLACK, (30, 70, 150), (20, 110, 70), (170, 40, 40), (140, 70, 40)])
    return FormPlan(
        filing=filing,
        hospitals=hospitals,
        end=end,
        stamp_ink=rng.choice(["red", "red", "red", "red2", "blue", "purple", "black"]),
        layout=rng.choice(["grid", "grid", "bands", "lines", "stack"]),
        pairs=rng.choice([2, 2, 3]),
        ink=ink,
        face=rng.choice(["sans", "serif", "ming", "hei"]),
        handwritten=rng.random() < 0.6,
        category_mode=rng.choice(["tick", "tick", "circle", "written", "typed_box"]),
        tick=rng.choice(["√", "√", "×", "■", "●"]),
        hospital_mode=rng.choice(["lines", "joined", "rows"]),
        sep=rng.choice(["、", "，", "；", " "]),
        with_ssn=rng.random() < 0.6,
        id_boxes=rng.random() < 0.35,
        period_row=rng.random() < 0.35,
        with_agent=filing.agent is not None,
        receipt_stamp=rng.random() < 0.3,
        title=rng.choice(titles),
        labels={k: wording.label(k, rng) for k in wording.LABELS}
        | {"period": rng.choice(["备案期限", "备案有效期", "异地就医期限", "备案时间"])},
    )


class _Filler:
    """Writes values into boxes with one hand (or one typewriter) for the whole form."""

    def __init__(self, page: Page, rng: random.Random, plan: FormPlan) -> None:
        self.page, self.rng, self.plan = page, rng, plan
        self.size = mm(4.3) if plan.handwritten else mm(3.3)

    def value(
        self, key: str, shown: str, truth: object, x: float, y: float, w: float, h: float
    ) -> Box | None:
        """Fill ``shown`` into the cell at (x, y, w, h), wrapping by hand when needed; record truth."""
        if not shown:
            self.page.put(key, truth, None)
            return None
        hw = self.plan.handwritten
        size = self.size
        face = "kai" if hw else "sans"

        def width(sz: int) -> float:  # handwriting runs wider than the font says
            extra = 1.1 * text_width(shown, face, sz) + 2 * sum(c.isascii() for c in shown)
            return extra if hw else text_width(shown, face, sz)

        while width(size) > w - mm(3) and size > mm(2.3):
            size -= 2
        lines = [shown]
        if width(size) > w - mm(3):
            per = max(4, int((w - mm(3)) / (size * 1.02)))
            lines = [shown[i : i + per] for i in range(0, len(shown), per)]
        lh = size * 1.25
        yy = y + max(2.0, (h - lh * len(lines)) / 2)
        box: Box | None = None
        for ln in lines:
            b = (
                hand(self.page, self.rng, (x + mm(1.5), yy), ln, size)
                if hw
                else text(self.page, (x + mm(1.5), yy), ln, "sans", size)
            )
            box = b if box is None else union(box, b)
            yy += lh
        self.page.put(key, truth, box)
        return box


def _shown(plan: FormPlan, rng: random.Random) -> dict[str, tuple[str, object]]:
    """Display text and truth value of each simple field."""
    f = plan.filing
    p = f.person
    hw = plan.handwritten
    ins, dest = f.insured, f.destination
    return {
        "name": (p.name, p.name),
        "gender": (GENDER_ZH[p.gender], p.gender),
        "id_number": (f.form_id_number, f.form_id_number),
        "social_security_number": (f.form_id_number, f.form_id_number),
        "phone": (p.phone, p.phone),
        "insured_region": (wording.region_spelling(ins.name, ins.province, ins.city, rng), ins.name),
        "insurance_type": (rng.choice(wording.INSURANCE_WORDS[f.insurance_type]), f.insurance_type),
        "employer": (f.employer, f.employer),
        "destination_region": (wording.region_spelling(dest.name, dest.province, dest.city, rng), dest.name),
        "residence_address": (f.residence_address, f.residence_address),
        "reason": (f.reason, f.reason),
        "start_date": (wording.spell_date(f.start, rng, hw), f.start.isoformat()),
        "end_date": (wording.spell_date(plan.end, rng, hw), plan.end.isoformat()),
    }


def draw_form(rng: random.Random, plan: FormPlan) -> Page:
    """The filled declaration form as one A4 page."""
    page = new_page()
    W, _ = page.size
    mx = mm(rng.uniform(12, 18))
    ink = plan.ink
    tf = "serif_bold" if plan.face in ("serif", "ming") else "sans_bold"
    ts = mm(6.0)
    while text_width(plan.title, tf, ts) > W - 2 * mx:
        ts -= 3
    y: float = mm(rng.uniform(12, 20))
    text(page, ((W - text_width(plan.title, tf, ts)) / 2, y), plan.title, tf, ts, ink)
    y += ts * 1.6
    small = mm(2.7)
    text(page, (mx, y), rng.choice(["编号：", "受理编号：", "档案号："]) + " " * 2, plan.face, small, ink)
    if rng.random() < 0.6:
        text(
            page,
            (W - mx - text_width("填表日期：", plan.face, small) - mm(35), y),
            "填表日期：",
            plan.face,
            small,
            ink,
        )
    y += small * 2
    fill = _Filler(page, rng, plan)
    shown = _shown(plan, rng)
    short = ["name", "gender", "id_number", "phone", "insured_region", "insurance_type"]
    if plan.with_ssn:
        short.insert(3, "social_security_number")
    short += ["destination_region"] + ([] if plan.period_row else ["start_date", "end_date"])
    wide = ["employer", "filing_category", "residence_address", "hospitals", "reason"]
    if plan.pairs == 3 and plan.layout in ("grid", "bands"):  # long numbers get a row of their own
        wide = [k for k in ("id_number", "social_security_number") if k in short] + wide
        short = [k for k in short if k not in ("id_number", "social_security_number")]
    if plan.period_row:
        wide.insert(2, "period")
    if plan.layout == "lines":
        y = _lines_layout(page, rng, plan, fill, shown, short, wide, mx, y)
    elif plan.layout == "stack":
        y = _stack_layout(page, rng, plan, fill, shown, short, wide, mx, y)
    else:
        y = _grid_layout(page, rng, plan, fill, shown, short, wide, mx, y)
    _footer(page, rng, plan, mx, y)
    return page


def _label(page: Page, plan: FormPlan, s: str, x: float, y: float, w: float, h: float) -> None:
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


def _grid_layout(
    page: Page,
    rng: random.Random,
    plan: FormPlan,
    fill: _Filler,
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
            _label(page, plan, plan.labels[key], cx, y, lw, rh)
            line(page, (cx + lw, y), (cx + lw, y + rh), ink, 2)
            if j > 0:
                line(page, (cx, y), (cx, y + rh), ink, 2)
            s, t = shown[key]
            if key == "id_number" and plan.id_boxes:
                _id_boxes(page, rng, plan, s, cx + lw, y, w - lw, rh)
            else:
                fill.value(key, s, t, cx + lw, y, w - lw, rh)
        line(page, (x0, y + rh), (x1, y + rh), ink, 2)
        y += rh
        if i + n >= 6 and not section_rows:
            section_rows.append(("参保人信息", sec_start, y))
            sec_start = y
    if plan.with_agent and plan.filing.agent is not None:
        y = _agent_rows(page, rng, plan, plan.filing.agent, x0, x1, y, rh)
    wlw = lw if n == 2 else colw * 0.42
    for key in wide:
        h: float = rh
        if key == "hospitals":
            h = rh * (max(1, len(plan.hospitals)) if plan.hospital_mode != "joined" else 1.6)
        if key == "filing_category":
            h = rh * 1.9
        if key == "reason":
            h = rh * 1.5
        _label(page, plan, plan.labels[key], x0, y, wlw, h)
        line(page, (x0 + wlw, y), (x0 + wlw, y + h), ink, 2)
        if key == "filing_category":
            _category(page, rng, plan, fill, x0 + wlw, y, x1 - x0 - wlw, h)
        elif key == "hospitals":
            _hospitals(page, rng, plan, fill, x0 + wlw, y, x1 - x0 - wlw, h)
        elif key == "period":
            _period(page, rng, plan, fill, shown, x0 + wlw, y, x1 - x0 - wlw, h)
        elif key == "id_number" and plan.id_boxes:
            _id_boxes(page, rng, plan, shown[key][0], x0 + wlw, y, x1 - x0 - wlw, h)
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


def _agent_rows(
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
        _label(page, plan, lb, x, y, lw, rh)
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


def _category(
    page: Page, rng: random.Random, plan: FormPlan, fill: _Filler, x: float, y: float, w: float, h: float
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
                _mark(page, rng, bx, plan.tick if plan.category_mode == "tick" else "■")
        xx += item_w
    page.put("filing_category", cat.value, chosen_box)


def _mark(page: Page, rng: random.Random, b: Box, kind: str) -> None:
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


def _hospitals(
    page: Page, rng: random.Random, plan: FormPlan, fill: _Filler, x: float, y: float, w: float, h: float
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


def _lines_layout(
    page: Page,
    rng: random.Random,
    plan: FormPlan,
    fill: _Filler,
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
            _hospitals(page, rng, plan, fill, lb[2] + 2, y - mm(1.2), x1 - lb[2] - 2, h)
        elif key == "filing_category":
            h = rh * 1.9
            _category(page, rng, plan, fill, lb[2] + 2, y - mm(2), x1 - lb[2] - 2, h)
        elif key == "period":
            _period(page, rng, plan, fill, shown, lb[2] + 2, y - mm(1.2), x1 - lb[2] - 2, rh)
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


def _footer(page: Page, rng: random.Random, plan: FormPlan, mx: float, y: float) -> None:
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
        mark = press(
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
        page.put("agency_stamp", True, mark.box)
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


def _id_boxes(
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


def _period(
    page: Page,
    rng: random.Random,
    plan: FormPlan,
    fill: _Filler,
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


def _stack_layout(
    page: Page,
    rng: random.Random,
    plan: FormPlan,
    fill: _Filler,
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
                    _category(page, rng, plan, fill, cx, vy, w, vh)
                elif key == "hospitals":
                    _hospitals(page, rng, plan, fill, cx, vy, w, vh)
                elif key == "period":
                    _period(page, rng, plan, fill, shown, cx, vy, w, vh)
                elif key == "id_number" and plan.id_boxes:
                    _id_boxes(page, rng, plan, shown[key][0], cx, vy, w, vh)
                else:
                    s, t = shown[key]
                    fill.value(key, s, t, cx, vy, w, vh)
            y += h
    rect(page, (mx, top, x1, y), plan.ink, 3)
    return y
