"""Declaration forms (申报表/备案表) in several layouts, wordings and inks, filled by hand or typed.

Why: each province prints its own form; the layouts here differ in grid (2 or
3 label/value pairs a row, vertical section bands, or no lines at all), in
colour, in how the category is marked and how hospitals are listed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from kernel.domain import GENDER_ZH
from samplegen.window import wording
from samplegen.window.canvas import (
    BLACK,
    RGB,
    Box,
    Page,
    hand,
    mm,
    new_page,
    text,
    text_width,
    union,
)
from samplegen.window.form_cells import footer
from samplegen.window.form_layouts import grid_layout, lines_layout, stack_layout
from samplegen.window.model import Filing

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


class Filler:
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
    fill = Filler(page, rng, plan)
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
        y = lines_layout(page, rng, plan, fill, shown, short, wide, mx, y)
    elif plan.layout == "stack":
        y = stack_layout(page, rng, plan, fill, shown, short, wide, mx, y)
    else:
        y = grid_layout(page, rng, plan, fill, shown, short, wide, mx, y)
    footer(page, rng, plan, mx, y)
    return page
