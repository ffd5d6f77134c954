"""Declaration forms (登记备案表) of several made-up provinces and cities, each its own grid.

Every agency prints its own layout, wording and order; an extractor tuned on one layout must
meet others here. A layout is a list of rows of weighted cells, drawn as a full grid or as
underlined blanks, and filled by one pen; every value's ink box is recorded for truth.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import cast

from kernel.domain import CATEGORY_ZH, GENDER_ZH, INSURANCE_TYPE_ZH, FilingCategory
from samplegen.heldout.canvas import INK_BLACK, Color, Rect, Sheet, union
from samplegen.heldout.fill import Pen, fmt_date, option_row
from samplegen.heldout.stamps import stamp

DOC = "decl"
Cell = tuple[float, str, object]
Row = tuple[float, list[Cell]]


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


CATEGORIES = [(c.value, CATEGORY_ZH[c]) for c in FilingCategory]
INSURANCES = [(k, v) for k, v in INSURANCE_TYPE_ZH.items()]
GENDERS = [(k, v) for k, v in GENDER_ZH.items()]


class FormWriter:
    """Draws rows of cells from top to bottom and fills them from ``DeclValues``."""

    def __init__(
        self, sheet: Sheet, v: DeclValues, st: FormStyle, rng: random.Random, x0: float, x1: float
    ) -> None:
        self.s, self.v, self.st, self.rng = sheet, v, st, rng
        self.x0, self.x1 = x0, x1

    # -- primitives -------------------------------------------------------------------------
    def label(self, x0: float, y0: float, x1: float, y1: float, text: str, center: bool = True) -> None:
        size = self.st.label_size
        role, color = self.st.label_role, self.st.line_color
        parts = text.split("\n")
        widest = max(parts, key=len)
        while size > 2.2 and self.s.text_width(widest, size, role) > (x1 - x0) - 2:
            size -= 0.2
        if len(parts) == 1 and self.s.text_width(text, size, role) > (x1 - x0) - 1:
            parts = [text[: len(text) // 2], text[len(text) // 2 :]]
        if len(parts) > 1 or center:
            for i, p in enumerate(parts):
                yy = (y0 + y1) / 2 + (i - (len(parts) - 1) / 2) * size * 1.3
                self.s.text((x0 + x1) / 2, yy, p, size, role, color, "mm")
        else:
            self.s.text(x0 + 1.5, (y0 + y1) / 2, text, size, role, color)

    def value(self, key: str, x0: float, y0: float, x1: float, y1: float, text: str) -> Rect | None:
        pen = self.st.pen
        if not text:
            return None
        size = pen.size_mm
        while size > 2.6 and pen.width(self.s, text, size) > (x1 - x0) - 3:
            size -= 0.2
        if pen.width(self.s, text, size) > (x1 - x0) - 3 and (y1 - y0) > size * 2.4:
            half = len(text) // 2
            r = pen.write(self.s, x0 + 1.5, (y0 + y1) / 2 - size * 0.65, text[:half], size)
            r = union(r, pen.write(self.s, x0 + 1.5, (y0 + y1) / 2 + size * 0.65, text[half:], size))
        else:
            r = pen.write(
                self.s,
                x0 + 1.5 + self.rng.uniform(0, 2),
                (y0 + y1) / 2 + self.rng.uniform(-0.6, 0.6),
                text,
                size,
            )
        self.s.record(DOC, key, r)
        return r

    def frame(self, x0: float, y0: float, x1: float, y1: float, underline: bool) -> None:
        if self.st.grid:
            self.s.box(x0, y0, x1, y1, 0.28, self.st.line_color)
        elif underline:
            self.s.line(x0 + 0.5, y1 - 1.2, x1 - 0.5, y1 - 1.2, 0.2, self.st.line_color)

    # -- rows -------------------------------------------------------------------------------
    def rows(self, y: float, rows: list[Row]) -> float:
        for h, cells in rows:
            total = sum(c[0] for c in cells)
            x = self.x0
            for weight, kind, arg in cells:
                w = (self.x1 - self.x0) * weight / total
                self.cell(kind, arg, x, y, x + w, y + h)
                x += w
            y += h
        return y

    def cell(self, kind: str, arg: object, x0: float, y0: float, x1: float, y1: float) -> None:
        v, st = self.v, self.st
        if kind == "L":
            self.frame(x0, y0, x1, y1, False)
            self.label(x0, y0, x1, y1, str(arg), center=st.grid)
            return
        self.frame(x0, y0, x1, y1, kind in ("V", "P"))
        if kind == "V":
            key = str(arg)
            self.value(key.split(":")[0], x0, y0, x1, y1, self.display(key))
        elif kind == "ID":
            self.id_boxes(x0, y0, x1, y1)
        elif kind == "O":
            key, cols = cast(tuple[str, int], arg)
            opts, chosen = {
                "filing_category": (CATEGORIES, v.category),
                "insurance_type": (INSURANCES, v.insurance),
                "gender": (GENDERS, v.gender),
            }[key]
            nrows = (len(opts) + cols - 1) // cols
            row_h = (y1 - y0) / nrows
            style = st.mark if key == "filing_category" else ("check" if st.mark == "circle" else st.mark)
            r = option_row(
                self.s,
                st.pen,
                x0 + 1,
                y0 + row_h / 2,
                x1 - 1,
                opts,
                chosen,
                style,
                cols,
                st.label_size * 0.95,
                row_h,
                st.line_color,
            )
            self.s.record(DOC, key, r)
        elif kind == "H":
            self.hospitals(x0, y0, x1, y1)
        elif kind == "P":
            self.period(x0, y0, x1, y1)
        elif kind == "S":
            self.signature(x0, y0, x1, y1)
        elif kind == "A":
            self.agency(x0, y0, x1, y1, str(arg))
        elif kind == "AG":
            agent = v.agent
            text = "" if agent is None else str(getattr(agent, str(arg)))
            if text:
                self.st.pen.write(self.s, x0 + 1.5, (y0 + y1) / 2, text)
        elif kind == "T":
            self.s.text(x0 + 1.5, (y0 + y1) / 2, str(arg), st.label_size * 0.85, st.label_role, st.line_color)

    def display(self, key: str) -> str:
        v, ds = self.v, self.st.date_style
        if key == "destination_region:prov":
            return v.dest_split[0] if v.dest_split else v.destination
        if key == "destination_region:city":
            return v.dest_split[1] if v.dest_split else ""
        return {
            "name": v.name,
            "gender": GENDER_ZH[v.gender],
            "id_number": v.id_number,
            "social_security_number": v.ssn or "",
            "phone": v.phone,
            "insured_region": v.insured,
            "insurance_type": INSURANCE_TYPE_ZH[v.insurance],
            "employer": v.employer or "",
            "destination_region": v.destination,
            "residence_address": v.residence_address,
            "start_date": fmt_date(v.start, ds),
            "end_date": fmt_date(v.end, ds) if v.end else "",
            "reason": v.reason,
            "signed_date": fmt_date(v.signed_date, ds),
        }[key]

    def id_boxes(self, x0: float, y0: float, x1: float, y1: float) -> None:
        """The ID number written one character per printed box (18 boxes)."""
        w = min((x1 - x0 - 3) / 18, 6.5)
        top, bot = y0 + (y1 - y0) * 0.15, y1 - (y1 - y0) * 0.15
        r: Rect | None = None
        for i, ch in enumerate(self.v.id_number):
            bx = x0 + 1.5 + i * w
            self.s.box(bx, top, bx + w, bot, 0.2, self.st.line_color)
            cx = bx + w * 0.5 - self.st.pen.width(self.s, ch, min(self.st.pen.size_mm, w * 0.8)) / 2
            r = union(
                r, self.st.pen.write(self.s, cx, (top + bot) / 2, ch, min(self.st.pen.size_mm, w * 0.8))
            )
        self.s.record(DOC, "id_number", r)

    def hospitals(self, x0: float, y0: float, x1: float, y1: float) -> None:
        v, st, pen = self.v, self.st, self.st.pen
        names = v.hospitals
        if not names:
            return
        if st.hospital_style == "lines":
            step = min((y1 - y0) / max(3, len(names)), pen.size_mm * 2.0)
            for i, name in enumerate(names):
                yy = y0 + step * (i + 0.5) + 0.5
                self.s.record(DOC, "hospitals", pen.write(self.s, x0 + 2, yy, f"{i + 1}.{name}"))
            return
        if st.hospital_style == "numbered_inline":
            text = "  ".join(f"{i + 1}.{n}" for i, n in enumerate(names))
        else:
            sep = st.hospital_style
            text = sep.join(f"{i + 1}.{n}" if self.rng.random() < 0.5 else n for i, n in enumerate(names))
        self.value("hospitals", x0, y0, x1, y1, text)

    def period(self, x0: float, y0: float, x1: float, y1: float) -> None:
        v, st = self.v, self.st
        mid = (y0 + y1) / 2
        self.s.text(x0 + 2, mid, "自", st.label_size, st.label_role, st.line_color)
        a = x0 + 2 + st.label_size * 1.4
        self.s.record(DOC, "start_date", st.pen.write(self.s, a, mid, fmt_date(v.start, st.date_style)))
        b = a + (x1 - x0) * 0.42
        self.s.text(b, mid, "至", st.label_size, st.label_role, st.line_color)
        if v.end:
            self.s.record(
                DOC,
                "end_date",
                st.pen.write(self.s, b + st.label_size * 1.4, mid, fmt_date(v.end, st.date_style)),
            )

    def signature(self, x0: float, y0: float, x1: float, y1: float) -> None:
        v, st = self.v, self.st
        mid = (y0 + y1) / 2
        self.s.text(x0 + 2, mid, "申请人（签字）：", st.label_size, st.label_role, st.line_color)
        sx = x0 + 2 + self.s.text_width("申请人（签字）：", st.label_size, st.label_role) + 2
        if v.signed:
            r = self.s.hand(sx, mid, v.signer, st.pen.size_mm * 1.45, self.rng, st.pen.color, slant=-8)
            self.s.record(DOC, "applicant_signature", r)
        dx = x0 + (x1 - x0) * 0.58
        self.s.text(dx, mid, "日期：", st.label_size, st.label_role, st.line_color)
        r = st.pen.write(self.s, dx + st.label_size * 3.2, mid, fmt_date(v.signed_date, st.date_style))
        self.s.record(DOC, "signed_date", r)

    def agency(self, x0: float, y0: float, x1: float, y1: float, title: str) -> None:
        v, st = self.v, self.st
        self.s.text(x0 + 2, y0 + 5, title, st.label_size, st.label_role, st.line_color)
        self.s.text(x1 - 62, y1 - 14, "经办人：", st.label_size, st.label_role, st.line_color)
        self.s.text(
            x1 - 62, y1 - 6, "（盖章）      年    月    日", st.label_size, st.label_role, st.line_color
        )
        if v.agency is None:
            return
        self.s.hand(
            x0 + 12,
            y0 + 14,
            self.rng.choice(("同意备案。", "情况属实，同意。", "同意")),
            4.2,
            self.rng,
            st.pen.color,
        )
        self.s.hand(
            x1 - 62 + st.label_size * 4.2,
            y1 - 14,
            self.rng.choice(("李敏", "王红", "赵军", "刘洋")),
            4.0,
            self.rng,
            st.pen.color,
        )
        cy = min(y1 - 21, y0 + 26)
        seal = stamp(
            self.s,
            DOC,
            x1 - 40 + self.rng.uniform(-6, 6),
            cy + self.rng.uniform(-2, 4),
            shape=v.agency_shape,
            text=v.agency,
            ink=v.agency_ink,
            role="agency",
            rng=self.rng,
            size_mm=(40, 40) if v.agency_shape == "round" else (46, 32),
            lines=("业务专用章",) if self.rng.random() < 0.4 else (),
        )
        if seal is not None:
            self.s.record(DOC, "agency_stamp", seal.rect)


def _layout_rows(layout: str, v: DeclValues, rng: random.Random) -> list[Row]:
    """The grid of one layout: rows of (weight, kind, arg) cells."""
    id_cell: Cell = (3.3, "ID", None) if layout == "vertical" else (3.0, "V", "id_number")
    if layout == "grid4":
        rows: list[Row] = [
            (
                10,
                [
                    (1.1, "L", "姓  名"),
                    (1.4, "V", "name"),
                    (0.8, "L", "性别"),
                    (0.7, "V", "gender"),
                    (1.1, "L", "联系电话"),
                    (1.9, "V", "phone"),
                ],
            ),
            (
                10,
                [
                    (1.1, "L", "公民身份号码"),
                    (2.9, "V", "id_number"),
                    (1.1, "L", "社会保障卡号"),
                    (1.9, "V", "social_security_number"),
                ],
            ),
            (
                12,
                [
                    (1.1, "L", "参保地"),
                    (1.8, "V", "insured_region"),
                    (0.9, "L", "险种"),
                    (3.2, "O", ("insurance_type", 2)),
                ],
            ),
            (10, [(1.1, "L", "工作单位"), (5.9, "V", "employer")]),
            (
                10,
                [
                    (1.1, "L", "就医地"),
                    (1.8, "V", "destination_region"),
                    (1.1, "L", "异地居住\n地址"),
                    (3.0, "V", "residence_address"),
                ],
            ),
            (20, [(1.1, "L", "备案类型"), (5.9, "O", ("filing_category", 2))]),
            (24, [(1.1, "L", "选定定点\n医疗机构"), (5.9, "H", None)]),
            (10, [(1.1, "L", "备案期限"), (5.9, "P", None)]),
            (12, [(1.1, "L", "申请原因"), (5.9, "V", "reason")]),
        ]
        if v.agent is not None:
            rows.append(
                (
                    10,
                    [
                        (1.1, "L", "代办人姓名"),
                        (1.3, "AG", "name"),
                        (1.0, "L", "代办人\n身份证号"),
                        (2.2, "AG", "id_number"),
                        (0.8, "L", "关系"),
                        (0.6, "AG", "relation"),
                    ],
                )
            )
        rows += [(16, [(7.0, "S", None)]), (52, [(7.0, "A", "参保地经办机构意见：")])]
        return rows
    if layout == "vertical":
        split = v.dest_split is not None
        dest: list[Cell] = (
            [
                (0.9, "L", "就医省份"),
                (1.2, "V", "destination_region:prov"),
                (0.9, "L", "就医城市"),
                (1.2, "V", "destination_region:city"),
            ]
            if split
            else [(0.9, "L", "就医地"), (3.3, "V", "destination_region")]
        )
        rows = [
            (
                11,
                [
                    (0.5, "L", "参\n保"),
                    (0.9, "L", "姓名"),
                    (1.2, "V", "name"),
                    (0.9, "L", "性别"),
                    (1.2, "O", ("gender", 2)),
                ],
            ),
            (11, [(0.5, "L", "人"), (0.9, "L", "身份证号"), id_cell]),
            (
                11,
                [
                    (0.5, "L", "信"),
                    (0.9, "L", "联系电话"),
                    (1.2, "V", "phone"),
                    (0.9, "L", "参保地"),
                    (1.2, "V", "insured_region"),
                ],
            ),
            (11, [(0.5, "L", "息"), (0.9, "L", "单位名称"), (3.3, "V", "employer")]),
            (11, [(0.5, "L", "备"), (0.9, "L", "险种类型"), (3.3, "O", ("insurance_type", 2))]),
            (11, [(0.5, "L", "案"), *dest]),
            (11, [(0.5, "L", "信"), (0.9, "L", "现居住地址"), (3.3, "V", "residence_address")]),
            (24, [(0.5, "L", "息"), (0.9, "L", "人员类别"), (3.3, "O", ("filing_category", 3))]),
            (22, [(0.5, "L", ""), (0.9, "L", "选择就医\n医院"), (3.3, "H", None)]),
            (
                11,
                [
                    (0.5, "L", ""),
                    (0.9, "L", "开始日期"),
                    (1.2, "V", "start_date"),
                    (0.9, "L", "结束日期"),
                    (1.2, "V", "end_date"),
                ],
            ),
            (11, [(0.5, "L", ""), (0.9, "L", "申请事由"), (3.3, "V", "reason")]),
            (14, [(4.7, "S", None)]),
            (50, [(4.7, "A", "经办机构审核意见（盖章）：")]),
        ]
        return rows
    # boxes and lined share a two-column body
    rows = [
        (
            11,
            [
                (1.0, "L", "姓名"),
                (1.5, "V", "name"),
                (0.8, "L", "性别"),
                (0.8, "V", "gender"),
                (1.0, "L", "手机号码"),
                (1.9, "V", "phone"),
            ],
        ),
        (
            11,
            [(1.0, "L", "身份证号码"), id_cell, (1.0, "L", "社保卡号"), (2.0, "V", "social_security_number")]
            if layout == "lined"
            else [(1.0, "L", "身份证号码"), (6.0, "ID", None)],
        ),
    ]
    if layout == "boxes":
        rows.append((11, [(1.0, "L", "社保卡号"), (6.0, "V", "social_security_number")]))
    rows += [
        (
            11,
            [
                (1.0, "L", "参保地区"),
                (2.0, "V", "insured_region"),
                (1.0, "L", "参保险种"),
                (3.0, "V", "insurance_type"),
            ],
        ),
        (11, [(1.0, "L", "单位名称"), (6.0, "V", "employer")]),
        (
            11,
            [
                (1.0, "L", "就医地区"),
                (2.0, "V", "destination_region"),
                (1.0, "L", "居住地址"),
                (3.0, "V", "residence_address"),
            ],
        ),
        (30, [(1.0, "L", "备案人员\n类型"), (6.0, "O", ("filing_category", 3 if rng.random() < 0.5 else 2))]),
        (24, [(1.0, "L", "定点医疗\n机构"), (6.0, "H", None)]),
        (
            11,
            [
                (1.0, "L", "起始日期"),
                (2.5, "V", "start_date"),
                (1.0, "L", "截止日期"),
                (2.5, "V", "end_date"),
            ],
        ),
        (13, [(1.0, "L", "备案原因"), (6.0, "V", "reason")]),
    ]
    if v.agent is not None:
        rows.append(
            (
                11,
                [
                    (1.0, "L", "代办人"),
                    (1.3, "AG", "name"),
                    (1.0, "L", "证件号码"),
                    (2.4, "AG", "id_number"),
                    (0.8, "L", "电话"),
                    (1.5, "AG", "phone"),
                ],
            )
        )
    rows += [(15, [(7.0, "S", None)]), (50, [(7.0, "A", "经办机构（单位）意见：")])]
    return rows


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
    y = fw.rows(y, _layout_rows(st.layout, v, rng))
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
