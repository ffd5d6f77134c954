"""Drawing a declaration form's rows: labels, filled values, option marks, the stamp box.

Each cell kind of a layout row (``form_layouts``) has its drawing here; every value's ink
box is recorded on the sheet for the truth file.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, cast

from kernel.domain import CATEGORY_ZH, GENDER_ZH, INSURANCE_TYPE_ZH, FilingCategory
from samplegen.heldout.canvas import Rect, Sheet, union
from samplegen.heldout.fill import fmt_date, option_row
from samplegen.heldout.form_layouts import Row
from samplegen.heldout.stamps import stamp

if TYPE_CHECKING:
    from samplegen.heldout.forms import DeclValues, FormStyle

DOC = "decl"
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
