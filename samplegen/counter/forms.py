"""Declaration forms (异地就医登记备案表 and the titles other places print): the whole form, its
title, which blocks it holds in which order, its frame, and ``draw``, which shrinks the rows until
the form fits the sheet.

The cells live in ``formcells``, the category / period / hospitals / agent blocks in
``formsections`` and the signature and seal boxes in ``formsigning``; this module puts them
together."""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import partial

from samplegen.counter import wording
from samplegen.counter.canvas import INK, PRINT_RED, Sheet
from samplegen.counter.fonts import font
from samplegen.counter.formcells import FormSpec
from samplegen.counter.formsections import FormSections
from samplegen.counter.formsigning import FormSigning
from samplegen.counter.marks import DrawnDoc


class FormPainter(FormSections, FormSigning):
    """A declaration form: the cells, sections and closing boxes put together in order."""

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
