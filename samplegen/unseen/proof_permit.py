"""Residence permits (居住证 / 暂住证) in three shapes.

``card``: a photocopy of the card's front and back on one A4 page; the front has the ID-card
layout (姓名 性别 民族 出生 住址 公民身份号码 and a photo), the back the issuing office and
the validity in one of several spellings, sometimes an endorsement table with more dates.
``electronic``: a printed screen of the 电子居住证 with a QR code. ``temporary``: an older
暂住证 booklet page filled in by hand with the issuing office's seal.
"""

from __future__ import annotations

import random

import numpy as np

from kernel.domain import GENDER_ZH, DocType
from samplegen.canvas import Box, Page, font
from samplegen.proofs import ProofValues
from samplegen.unseen import stamps
from samplegen.unseen.doc import UDoc
from samplegen.unseen.ink import SANS, SANS_BOLD, SERIF, SERIF_BOLD, ZEN, date_text, random_hand, write


def _validity(v: ProofValues, r: random.Random) -> tuple[str, int]:
    """The validity text and the character index where the end date starts."""
    assert v.valid_from and v.valid_to
    style = r.choice(("dot0", "zh0", "dash0", "zh"))
    a, b = date_text(v.valid_from, style), date_text(v.valid_to, style)
    sep = r.choice(("-", "—", "至", " 至 "))
    return a + sep + b, len(a) + len(sep)


def _split_box(
    page: Page, x: float, y: float, text: str, cut: int, size: float, spec: tuple[str, int]
) -> tuple[Box, Box]:
    """Print ``text``; return the boxes of its start date (before the separator) and end date."""
    box = page.text(x, y, text, size, spec)
    f = font(spec, page.pt(size))
    k = len(text[:cut].rstrip("-—至 "))
    x0 = page.px(x)
    return (box[0], box[1], x0 + round(f.getlength(text[:k])), box[3]), (
        x0 + round(f.getlength(text[:cut])),
        box[1],
        box[2],
        box[3],
    )


def _wrap(s: str, n: int) -> list[str]:
    """Lines of at most ``n`` characters, never breaking inside a number."""
    out = []
    while len(s) > n:
        cut = n
        while cut > n // 2 and s[cut - 1].isdigit() and s[cut].isdigit():
            cut -= 1
        out.append(s[:cut])
        s = s[cut:]
    return [*out, s]


def card(v: ProofValues, dpi: int, r: random.Random, nrng: np.random.Generator, province: str) -> UDoc:
    page = Page(dpi)
    doc = UDoc(DocType.RESIDENCE_PERMIT, [page], "permit:card")
    face = r.choice((SANS, ZEN, SERIF))
    w, h = 85.6 * 1.3, 54.0 * 1.3
    x0 = 105 - w / 2 + r.uniform(-10, 10)
    fy, by = 35 + r.uniform(0, 15), 135 + r.uniform(0, 25)
    if r.random() < 0.5:
        fy, by = by, fy  # back copied above the front
    tint = r.choice(((238, 242, 246), (246, 240, 232), (240, 246, 238)))
    for y0 in (fy, by):
        page.draw.rounded_rectangle(
            [page.px(x0), page.px(y0), page.px(x0 + w), page.px(y0 + h)],
            radius=page.px(4),
            fill=tint,
            outline=(80, 80, 80),
            width=2,
        )
    lbl = (60, 70, 100)
    items = (
        ("姓名", v.name, "name"),
        ("性别", GENDER_ZH[v.gender], None),
        ("出生", date_text(v.birth, "zh"), None),
    )
    y = fy + 10
    for label, value, key in items:
        page.text(x0 + 5, y, label, 8, face, fill=lbl)
        b = page.text(x0 + 16, y, value, 10.5, SANS)
        if key:
            doc.put(key, value, b)
        if label == "性别":
            page.text(x0 + 32, y, "民族", 8, face, fill=lbl)
            page.text(x0 + 43, y, "汉", 10.5, SANS)
        y += 8
    page.text(x0 + 5, y, "住址", 8, face, fill=lbl)
    lines = _wrap(v.address, 14)
    bs = [page.text(x0 + 16, y + i * 5.5, ln, 10, SANS) for i, ln in enumerate(lines)]
    doc.put("address", v.address, (bs[0][0], bs[0][1], max(b[2] for b in bs), bs[-1][3]))
    page.text(x0 + 5, fy + h - 7, "公民身份号码", 8, face, fill=lbl)
    doc.put("id_number", v.id_number, page.text(x0 + 27, fy + h - 7, v.id_number, 11.5, SANS_BOLD))
    page.draw.rectangle(
        [page.px(x0 + w - 30), page.px(fy + 8), page.px(x0 + w - 5), page.px(fy + 40)], fill=(190, 190, 196)
    )
    page.center_text(x0, x0 + w, by + 14, f"{province}居住证", 17, r.choice((SERIF_BOLD, SANS_BOLD)))
    page.center_text(x0, x0 + w, by + 21, "RESIDENCE PERMIT", 7, SANS)
    lb = page.text(x0 + 8, by + 38, "签发机关", 8.5, face, fill=lbl)
    doc.put("issuer", v.issuer, page.text(lb[2] * 25.4 / dpi + 4, by + 38, v.issuer, 10, SANS))
    lb = page.text(x0 + 8, by + 48, r.choice(("有效期限", "有效期")), 8.5, face, fill=lbl)
    text, cut = _validity(v, r)
    head, tail = _split_box(page, lb[2] * 25.4 / dpi + 4, by + 48, text, cut, 10, SANS)
    doc.put("valid_from", v.valid_from, head)
    doc.put("valid_to", v.valid_to, tail)
    if r.random() < 0.5:
        page.text(
            x0, by + h + 10, r.choice(("此复印件与原件一致", "仅供办理异地就医备案使用", "复印件")), 11, SERIF
        )
        write(page, x0 + 60, by + h + 22, v.name, random_hand(r), r)
    return doc.complete()


