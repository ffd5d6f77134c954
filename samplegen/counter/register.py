"""A household-register (户口簿) page copy: the 常住人口登记卡 grid with the household's address
and the registering police station's 户口专用章."""

from __future__ import annotations

import random
from datetime import date

from kernel.domain import GENDER_ZH
from samplegen.counter.canvas import INK, Sheet
from samplegen.counter.fonts import font
from samplegen.counter.marks import DrawnDoc, Val
from samplegen.counter.pen import Writer
from samplegen.counter.seals import press
from samplegen.counter.stampkit import agency_seal


def household_register(
    sheet: Sheet,
    rng: random.Random,
    name: str,
    gender: str,
    ethnicity: str,
    birth: date,
    id_number: str,
    address: str,
    issuer: str,
    registered: date,
    head_name: str,
) -> DrawnDoc:
    doc = DrawnDoc("household_register")
    s = sheet
    w_mm, h_mm = rng.uniform(150, 175), rng.uniform(200, 225)
    x0 = (s.width - s.mm(w_mm)) / 2 + s.mm(rng.uniform(-8, 8))
    y0 = s.mm(rng.uniform(14, 34))
    x1, y1 = x0 + s.mm(w_mm), y0 + s.mm(h_mm)
    lab = font(rng.choice(("song", "ming")), s.pt(9.5))
    typed = Writer(False, rng.choice(("song", "hei", "mono")), s.pt(10.5), (20, 20, 30))
    title_f = font("song_bold", s.pt(15))
    s.text(((x0 + x1) / 2, y0 - s.mm(3)), "常住人口登记卡", title_f, anchor="ms", spacing=s.mm(1.5))
    s.rect((x0, y0, x1, y1), INK, max(2, s.dpi // 70))
    rows: list[list[tuple[str, float, str | None, str]]] = [
        [("户别", 1.2, None, "家庭户"), ("户主姓名", 1.4, None, head_name)],
        [("住址", 1.2, "address", address)],
        [("户口登记机关", 1.9, "issuer", issuer)],
        [
            ("姓名", 1.2, "name", name),
            (
                "户主或与户主关系",
                2.1,
                None,
                "户主" if head_name == name else rng.choice(("父亲", "母亲", "之子", "之女")),
            ),
        ],
        [("曾用名", 1.2, None, ""), ("性别", 1.0, None, GENDER_ZH[gender])],
        [("出生地", 1.2, None, address[:6]), ("民族", 1.0, None, ethnicity)],
        [("出生日期", 1.2, None, f"{birth.year}年{birth.month:02d}月{birth.day:02d}日")],
        [("公民身份证件编号", 2.1, "id_number", id_number)],
        [("宗教信仰", 1.2, None, ""), ("身高", 1.0, None, ""), ("血型", 1.0, None, "")],
        [
            ("文化程度", 1.2, None, rng.choice(("初中", "高中", "大学本科", "中专", "小学"))),
            ("婚姻状况", 1.3, None, rng.choice(("已婚", "未婚", "丧偶"))),
        ],
        [("服务处所", 1.2, None, ""), ("职业", 1.0, None, "")],
        [("何时由何地迁来本址", 2.4, None, "")],
    ]
    row_h = (y1 - y0) / (len(rows) + 1.5)
    y = y0
    fields_done: dict[str, Val] = {}
    for row in rows:
        cells = len(row)
        cw = (x1 - x0) / cells
        for i, (label, lw, key, value) in enumerate(row):
            cx0 = x0 + i * cw
            lab_w = max(s.mm(9) * lw, lab.getlength(label) + s.mm(3))
            s.text((cx0 + s.mm(1.5), y + row_h / 2 + lab.size * 0.38), label, lab)
            s.line((cx0 + lab_w, y), (cx0 + lab_w, y + row_h), INK, 1)
            if i:
                s.line((cx0, y), (cx0, y + row_h), INK, 1)
            if value:
                box = typed.put(
                    s, cx0 + lab_w + s.mm(2), y + row_h / 2 + typed.px * 0.38, value, cw - lab_w - s.mm(3)
                )
                if key:
                    fields_done[key] = Val(value, box)
        y += row_h
        s.line((x0, y), (x1, y), INK, 1)
    s.text((x0 + s.mm(2), y + row_h * 0.6), "承办人签章：", lab)
    s.text(
        (x1 - s.mm(50), y + row_h * 0.6),
        f"登记日期 {registered.year}年{registered.month}月{registered.day}日",
        lab,
    )
    doc.fields.update(fields_done)
    issuer_box = fields_done["issuer"].box
    if issuer_box is not None:
        cx = (issuer_box[0] + issuer_box[2]) / 2 + s.mm(rng.uniform(0, 30))
        cy = issuer_box[1] + s.mm(rng.uniform(-10, 10))
        mark = press(s, agency_seal(issuer, rng, inner="户口专用章", role="issuer"), (cx, cy), rng)
        if mark:
            doc.stamps.append(mark)
    return doc
