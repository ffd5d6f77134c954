"""The declaration form painter's state and its cells: the layout drawn at random (label cells
left of value cells, labels above values, or fill-in lines), the rules and label inks, and the
primitives every block uses to place a label, a value, check-box choices or a wide row.

Kept apart from the blocks so that the sections (``formsections``), the signature and seal boxes
(``formsigning``) and the whole-form order (``forms``) each read on their own."""

from __future__ import annotations

import random
from dataclasses import dataclass

from kernel.domain import GENDER_ZH
from samplegen.counter import dates, wording
from samplegen.counter.canvas import INK, PRINT_RED, RGB, Sheet
from samplegen.counter.fonts import font
from samplegen.counter.geometry import Box, union
from samplegen.counter.marks import DrawnDoc, Val
from samplegen.counter.pen import Writer, tick
from samplegen.counter.people import Filing, Person

# nominal value widths (relative) of the small fields a row packs side by side
_WEIGHTS = {
    "name": 2.0,
    "gender": 1.0,
    "phone": 2.4,
    "id_number": 3.6,
    "social_security_number": 3.0,
    "insured_region": 2.6,
    "insurance_type": 2.6,
    "destination_region": 2.6,
    "start_date": 2.2,
    "end_date": 2.2,
}


@dataclass
class FormSpec:
    filing: Filing
    agent: Person | None
    agent_relation: str
    stamp: bool  # the agency confirmed it with its seal
    receipt_over_seal: bool  # a dated receipt stamp pressed over / beside the seal
    name_seal: bool  # the applicant's small name seal beside the signature
    unit_seal: bool  # the employer's seal in a unit-opinion box


