"""Household register copies in shapes the main set never shows.

``two_pages``: the 户主页 (户别, 户主姓名, 户号, 住址, the 户口专用章) and the person's
常住人口登记卡 as two scanned sheets of one document. ``spread``: both pages photocopied
side by side on one landscape sheet. ``card``: a personal page only, with the labels in a
four-column grid and the seal over the top corner; the issuer is sometimes only in the seal.
"""

from __future__ import annotations

import random
from datetime import date

import numpy as np

from kernel.domain import GENDER_ZH, DocType
from samplegen.canvas import Page
from samplegen.proofs import ProofValues
from samplegen.unseen import stamps
from samplegen.unseen.doc import UDoc
from samplegen.unseen.formkit import Look, random_look
from samplegen.unseen.ink import date_text, fit, random_hand, typed_hand, write
from samplegen.values import make_name


def _cells(
    page: Page, look: Look, x: float, y: float, rows: list[list[tuple[float, str]]], rh: float
) -> list[tuple[float, float, float, float]]:
    """Rule a grid of (width, label) cells; a label "" is a value cell. Returns value cell boxes."""
    out = []
    total = sum(w for w, _ in rows[0])
    page.rect(x, y, x + total, y + rh * len(rows), look.line * 1.3)
    for i, row in enumerate(rows):
        cx, cy = x, y + rh * i
        page.line(x, cy + rh, x + total, cy + rh, look.line)
        for w, label in row:
            if cx > x:
                page.line(cx, cy, cx, cy + rh, look.line)
            if label:
                size = look.size - (1.5 if len(label) > 5 else 0.5)
                page.center_text(cx, cx + w, cy + rh * 0.64, label, size, look.face)
            else:
                out.append((cx, cy, cx + w, cy + rh))
            cx += w
    return out


def _head_page(
    doc: UDoc,
    v: ProofValues,
    head: str,
    x: float,
    y: float,
    w: float,
    look: Look,
    r: random.Random,
    nrng: np.random.Generator,
    hand_ok: bool,
) -> None:
    """户主页: 户别 / 户主姓名 / 户号 / 住址, and the registering office's seal."""
    page = doc.page
    hand = random_hand(r, size=12) if hand_ok else typed_hand(r, size=11)
    page.center_text(x, x + w, y, "居 民 户 口 簿", 16, look.bold)
    rh = 13.0
    cells = _cells(
        page,
        look,
        x,
        y + 8,
        [
            [(w * 0.2, "户　别"), (w * 0.3, ""), (w * 0.2, "户主姓名"), (w * 0.3, "")],
            [(w * 0.2, "户　号"), (w * 0.3, ""), (w * 0.2, "住　址"), (w * 0.3, "")],
        ],
        rh,
    )
    write(
        page,
        cells[0][0] + 2,
        cells[0][1] + rh * 0.7,
        r.choice(("家庭户", "非农业家庭户", "居民家庭户")),
        hand,
        r,
    )
    write(page, cells[1][0] + 2, cells[1][1] + rh * 0.7, head, hand, r)
    write(page, cells[2][0] + 2, cells[2][1] + rh * 0.7, f"{r.randint(10000000, 99999999)}", hand, r)
    ax0, ay0, ax1, _ = cells[3]
    small = random_hand(r, size=9.5) if hand_ok else typed_hand(r, size=8.5)
    ab = write(page, ax0 + 1.5, ay0 + 5.2, v.address, small, r, max_w=ax1 - ax0 - 3, line_gap=1.15)
    doc.put("address", v.address, ab)
    yb = y + 8 + rh * 2 + 14
    page.text(x + 2, yb, "承办人签章：", look.size, look.face)
    page.text(x + w * 0.52, yb, "签发日期：", look.size, look.face)
    write(
        page,
        x + w * 0.52 + 22,
        yb,
        date_text(date(r.randint(2008, 2022), r.randint(1, 12), r.randint(1, 28)), r.choice(("zh", "zh0"))),
        hand,
        r,
    )
    cy = y + 8 + rh * 2 + 30
    if r.random() < 0.5:
        lb = page.text(x + 2, cy + 4, "户口登记机关：", look.size, look.face)
        doc.put(
            "issuer", v.issuer, page.text(lb[2] * 25.4 / page.dpi + 1, cy + 4, v.issuer, look.size, look.face)
        )
        stamps.put(
            doc,
            v.issuer,
            (x + w * 0.72 + r.uniform(-8, 8), cy + r.uniform(-4, 4)),
            nrng,
            "issuer",
            bottom="户口专用章",
        )
    else:
        box = stamps.put(
            doc, v.issuer, (x + w * 0.5 + r.uniform(-10, 10), cy), nrng, "issuer", bottom="户口专用章"
        )
        doc.put("issuer", v.issuer, box)


