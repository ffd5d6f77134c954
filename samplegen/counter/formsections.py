"""The declaration form's multi-part sections: the six filing categories (check boxes, circled
wording or a written value), the stay's period, the chosen hospitals and the agent's rows.

Each is one block of ``forms.FormPainter``; they sit apart from the cell primitives
(``formcells``) they are drawn with, to keep both readable."""

from __future__ import annotations

from kernel import refdata
from kernel.domain import CATEGORY_ZH, FilingCategory
from samplegen.counter import dates, wording
from samplegen.counter.fonts import font
from samplegen.counter.formcells import FormCells
from samplegen.counter.geometry import Box, union
from samplegen.counter.marks import Val
from samplegen.counter.pen import ring, tick


class FormSections(FormCells):
    """The category, period, hospitals and agent blocks of a declaration form."""

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
