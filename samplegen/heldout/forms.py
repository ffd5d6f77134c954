"""Declaration forms (登记备案表) of several made-up provinces and cities, each its own grid.

Every agency prints its own layout, wording and order; an extractor tuned on one layout must
meet others here. A layout is a list of rows of weighted cells (``form_layouts``), drawn as a
full grid or as underlined blanks and filled by one pen (``form_writer``); every value's ink box
is recorded for truth. This module holds what is written and how it looks, and draws the page.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from samplegen.heldout.canvas import INK_BLACK, Color, Sheet
from samplegen.heldout.fill import Pen
from samplegen.heldout.form_layouts import layout_rows
from samplegen.heldout.form_writer import DOC, FormWriter
from samplegen.heldout.stamps import stamp


@dataclass
class Agent:
    """Someone filing on the applicant's behalf (代办人): printed, never the applicant."""

    name: str
    id_number: str
    phone: str
    relation: str


@dataclass
class DeclValues:
    """What the applicant wrote (display inputs); truth keeps the canonical forms separately."""

    name: str
    gender: str
    id_number: str
    ssn: str | None
    phone: str
    insured: str
    insurance: str
    employer: str | None
    category: str | None
    destination: str
    dest_split: tuple[str, str] | None
    residence_address: str
    hospitals: list[str]
    start: dt.date
    end: dt.date | None
    reason: str
    signed: bool
    signer: str
    signed_date: dt.date
    agency: str | None  # agency seal text, None = no seal in the stamp box
    agency_ink: str = "red"
    agency_shape: str = "round"
    receipt: tuple[str, str] | None = None  # (shape, text) of a window stamp outside the stamp box
    agent: Agent | None = None


@dataclass
class FormStyle:
    """How one region prints its form and how this applicant filled it."""

    layout: str
    title: str
    grid: bool
    line_color: Color
    label_role: str
    date_style: str
    mark: str
    hospital_style: str  # lines | 、 | ， | ； | numbered_inline
    pen: Pen
    label_size: float = 3.4
    notes: Sequence[str] = field(default_factory=tuple)




def render_declaration(sheet: Sheet, v: DeclValues, st: FormStyle, rng: random.Random) -> None:
    """Draw the whole form: title, form number, rows, notes, and the window's receipt stamp."""
    margin = rng.uniform(14, 22)
    x0, x1 = margin, sheet.w_mm - margin + rng.uniform(-3, 3)
    y = rng.uniform(14, 22)
    sheet.text(
        sheet.w_mm / 2,
        y,
        st.title,
        rng.uniform(6.0, 7.2),
        "serif_bold" if rng.random() < 0.5 else "sans_bold",
        st.line_color,
        "mm",
    )
    y += 9
    if rng.random() < 0.6:
        sheet.text(x1, y, f"编号：{rng.randrange(10**7, 10**8)}", 3.0, "sans", st.line_color, "rm")
        sheet.text(x0, y, "填表日期：" + " " * 20, 3.0, "sans", st.line_color, "lm")
        y += 6
    fw = FormWriter(sheet, v, st, rng, x0, x1)
    y = fw.rows(y, layout_rows(st.layout, v, rng))
    y += 5
    for note in st.notes:
        if y > sheet.h_mm - 12:
            break
        sheet.text(x0, y, note, 2.7, "sans", st.line_color)
        y += 4.6
    if v.receipt is not None:
        shape, text = v.receipt
        lines = tuple(text.split("|"))
        stamp(
            sheet,
            DOC,
            x1 - 30 + rng.uniform(-4, 4),
            10 + rng.uniform(0, 4),
            shape=shape,
            text=text.replace("|", ""),
            ink=rng.choice(("red", "blue", "purple")),
            role="unknown",
            rng=rng,
            size_mm=(42, 16 if len(lines) == 2 else 11),
            lines=lines,
        )


TITLES = {
    "grid4": ("跨省异地就医备案申请表", "{prov}基本医疗保险跨省异地就医备案表"),
    "vertical": ("基本医疗保险参保人员异地就医备案表", "{city}参保人员异地就医登记备案表"),
    "boxes": ("{prov}异地就医登记备案表", "异地就医直接结算备案登记表"),
    "lined": ("{city}医疗保险异地就医申请登记表", "异地就医登记备案表"),
}
NOTES = (
    "填表说明：1.本表一式两份，参保地经办机构和参保人各留存一份；",
    "2.选定定点医疗机构不超过3家，未选择的按第一家定点医院默认处理；",
    "3.请如实填写，并附相关证明材料复印件。",
)


def make_style(layout: str, province: str, city: str, rng: random.Random, ink: Color) -> FormStyle:
    """One region's print style plus one applicant's pen (hand or typed)."""
    from samplegen.heldout.canvas import INK_BLUE, INK_BLUEBLACK

    hand = rng.random() < 0.7
    pen_color = rng.choice((INK_BLUE, INK_BLUEBLACK, INK_BLACK)) if hand else INK_BLACK
    title = rng.choice(TITLES[layout]).format(prov=province, city=city)
    return FormStyle(
        layout=layout,
        title=title,
        grid=layout != "lined",
        line_color=ink,
        label_role=rng.choice(("sans", "serif", "ming", "hei")),
        date_style=rng.choice(("iso", "dots", "cn", "cn0", "slash")),
        mark=rng.choice(("check", "cross", "filled", "circle")),
        hospital_style=rng.choice(("lines", "、", "，", "；", "numbered_inline")),
        pen=Pen(
            hand,
            pen_color,
            rng.uniform(3.6, 4.4) if hand else rng.uniform(3.3, 3.8),
            rng,
            slant=rng.uniform(-4, 4),
        ),
        label_size=rng.uniform(3.2, 3.7),
        notes=NOTES if rng.random() < 0.6 else (),
    )