class FormCells:
    """A form painter's state and the cells its blocks are built of."""

    def __init__(self, sheet: Sheet, spec: FormSpec, rng: random.Random, scale: float = 1.0) -> None:
        self.s = sheet
        self.scale = scale
        self.spec = spec
        self.f = spec.filing
        self.rng = rng
        self.doc = DrawnDoc("declaration_form")
        self.mode = rng.choice(("left", "left", "above", "lines"))
        self.red = rng.random() < 0.15  # a form printed in red: red rules and labels, no seal
        self.rule: RGB = PRINT_RED if self.red else INK
        self.label_ink: RGB = PRINT_RED if self.red and rng.random() < 0.6 else INK
        self.label_role = rng.choice(("song", "song", "hei", "ming", "song_bold"))
        self.label_px = sheet.pt(rng.uniform(9.5, 11.0))
        self.w = Writer.pick(sheet, rng)
        margin = sheet.mm(rng.uniform(14, 22))
        self.x0, self.x1 = margin, sheet.width - margin
        self.y = sheet.mm(rng.uniform(14, 22))
        self.row_h = sheet.mm(rng.uniform(9.5, 12.0)) * (1.35 if self.mode == "above" else 1.0) * scale
        self.rule_w = max(1, round(sheet.dpi / 100))
        self.labels = {k: rng.choice(v) for k, v in wording.LABELS.items()}
        if "社会保障" in self.labels["id_number"] and self.labels["social_security_number"].startswith(
            "社会保障"
        ):
            self.labels["id_number"] = "公民身份号码"

    # ---- rows -------------------------------------------------------------------------
    def _pack(self, keys: list[str]) -> list[list[str]]:
        cap = self.rng.uniform(8.5, 11.0)
        rows: list[list[str]] = [[]]
        used = 0.0
        for k in keys:
            need = 1.3 + _WEIGHTS[k]
            if rows[-1] and used + need > cap:
                rows.append([])
                used = 0.0
            rows[-1].append(k)
            used += need
        return rows

    # ---- cells --------------------------------------------------------------------------
    def _label(self, box: Box, text: str) -> None:
        s = self.s
        x0, y0, x1, y1 = box
        if self.mode == "above":
            fnt = s.fit(text, self.label_role, round(self.label_px * 0.85), x1 - x0 - 6)
            s.text((x0 + s.mm(1), y0 + s.mm(1) + fnt.size), text, fnt, fill=self.label_ink)
            return
        fnt = s.fit(text, self.label_role, self.label_px, x1 - x0 - s.mm(2))
        if self.mode == "lines":
            s.text(
                (x1 - s.mm(0.5), (y0 + y1) / 2 + fnt.size * 0.38),
                text + "：",
                fnt,
                fill=self.label_ink,
                anchor="rs",
            )
        else:
            s.text(
                ((x0 + x1) / 2, (y0 + y1) / 2 + fnt.size * 0.38), text, fnt, fill=self.label_ink, anchor="ms"
            )

    def _value_area(self, box: Box) -> tuple[float, float, float]:
        """(x, baseline, max width) where a value goes in a cell."""
        s = self.s
        x0, y0, x1, y1 = box
        if self.mode == "above":
            return x0 + s.mm(3), y1 - s.mm(2.2), x1 - x0 - s.mm(4)
        return x0 + s.mm(1.5), (y0 + y1) / 2 + self.w.px * 0.4, x1 - x0 - s.mm(3)

    def _cells(self, weights: list[float], h: float) -> list[Box]:
        total = sum(weights)
        xs = [self.x0]
        for w in weights:
            xs.append(xs[-1] + (self.x1 - self.x0) * w / total)
        y0, y1 = self.y, self.y + h
        if self.mode != "lines":
            for x in xs:
                self.s.line((x, y0), (x, y1), self.rule, self.rule_w)
            self.s.line((self.x0, y1), (self.x1, y1), self.rule, self.rule_w)
        return [(xs[i], y0, xs[i + 1], y1) for i in range(len(weights))]

    def _pairs_layout(self, keys: list[str], h: float) -> list[tuple[Box, Box]]:
        if self.mode == "above":
            cells = self._cells([_WEIGHTS.get(k, 8.0) + 1.0 for k in keys], h)
            return [(c, c) for c in cells]
        weights: list[float] = []
        for k in keys:
            weights += [1.35, _WEIGHTS[k]]
        cells = self._cells(weights, h)
        return [(cells[2 * i], cells[2 * i + 1]) for i in range(len(keys))]

    def _underline(self, box: Box) -> None:
        if self.mode == "lines":
            x0, _, x1, y1 = box
            self.s.line((x0, y1 - self.s.mm(1.8)), (x1 - self.s.mm(2), y1 - self.s.mm(1.8)), self.rule, 1)

    def _pairs(self, keys: list[str]) -> None:
        h = self.row_h
        for k, (lab, val) in zip(keys, self._pairs_layout(keys, h), strict=True):
            self._label(lab, self.labels[k])
            self._underline(val)
            self._fill(k, val)
        self.y += h

    def _fill(self, key: str, cell: Box) -> None:
        f, rng = self.f, self.rng
        x, base, mw = self._value_area(cell)
        if key == "gender":
            if rng.random() < 0.3:
                self._choices(cell, [("男", "male"), ("女", "female")], f.gender, key)
            else:
                self.doc.fields[key] = Val(f.gender, self.w.put(self.s, x, base, GENDER_ZH[f.gender], mw))
            return
        if key == "insurance_type":
            if rng.random() < 0.4:
                opts = [(rng.choice(wording.INSURANCE_WORDS[t][:2]), t) for t in ("employee", "resident")]
                self._choices(cell, opts, f.insurance_type, key)
            else:
                text = rng.choice(wording.INSURANCE_WORDS[f.insurance_type])
                self.doc.fields[key] = Val(f.insurance_type, self.w.put(self.s, x, base, text, mw))
            return
        text, value = self._text_of(key)
        if text:
            self.doc.fields[key] = Val(value, self.w.put(self.s, x, base, text, mw))
        else:
            self.doc.fields[key] = Val(None, None)

    def _text_of(self, key: str) -> tuple[str, object]:
        f, rng = self.f, self.rng
        if key in ("insured_region", "destination_region"):
            region = f.insured if key == "insured_region" else f.destination
            return wording.region_text(region, rng), region.name
        if key in ("start_date", "end_date"):
            d = f.start_date if key == "start_date" else f.end_date
            if d is None:
                return "", None
            return dates.fmt(d, self._date_style()), d.isoformat()
        value = {
            "name": f.name,
            "id_number": f.id_number,
            "social_security_number": f.ssn,
            "phone": f.phone,
            "employer": f.employer,
            "residence_address": f.residence_address,
            "reason": f.reason,
        }[key]
        return (value or ""), value

    def _date_style(self) -> str:
        if not hasattr(self, "_ds"):
            self._ds = dates.pick(self.rng)
        return self._ds

    def _choices(self, cell: Box, opts: list[tuple[str, str]], chosen: str, key: str) -> None:
        s = self.s
        x, base, mw = self._value_area(cell)
        px = round(self.label_px * 0.92)
        while px > 8:  # every option must fit the cell
            f = font(self.label_role, px)
            need = sum(f.size * 0.8 + s.mm(0.8) + f.getlength(t) + s.mm(2.5) for t, _ in opts)
            if need <= mw:
                break
            px -= 1
        fnt = font(self.label_role, px)
        kind = self.rng.choice(("tick", "tick", "cross", "fill", "circle"))
        for text, value in opts:
            b = fnt.size * 0.8
            box = (x, base - b, x + b, base)
            s.rect(box, outline=self.rule, width=1)
            tb = s.text((x + b + s.mm(0.8), base), text, fnt, fill=self.label_ink)
            if value == chosen:
                mark = tick(s, box, self.w.pen, self.rng, kind)
                self.doc.fields[key] = Val(value, union([mark, tb]))
            x = tb[2] + s.mm(2.5)

    def _wide(self, key: str, lines: int = 1) -> None:
        h = self.row_h * (1.0 if lines == 1 else 1.3)
        if key == "employer" and self.f.employer is None and self.rng.random() < 0.3:
            self.doc.fields[key] = Val(None, None)
            return  # some forms print no unit line at all
        lab, val = (
            self._pairs_layout([key], h)[0] if self.mode == "above" else self._wide_cells(h, self.labels[key])
        )
        self._label(lab, self.labels[key])
        self._underline(val)
        text, value = self._text_of(key)
        if not text:
            self.doc.fields[key] = Val(None, None)
        else:
            x, base, mw = self._value_area(val)
            if lines > 1 and self.mode != "above":
                base = val[1] + self.s.mm(1.2) + self.w.px
                box = self.w.wrap_put(self.s, x, base, text, mw, 2, self.w.px * 1.25)
            else:
                box = self.w.put(self.s, x, base, text, mw)
            self.doc.fields[key] = Val(value, box)
        self.y += h

    def _wide_cells(self, h: float, label: str = "") -> tuple[Box, Box]:
        need = len(label) * 0.19 + (0.25 if self.mode == "lines" else 0.1)
        lab = max(1.35, need)
        cells = self._cells([lab, 9.35 - lab], h)
        return cells[0], cells[1]
