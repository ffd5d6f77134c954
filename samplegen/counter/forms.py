"""Declaration forms (异地就医登记备案表 and the titles other places print) in layouts drawn at
random: label cells left of value cells, labels above values, or fill-in lines; the six filing
categories as check boxes, circled wording or a written value; an agent's section; signature,
date and the agency's seal box."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from kernel import refdata
from kernel.domain import CATEGORY_ZH, GENDER_ZH, FilingCategory
from samplegen.counter import dates, wording
from samplegen.counter.canvas import INK, PRINT_RED, RGB, Sheet
from samplegen.counter.fonts import font
from samplegen.counter.geometry import Box, union
from samplegen.counter.marks import DrawnDoc, Val
from samplegen.counter.pen import Writer, ring, signature, tick
from samplegen.counter.people import Filing, Person
from samplegen.counter.seals import press
from samplegen.counter.stampkit import agency_seal, name_seal, receipt_stamp

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


class FormPainter:
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

    # ---- whole form -------------------------------------------------------------------
    def paint(self) -> DrawnDoc:
        self._title()
        blocks = self._plan_blocks()
        for block in blocks:
            block()
        self._frame_bottom()
        return self.doc

    def _title(self) -> None:
        s, rng = self.s, self.rng
        text = wording.title(self.f.insured if rng.random() < 0.7 else self.f.destination, rng)
        px = s.pt(rng.uniform(15, 19))
        fnt = s.fit(text, rng.choice(("song_bold", "hei_bold", "song")), px, self.x1 - self.x0)
        colour = PRINT_RED if (self.red or rng.random() < 0.1) else INK
        box = s.text(
            ((self.x0 + self.x1) / 2, self.y + px), text, fnt, fill=colour, anchor="ms", spacing=px * 0.08
        )
        self.y = box[3] + s.mm(3)
        small = font("song", s.pt(9))
        if rng.random() < 0.6:
            s.text((self.x0, self.y + small.size), f"编号：{rng.randint(100000, 999999)}", small)
        if rng.random() < 0.5:
            s.text(
                (self.x1, self.y + small.size),
                rng.choice(("表一", "YB-03", "附件2", "(2024版)")),
                small,
                anchor="rs",
            )
        self.y += small.size * 1.6
        self.table_top = self.y
        if self.mode != "lines":
            s.line((self.x0, self.y), (self.x1, self.y), self.rule, self.rule_w)

    def _plan_blocks(self) -> list[Callable[[], None]]:
        rng = self.rng
        small = [
            "name",
            "gender",
            "id_number",
            "social_security_number",
            "phone",
            "insured_region",
            "insurance_type",
        ]
        if rng.random() < 0.4:
            small[3], small[4] = small[4], small[3]
        if rng.random() < 0.3:
            small.remove("phone")
            small.insert(2, "phone")
        where = ["destination_region"]
        period = rng.random() < 0.4
        if not period:
            where += ["start_date", "end_date"]
        blocks: list[Callable[[], None]] = [partial(self._pairs, r) for r in self._pack(small)]
        blocks.append(partial(self._wide, "employer"))
        blocks.append(self._category)
        for r in self._pack(where):
            blocks.append(partial(self._pairs, r))
        if period:
            blocks.append(self._period)
        tail: list[Callable[[], None]] = [
            partial(self._wide, "residence_address", lines=2),
            self._hospitals,
            partial(self._wide, "reason"),
        ]
        if rng.random() < 0.3:
            tail[0], tail[1] = tail[1], tail[0]
        blocks += tail
        if self.spec.agent is not None or rng.random() < 0.35:
            blocks.append(self._agent)
        blocks.append(self._sign)
        if self.spec.unit_seal:
            blocks.append(self._unit_box)
        blocks.append(self._agency)
        return blocks

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

    def _category(self) -> None:
        s, rng = self.s, self.rng
        cats = list(FilingCategory)
        if rng.random() < 0.3:
            rng.shuffle(cats)
        style = rng.choice(("box", "box", "ring", "written"))
        words = {
            c: (CATEGORY_ZH[c] if rng.random() < 0.6 else rng.choice(wording.CATEGORY_WORDS[c])) for c in cats
        }
        fnt = font(self.label_role, round(self.label_px * 0.92))
        per_row = rng.choice((2, 3))
        nrows = 1 if style == "written" else (len(cats) + per_row - 1) // per_row
        h = max(self.row_h, nrows * fnt.size * 1.9 + s.mm(3)) + (s.mm(4) if self.mode == "above" else 0)
        lab, val = (
            self._pairs_layout(["filing_category"], h)[0] if self.mode == "above" else self._wide_cells(h)
        )
        self._label(lab, self.labels["filing_category"])
        chosen = self.f.category
        if style == "written":
            x, base, mw = self._value_area(val)
            self.doc.fields["filing_category"] = Val(chosen.value, self.w.put(s, x, base, words[chosen], mw))
            self.y += h
            return
        top = val[1] + s.mm(2) + (s.mm(4) if self.mode == "above" else 0)
        colw = (val[2] - val[0] - s.mm(3)) / per_row
        kind = rng.choice(("tick", "tick", "cross", "fill", "circle"))
        numbered = rng.random() < 0.5
        for i, c in enumerate(cats):
            r, col = divmod(i, per_row)
            x = val[0] + s.mm(1.5) + col * colw
            base = top + fnt.size * (1.0 + 1.9 * r)
            label = words[c]
            prefix = f"{i + 1}." if style == "ring" and numbered else ""
            if style == "box":
                b = fnt.size * 0.8
                box = (x, base - b, x + b, base)
                s.rect(box, outline=self.rule, width=1)
                tb = s.text(
                    (x + b + s.mm(0.8), base),
                    label,
                    s.fit(label, self.label_role, int(fnt.size), colw - b - s.mm(2)),
                    fill=self.label_ink,
                )
                if c == chosen:
                    mark = tick(s, box, self.w.pen, rng, kind)
                    self.doc.fields["filing_category"] = Val(c.value, union([mark, tb]))
            else:
                tb = s.text(
                    (x, base),
                    prefix + label,
                    s.fit(prefix + label, self.label_role, int(fnt.size), colw - s.mm(3)),
                    fill=self.label_ink,
                )
                if c == chosen:
                    self.doc.fields["filing_category"] = Val(c.value, ring(s, tb, self.w.pen, rng))
        self.y += h

    def _period(self) -> None:
        s, f = self.s, self.f
        h = self.row_h
        lab, val = self._pairs_layout(["start_date"], h)[0] if self.mode == "above" else self._wide_cells(h)
        self._label(lab, self.rng.choice(wording.LABELS["period"]))
        x, base, mw = self._value_area(val)
        fnt = font(self.label_role, round(self.label_px * 0.95))
        b = s.text((x, base), "自", fnt, fill=self.label_ink)
        style = self._date_style()
        sb = self.w.put(s, b[2] + s.mm(2), base, dates.fmt(f.start_date, style), mw / 2.6)
        self.doc.fields["start_date"] = Val(f.start_date.isoformat(), sb)
        b2 = s.text((sb[2] + s.mm(2), base), "至", fnt, fill=self.label_ink)
        if f.end_date is not None:
            eb = self.w.put(s, b2[2] + s.mm(2), base, dates.fmt(f.end_date, style), mw / 2.6)
            self.doc.fields["end_date"] = Val(f.end_date.isoformat(), eb)
        else:
            if self.rng.random() < 0.5:
                self.w.put(s, b2[2] + s.mm(2), base, "长期", mw / 4)
            self.doc.fields["end_date"] = Val(None, None)
        s.text(
            (val[2] - s.mm(2), base),
            "止" if self.rng.random() < 0.5 else "",
            fnt,
            fill=self.label_ink,
            anchor="rs",
        )
        self.y += h

    def _hospitals(self) -> None:
        s, rng, f = self.s, self.rng, self.f
        names = f.hospitals
        style = rng.choice(("numbered", "dun", "comma", "semi", "lines"))
        n_lines = 3 if style == "lines" else 2
        h = max(self.row_h, self.w.px * 1.45 * n_lines + s.mm(3))
        lab, val = (
            self._pairs_layout(["hospitals"], h)[0]
            if self.mode == "above"
            else self._wide_cells(h, self.labels["hospitals"])
        )
        self._label(lab, self.labels["hospitals"])
        x, _, mw = self._value_area(val)
        top = val[1] + s.mm(1.5) + (s.mm(3.5) if self.mode == "above" else 0)
        line_h = (val[3] - top - s.mm(1)) / n_lines
        if not names:
            default = refdata.hospitals_in(f.destination.code)[:1]
            self.doc.fields["hospitals"] = Val(default, None)
            if style == "lines":
                for i in range(3):
                    s.text(
                        (x, top + line_h * (i + 0.75)),
                        f"{i + 1}.",
                        font(self.label_role, self.label_px),
                        fill=self.label_ink,
                    )
            self.y += h
            return
        boxes: list[Box | None] = []
        if style == "lines":
            fnt = font(self.label_role, self.label_px)
            for i in range(3):
                base = top + line_h * (i + 0.78)
                nb = s.text((x, base), f"{i + 1}.", fnt, fill=self.label_ink)
                if i < len(names):
                    boxes.append(self.w.put(s, nb[2] + s.mm(1.5), base, names[i], mw - s.mm(8)))
            if len(names) > 3:
                boxes.append(self.w.put(s, x + mw * 0.55, top + line_h * 2.78, names[3], mw * 0.45))
        else:
            sep = {"numbered": " ", "dun": "、", "comma": "，", "semi": "；"}[style]
            parts = [f"{i + 1}.{n}" if style == "numbered" else n for i, n in enumerate(names)]
            text = sep.join(parts)
            boxes.append(self.w.wrap_put(s, x, top + line_h * 0.78, text, mw, 2, line_h))
        self.doc.fields["hospitals"] = Val(list(names), union(boxes))
        self.y += h

    def _agent(self) -> None:
        s, rng = self.s, self.rng
        agent = self.spec.agent
        labels = rng.choice(wording.AGENT_LABELS)
        h = self.row_h
        if self.mode != "lines" and rng.random() < 0.6:
            band = self._cells([9.35], h * 0.8)[0]
            s.text(
                ((band[0] + band[2]) / 2, (band[1] + band[3]) / 2 + self.label_px * 0.38),
                "代办人信息（由他人代办时填写）",
                font(self.label_role, self.label_px),
                fill=self.label_ink,
                anchor="ms",
            )
            self.y += h * 0.8
        rows = [[(labels[0], 2.0), (labels[1], 3.6)], [(labels[3], 2.0), (labels[2], 2.6)]]
        values = (
            [[agent.name, agent.id_number], [self.spec.agent_relation, agent.phone]]
            if agent is not None
            else [["", ""], ["", ""]]
        )
        for row, vals in zip(rows, values, strict=True):
            weights: list[float] = []
            for _, w in row:
                weights += [1.6, w] if self.mode != "above" else [w + 1.0]
            cells = self._cells(weights, h)
            for i, ((label, _), v) in enumerate(zip(row, vals, strict=True)):
                if self.mode == "above":
                    lab = val = cells[i]
                else:
                    lab, val = cells[2 * i], cells[2 * i + 1]
                self._label(lab, label)
                self._underline(val)
                if v:
                    x, base, mw = self._value_area(val)
                    self.w.put(s, x, base, v, mw)
            self.y += h

    def _sign(self) -> None:
        s, rng, f = self.s, self.rng, self.f
        h = s.mm(rng.uniform(20, 26)) * self.scale
        box = self._cells([1.0], h)[0]
        small = font(self.label_role, round(self.label_px * 0.9))
        s.text(
            (box[0] + s.mm(2), box[1] + s.mm(2) + small.size),
            rng.choice(wording.PROMISES),
            small,
            fill=self.label_ink,
        )
        base = box[3] - s.mm(4)
        lab = s.text(
            (box[0] + s.mm(4), base),
            rng.choice(wording.SIGN_LABELS) + "：",
            font(self.label_role, self.label_px),
            fill=self.label_ink,
        )
        sig = signature(
            s, lab[2] + s.mm(2), base + s.mm(0.5), f.name, rng, pen=self.w.pen if self.w.hand else None
        )
        self.doc.fields["applicant_signature"] = Val(True, sig)
        if self.spec.name_seal:
            mark = press(
                s, name_seal(f.name, rng), (sig[2] - s.mm(rng.uniform(0, 6)), (sig[1] + sig[3]) / 2), rng
            )
            if mark:
                self.doc.stamps.append(mark)
        dl = s.text(
            (box[0] + (box[2] - box[0]) * 0.58, base),
            rng.choice(wording.DATE_LABELS) + "：",
            font(self.label_role, self.label_px),
            fill=self.label_ink,
        )
        style = self._date_style() if rng.random() < 0.5 else dates.pick(rng)
        hand = Writer(True, "kai", self.w.px, self.w.pen if self.w.hand else (25, 35, 100))
        db = hand.put(s, dl[2] + s.mm(1.5), base, dates.fmt(f.signed_date, style), box[2] - dl[2] - s.mm(3))
        self.doc.fields["signed_date"] = Val(f.signed_date.isoformat(), db)
        self.y += h

    def _unit_box(self) -> None:
        s, rng, f = self.s, self.rng, self.f
        h = s.mm(30) * self.scale
        box = self._cells([1.0], h)[0]
        fnt = font(self.label_role, self.label_px)
        s.text((box[0] + s.mm(2), box[1] + s.mm(2) + fnt.size), "单位意见：", fnt, fill=self.label_ink)
        Writer(True, "kai", self.w.px, (25, 35, 100)).put(
            s, box[0] + s.mm(28), box[1] + s.mm(13), "情况属实，同意申报。", s.mm(70)
        )
        lab = s.text((box[2] - s.mm(50), box[3] - s.mm(4)), "（单位盖章）", fnt, fill=self.label_ink)
        spec = agency_seal(f.employer or "", rng, inner="", role="issuer")
        mark = press(s, spec, (lab[0] + s.mm(rng.uniform(5, 20)), lab[1] - s.mm(rng.uniform(2, 8))), rng)
        if mark:
            self.doc.stamps.append(mark)
        self.y += h

    def _agency(self) -> None:
        s, rng, f = self.s, self.rng, self.f
        h = max(s.mm(rng.uniform(36, 44)) * self.scale, min(s.mm(60), s.height - s.mm(14) - self.y))
        two = rng.random() < 0.4
        cells = self._cells([1.0, 1.0] if two else [1.0], h)
        box = cells[-1] if two and rng.random() < 0.5 else cells[0]
        fnt = font(self.label_role, self.label_px)
        for c, text in zip(cells, (rng.choice(wording.AGENCY_LABELS), "就医地经办机构意见"), strict=False):
            s.text((c[0] + s.mm(2), c[1] + s.mm(2) + fnt.size), text + "：", fnt, fill=self.label_ink)
        pen = (25, 35, 100)
        if self.spec.stamp or rng.random() < 0.5:
            Writer(True, "kai", self.w.px, pen).put(
                s,
                box[0] + s.mm(10),
                box[1] + s.mm(16),
                rng.choice(("同意备案", "同意", "审核通过，同意备案。")),
                s.mm(60),
            )
        stamp_label = s.text(
            (box[2] - s.mm(rng.uniform(34, 48)), box[3] - s.mm(12)), "（盖章）", fnt, fill=self.label_ink
        )
        s.text((box[2] - s.mm(8), box[3] - s.mm(4)), "年    月    日", fnt, fill=self.label_ink, anchor="rs")
        s.text((box[0] + s.mm(4), box[3] - s.mm(4)), "经办人：", fnt, fill=self.label_ink)
        self.doc.fields["agency_stamp"] = Val(False, None)
        if self.spec.stamp:
            spec = agency_seal(f.agency, rng, role="agency")
            cx = (stamp_label[0] + stamp_label[2]) / 2 + s.mm(rng.uniform(-12, 12))
            cy = stamp_label[1] - s.mm(rng.uniform(-4, 10))
            if rng.random() < 0.15:  # pressed high, across the rule into the signature block
                cy = box[1] + s.mm(rng.uniform(0, 6))
            if rng.random() < 0.12:  # pressed near the sheet's edge, partly off the paper
                cx = s.width - s.mm(rng.uniform(2, 12))
            mark = press(s, spec, (cx, cy), rng)
            if mark:
                self.doc.stamps.append(mark)
                self.doc.fields["agency_stamp"] = Val(True, mark.box)
                if self.spec.receipt_over_seal:
                    rs = receipt_stamp(f.agency, f.signed_date, rng)
                    off = (s.mm(rng.uniform(-22, 22)), s.mm(rng.uniform(-14, 6)))
                    extra = press(s, rs, (cx + off[0] - s.mm(25), cy + off[1]), rng)
                    if extra:
                        self.doc.stamps.append(extra)
        self.y += h

    def _frame_bottom(self) -> None:
        s = self.s
        if self.mode != "lines":
            s.line((self.x0, self.table_top), (self.x0, self.y), self.rule, self.rule_w + 1)
            s.line((self.x1, self.table_top), (self.x1, self.y), self.rule, self.rule_w + 1)
        note = font("song", s.pt(8))
        if self.y + s.mm(10) < s.height:
            s.text((self.x0, self.y + s.mm(6)), "注：本表一式两份，参保地经办机构和申请人各执一份。", note)


def draw(sheet: Sheet, spec: FormSpec, rng: random.Random) -> DrawnDoc:
    """Paint a declaration form on ``sheet``: its fields and seals."""
    state = rng.getstate()
    blank = sheet.img.copy()
    scale = 1.0
    for _ in range(6):
        rng.setstate(state)
        sheet.restore(blank)
        painter = FormPainter(sheet, spec, rng, scale)
        doc = painter.paint()
        if painter.y <= sheet.height - sheet.mm(10):
            break
        scale *= 0.92
    return doc
