"""The declaration form's closing boxes: the applicant's promise, signature, date and name seal,
the employer's unit-opinion box with its seal, and the agency's opinion box where its seal (and a
dated receipt stamp) lands.

Apart from the sections because this is where the seals are pressed: the truth's stamp boxes
come from here."""

from __future__ import annotations

from samplegen.counter import dates, wording
from samplegen.counter.fonts import font
from samplegen.counter.formcells import FormCells
from samplegen.counter.marks import Val
from samplegen.counter.pen import Writer, signature
from samplegen.counter.seals import press
from samplegen.counter.stampkit import agency_seal, name_seal, receipt_stamp


class FormSigning(FormCells):
    """The signature, unit-opinion and agency blocks of a declaration form."""

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