def _person_page(
    doc: UDoc,
    v: ProofValues,
    relation: str,
    x: float,
    y: float,
    w: float,
    look: Look,
    r: random.Random,
    hand_ok: bool,
    birth_place: str,
) -> None:
    """常住人口登记卡 in a four-column grid."""
    page = doc.page
    hand = random_hand(r, size=12) if hand_ok else typed_hand(r, size=11)
    page.center_text(x, x + w, y, "常住人口登记卡", 16, look.bold)
    a, b = w * 0.17, w * 0.33
    rows = [
        [(a, "姓名"), (b, ""), (a, "与户主关系"), (b, "")],
        [(a, "曾用名"), (b, ""), (a, "性别"), (b, "")],
        [(a, "出生地"), (b, ""), (a, "民族"), (b, "")],
        [(a, "籍贯"), (b, ""), (a, "出生日期"), (b, "")],
        [(a, "宗教信仰"), (b, ""), (a, "公民身份证件编号"), (b, "")],
        [(a, "文化程度"), (b, ""), (a, "婚姻状况"), (b, "")],
        [(a, "服务处所"), (b, ""), (a, "职业"), (b, "")],
    ]
    rh = 11.5
    cells = _cells(page, look, x, y + 7, rows, rh)
    vals = [
        v.name,
        relation,
        "",
        GENDER_ZH[v.gender],
        birth_place,
        "汉",
        birth_place,
        date_text(v.birth, "zh"),
        "",
        v.id_number,
        r.choice(("大学本科", "高中", "初中", "中专")),
        r.choice(("已婚", "丧偶", "未婚")),
        "",
        r.choice(("退休", "职员", "无业", "个体")),
    ]
    for (x0, y0, x1, _), s in zip(cells, vals, strict=True):
        hh = fit(page, s, hand, x1 - x0 - 3)
        bx = write(page, x0 + 1.5, y0 + rh * 0.72, s, hh, r) if s else None
        if s == v.name and "name" not in doc.fields and relation:
            doc.put("name", v.name, bx)
        if s == v.id_number:
            doc.put("id_number", v.id_number, bx)
    page.text(x + 2, y + 7 + rh * len(rows) + 8, "何时由何地迁来本市（县）", look.size - 1, look.face)
    page.text(x + 2, y + 7 + rh * len(rows) + 16, "承办人签章：", look.size - 1, look.face)


def household_register(
    v: ProofValues, dpi: int, r: random.Random, nrng: np.random.Generator, birth_place: str
) -> UDoc:
    """One of ``two_pages``, ``spread`` or ``card`` (see the module docstring)."""
    kind = r.choice(("two_pages", "spread", "card"))
    look = random_look(r, colon=False)
    hand_ok = r.random() < 0.6
    own = r.random() < 0.5  # the applicant heads the household, else lives in someone else's
    head = v.name if own else make_name(r, r.choice(("male", "female")))
    relation = "户主" if own else r.choice(("父亲", "母亲", "之父", "之母", "妻", "夫", "岳母"))
    if kind == "spread":
        page = Page(dpi, 297.0, 210.0)
        doc = UDoc(DocType.HOUSEHOLD_REGISTER, [page], "register:spread")
        page.draw.line([(page.px(148.5), 0), (page.px(148.5), page.size[1])], fill=(150, 150, 150), width=3)
        _head_page(doc, v, head, 14, 30, 124, look, r, nrng, hand_ok)
        _person_page(doc, v, relation, 158, 30, 126, look, r, hand_ok, birth_place)
        return doc.complete()
    doc = UDoc(DocType.HOUSEHOLD_REGISTER, [Page(dpi)], f"register:{kind}")
    if kind == "two_pages":
        _head_page(doc, v, head, 25, 50, 160, look, r, nrng, hand_ok)
        doc.pages.append(Page(dpi))
        _person_page(doc, v, relation, 20, 45, 170, look, r, hand_ok, birth_place)
        return doc.complete()
    _person_page(doc, v, relation, 20, 60, 170, look, r, hand_ok, birth_place)
    page = doc.page
    ab = page.text(22, 175, "住址：", look.size, look.face)
    doc.put(
        "address",
        v.address,
        write(
            page,
            ab[2] * 25.4 / dpi + 1,
            175,
            v.address,
            random_hand(r, size=12) if hand_ok else typed_hand(r),
            r,
        ),
    )
    lb = page.text(22, 190, "登记机关：", look.size, look.face)
    if r.random() < 0.5:
        doc.put("issuer", v.issuer, page.text(lb[2] * 25.4 / dpi + 1, 190, v.issuer, look.size, look.face))
        stamps.put(
            doc,
            v.issuer,
            (150 + r.uniform(-10, 10), 60 + r.uniform(-6, 6)),
            nrng,
            "issuer",
            bottom="户口专用章",
        )
    else:
        doc.put(
            "issuer",
            v.issuer,
            stamps.put(doc, v.issuer, (150 + r.uniform(-10, 10), 58), nrng, "issuer", bottom="户口专用章"),
        )
    return doc.complete()