def electronic(v: ProofValues, dpi: int, r: random.Random, nrng: np.random.Generator, province: str) -> UDoc:
    page = Page(dpi)
    doc = UDoc(DocType.RESIDENCE_PERMIT, [page], "permit:electronic")
    x0, y0, w = 45.0, 25.0, 120.0
    page.draw.rounded_rectangle(
        [page.px(x0), page.px(y0), page.px(x0 + w), page.px(y0 + 200)],
        radius=page.px(6),
        outline=(60, 60, 60),
        width=3,
    )
    page.draw.rectangle(
        [page.px(x0), page.px(y0 + 8), page.px(x0 + w), page.px(y0 + 28)], fill=(30, 110, 200)
    )
    page.center_text(
        x0,
        x0 + w,
        y0 + 21,
        f"{province}电子居住证",
        14,
        SANS_BOLD,
    )
    y = y0 + 42
    text, cut = _validity(v, r)
    rows = (
        ("姓　　名", v.name, "name"),
        ("证件号码", v.id_number, "id_number"),
        ("居住地址", v.address, "address"),
        ("发证机关", v.issuer, "issuer"),
        ("有效期限", text, "valid"),
    )
    for label, value, key in rows:
        page.text(x0 + 6, y, label + "：", 10, SANS, fill=(90, 90, 90))
        if key == "valid":
            head, tail = _split_box(page, x0 + 30, y, value, cut, 10, SANS)
            doc.put("valid_from", v.valid_from, head)
            doc.put("valid_to", v.valid_to, tail)
        elif len(value) > 17:
            b1 = page.text(x0 + 30, y, value[:17], 10, SANS)
            b2 = page.text(x0 + 30, y + 6, value[17:], 10, SANS)
            doc.put(key, value, (b1[0], b1[1], max(b1[2], b2[2]), b2[3]))
            y += 6
        else:
            doc.put(key, value, page.text(x0 + 30, y, value, 10.5, SANS))
        y += 12
    q = np.asarray(nrng.random((25, 25)) < 0.5)
    qs = 2.0
    for (i, j), on in np.ndenumerate(q):
        if on:
            px, py = x0 + w / 2 - 25 + j * qs, y + 4 + i * qs
            page.draw.rectangle(
                [page.px(px), page.px(py), page.px(px + qs), page.px(py + qs)], fill=(0, 0, 0)
            )
    page.center_text(x0, x0 + w, y + 62, "请出示此码供查验", 9, SANS)
    return doc.complete()


def temporary(v: ProofValues, dpi: int, r: random.Random, nrng: np.random.Generator, province: str) -> UDoc:
    page = Page(dpi)
    doc = UDoc(DocType.RESIDENCE_PERMIT, [page], "permit:temporary")
    hand = random_hand(r)
    page.center_text(20, 190, 40, "暂 住 证", 22, SERIF_BOLD)
    page.center_text(20, 190, 50, f"{province}公安{'局' if province.endswith('市') else '厅'}制", 9, SERIF)
    rows = (
        ("姓名", v.name, "name"),
        ("性别", GENDER_ZH[v.gender], None),
        ("公民身份号码", v.id_number, "id_number"),
        ("暂住处所", v.address, "address"),
        ("有效期限", None, "valid"),
        ("发证机关", v.issuer, "issuer"),
    )
    y = 70.0
    page.rect(25, y - 8, 185, y - 8 + 14 * len(rows), 0.4)
    for i, (label, value, key) in enumerate(rows):
        yy = y + 14 * i
        page.line(25, yy + 6, 185, yy + 6, 0.3)
        page.line(58, yy - 8, 58, yy + 6, 0.3)
        page.center_text(25, 58, yy + 1, label, 11, SERIF)
        if key == "valid":
            assert v.valid_from and v.valid_to
            page.text(60, yy + 1, "自", 11, SERIF)
            a = write(page, 66, yy + 1, date_text(v.valid_from, "zh"), hand, r)
            page.text(120, yy + 1, "至", 11, SERIF)
            b = write(page, 127, yy + 1, date_text(v.valid_to, "zh"), hand, r)
            doc.put("valid_from", v.valid_from, a)
            doc.put("valid_to", v.valid_to, b)
        elif key == "issuer":
            doc.put(key, value, page.text(61, yy + 1, value or "", 11, SERIF))
        else:
            b = write(page, 61, yy + 1, value, hand, r, max_w=122)
            if key:
                doc.put(key, value, b)
    stamps.put(doc, v.issuer, (140 + r.uniform(-10, 10), y + 14 * 5 + r.uniform(-4, 6)), nrng, "issuer")
    return doc.complete()


def residence_permit(
    v: ProofValues, dpi: int, r: random.Random, nrng: np.random.Generator, province: str
) -> UDoc:
    kind = r.choice((card, card, electronic, temporary))
    return kind(v, dpi, r, nrng, province)
