"""Proof documents: household register page, residence permit copy, residence certificates,
referral certificate, personal commitment and written application.

Each builder draws one A4 page and records its field truth and seals. Values on a proof
can differ from the declaration on purpose (defect packets), so builders take the values
as printed on this paper rather than the person.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

import numpy as np
from PIL import ImageDraw

from kernel.domain import GENDER_ZH, DocType
from samplegen.canvas import HEI, HEI_BOLD, INKS, SONG, SONG_BOLD, Page
from samplegen.model import Rendered, SealMark
from samplegen.paragraph import Seg, flow
from samplegen.seals import random_spec, stamp
from samplegen.values import zh_date


@dataclass
class ProofValues:
    """What one proof says about the person."""

    name: str
    gender: str
    birth: date
    id_number: str
    address: str
    issuer: str = ""
    issue_date: date | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    stamped: bool = True
    seal_bottom: str = ""


def _seal(
    out: Rendered,
    page: Page,
    v: ProofValues,
    center: tuple[float, float],
    nrng: np.random.Generator,
    shape: str = "round",
    text: str | None = None,
) -> None:
    if not v.stamped:
        return
    spec = random_spec(nrng, text or v.issuer, v.seal_bottom, shape)
    box = stamp(page, spec, center, nrng)
    out.seals.append(SealMark(box, spec.shape, spec.text, "issuer"))


def household_register(v: ProofValues, dpi: int, r: random.Random, nrng: np.random.Generator) -> Rendered:
    """常住人口登记卡: a ruled card page with the 户口专用章 of the registering police office."""
    page = Page(dpi)
    out = Rendered(DocType.HOUSEHOLD_REGISTER, page)
    x0, y0, w = 22.0, 60.0, 166.0
    page.center_text(x0, x0 + w, y0 - 10, "常 住 人 口 登 记 卡", 18, SONG_BOLD)
    rows = [
        ("姓名", "name", v.name, "户主或与户主关系", None, r.choice(("户主", "子", "女", "妻"))),
        ("曾用名", None, "", "性别", None, GENDER_ZH[v.gender]),
        ("出生地", None, v.address[:6], "民族", None, "汉"),
        ("出生日期", None, f"{v.birth.year}年{v.birth.month}月{v.birth.day}日", "宗教信仰", None, ""),
        ("公民身份号码", "id_number", v.id_number, "身高", None, f"{r.randint(150, 185)}"),
        ("本市（县）其他住址", None, "", "文化程度", None, r.choice(("大学", "高中", "初中"))),
        ("住址", "address", v.address, "", None, ""),
    ]
    rh = 14.0
    page.rect(x0, y0, x0 + w, y0 + rh * len(rows), 0.5)
    for i, (la, ka, va, lb, _, vb) in enumerate(rows):
        y = y0 + rh * i
        page.line(x0, y + rh, x0 + w, y + rh)
        page.line(x0 + 32, y, x0 + 32, y + rh)
        page.center_text(x0, x0 + 32, y + rh * 0.62, la, 10 if len(la) < 7 else 8, SONG)
        if la != "住址":
            for xx in (x0 + 98, x0 + 128):
                page.line(xx, y, xx, y + rh)
            page.center_text(x0 + 98, x0 + 128, y + rh * 0.62, lb, 10 if len(lb) < 5 else 7.5, SONG)
            page.text(x0 + 131, y + rh * 0.66, vb, 11, HEI)
        box = page.text(x0 + 35, y + rh * 0.66, va, 11.5 if la != "住址" else 10.5, HEI) if va else None
        if ka:
            out.put(ka, va, box)
    yb = y0 + rh * len(rows) + 16
    page.text(x0 + 6, yb, "承办人签章：", 10.5, SONG)
    page.text(x0 + 90, yb, "登记日期：", 10.5, SONG)
    page.text(
        x0 + 112, yb, zh_date(r, date(v.birth.year + r.randint(16, 30), r.randint(1, 12), 15)), 10.5, HEI
    )
    ib = page.text(x0 + 70, yb + 22, "户口登记机关：", 10.5, SONG)
    issuer_box = page.text(ib[2] * 25.4 / dpi + 1, yb + 22, v.issuer, 10.5, HEI)
    out.put("issuer", v.issuer, issuer_box)
    _seal(out, page, v, (x0 + 118 + r.uniform(-8, 8), yb + 20 + r.uniform(-4, 4)), nrng)
    return out


def residence_permit(v: ProofValues, dpi: int, r: random.Random, nrng: np.random.Generator) -> Rendered:
    """Photocopy of a 居住证 card front, enlarged 1.5x, on an A4 page."""
    page = Page(dpi)
    out = Rendered(DocType.RESIDENCE_PERMIT, page)
    s = 1.5
    x0, y0 = 40.0 + r.uniform(-8, 8), 50.0 + r.uniform(-10, 20)
    cw, ch = 85.6 * s, 54.0 * s
    page.draw.rounded_rectangle(
        [page.px(x0), page.px(y0), page.px(x0 + cw), page.px(y0 + ch)],
        radius=page.px(4),
        fill=(226, 236, 244),
        outline=(90, 90, 90),
        width=2,
    )
    d = ImageDraw.Draw(page.img)
    for i in range(0, page.px(cw), 9):  # guilloche-like background lines
        d.line(
            [(page.px(x0) + i, page.px(y0 + 12)), (page.px(x0) + i + 40, page.px(y0 + ch - 2))],
            fill=(208, 222, 234),
            width=1,
        )
    province = v.address[:3]  # 山西省 / 北京市
    page.center_text(x0, x0 + cw, y0 + 10, f"{province}居住证", 15, HEI_BOLD)
    px0 = x0 + cw - 38
    page.draw.rectangle(
        [page.px(px0), page.px(y0 + 16), page.px(px0 + 32), page.px(y0 + 58)], fill=(200, 200, 205)
    )
    page.draw.ellipse(
        [page.px(px0 + 9), page.px(y0 + 22), page.px(px0 + 23), page.px(y0 + 38)], fill=(150, 150, 158)
    )
    page.draw.ellipse(
        [page.px(px0 + 3), page.px(y0 + 40), page.px(px0 + 29), page.px(y0 + 64)], fill=(150, 150, 158)
    )
    lx, vx, y = x0 + 5, x0 + 25, y0 + 22
    items = [
        ("姓  名", "name", v.name),
        ("性  别", None, GENDER_ZH[v.gender]),
        ("住  址", "address", v.address),
        ("公民身份号码", "id_number", v.id_number),
        ("签发机关", "issuer", v.issuer),
        ("有效期限", "valid", f"{v.valid_from:%Y.%m.%d}-{v.valid_to:%Y.%m.%d}" if v.valid_from else ""),
    ]
    for label, key, value in items:
        page.text(lx, y, label, 8.5 if len(label) < 5 else 7.5, HEI, fill=(40, 60, 110))
        if key == "address" and len(value) > 15:
            b1 = page.text(vx, y, value[:15], 10, HEI)
            b2 = page.text(vx, y + 6, value[15:], 10, HEI)
            out.put(key, value, (b1[0], b1[1], max(b1[2], b2[2]), b2[3]))
            y += 6
        elif key == "id_number":
            out.put(key, value, page.text(x0 + 32, y, value, 11, HEI))
        elif key == "valid":
            b = page.text(vx, y, value, 10, HEI)
            half = (b[0] + b[2]) // 2
            out.put("valid_from", v.valid_from, (b[0], b[1], half - 4, b[3]))
            out.put("valid_to", v.valid_to, (half + 4, b[1], b[2], b[3]))
        else:
            b = page.text(vx, y, value, 10, HEI)
            if key:
                out.put(key, value, b)
        y += 9.5
    page.text(x0, y0 + ch + 12, "（复印件）与原件一致", 10, SONG)
    return out


CERT_KINDS = ("police", "community", "employer")


def residence_certificate(
    v: ProofValues,
    kind: str,
    dpi: int,
    r: random.Random,
    nrng: np.random.Generator,
    dest_city: str = "",
    employer_since: date | None = None,
) -> Rendered:
    """居住证明 by a police station, a community committee or an employer, typed or filled in by hand."""
    page = Page(dpi)
    out = Rendered(DocType.RESIDENCE_CERTIFICATE, page)
    ink = INKS[r.randrange(len(INKS))]
    hand = kind != "employer" and r.random() < 0.6
    title = "工作及居住证明" if kind == "employer" else "居住证明"
    page.center_text(20, 190, 48, "  ".join(title) if len(title) < 5 else title, 20, SONG_BOLD)
    idl = r.choice(("公民身份号码", "身份证号码", "身份证号"))
    if kind == "employer":
        since = employer_since or date(2020, 3, 1)
        segs = [
            Seg("兹证明我单位职工"),
            Seg(v.name, "name"),
            Seg(f"（{idl}："),
            Seg(v.id_number, "id_number"),
            Seg(f"），自{since.year}年{since.month}月起由我单位派驻{dest_city}工作至今，现居住于"),
            Seg(v.address, "address"),
            Seg("。\n该同志在异地工作期间需在当地就医，请予办理异地就医登记备案手续。"),
            Seg("\n特此证明。"),
        ]
    else:
        years = r.randint(2, 15)
        segs = [
            Seg("兹证明"),
            Seg(v.name, "name", hand),
            Seg(f"，{GENDER_ZH[v.gender]}，{idl}："),
            Seg(v.id_number, "id_number", hand),
            Seg("，现居住于"),
            Seg(v.address, "address", hand),
            Seg(f"，已在本辖区连续居住{years}年以上。\n情况属实，特此证明。"),
        ]
    boxes, last = flow(page, 25, 75, 185, segs, r, ink, size=13, leading=2.1)
    for key in ("name", "id_number", "address"):
        out.put(key, getattr(v, key), boxes.get(key))
    yb = max(last + 35, 150.0)
    ib = page.text(120 if len(v.issuer) < 14 else 95, yb, v.issuer, 12, SONG)
    out.put("issuer", v.issuer, ib)
    assert v.issue_date is not None
    db = page.text(130, yb + 12, zh_date(r, v.issue_date), 12, SONG)
    out.put("issue_date", v.issue_date, db)
    center = ((ib[0] + ib[2]) / 2 * 25.4 / dpi + r.uniform(-6, 6), yb + r.uniform(-4, 6))
    shape = "oval" if kind == "employer" and r.random() < 0.4 else "round"
    _seal(out, page, v, center, nrng, shape)
    if kind == "employer" and v.stamped and r.random() < 0.4:  # a second, departmental seal
        spec = random_spec(nrng, v.issuer + "人力资源部", "", "round")
        box = stamp(page, spec, (60 + r.uniform(-5, 5), yb + 5), nrng)
        out.seals.append(SealMark(box, spec.shape, spec.text, "issuer"))
    page.text(25, yb + 40, "（本证明有效期三个月）", 10, SONG)
    return out


def referral_certificate(
    v: ProofValues,
    referring: str,
    target: str,
    diagnosis: str,
    dpi: int,
    r: random.Random,
    nrng: np.random.Generator,
) -> Rendered:
    """转诊证明 of the referring designated hospital, sealed by its medical affairs office."""
    page = Page(dpi)
    out = Rendered(DocType.REFERRAL_CERTIFICATE, page)
    ink = INKS[r.randrange(len(INKS))]
    page.center_text(20, 190, 35, referring, 15, SONG_BOLD)
    page.center_text(20, 190, 50, "异地转诊转院证明" if r.random() < 0.5 else "转 诊 证 明", 19, SONG_BOLD)
    rows = [
        ("患者姓名", "name", v.name),
        ("性    别", None, GENDER_ZH[v.gender]),
        ("身份证号", "id_number", v.id_number),
        ("临床诊断", None, diagnosis),
        ("转出医院", "referring_hospital", referring),
        ("转入医院", "target_hospital", target),
    ]
    y0, rh = 62.0, 13.0
    page.rect(22, y0, 188, y0 + rh * len(rows), 0.5)
    for i, (label, key, value) in enumerate(rows):
        y = y0 + rh * i
        page.line(22, y + rh, 188, y + rh)
        page.line(52, y, 52, y + rh)
        page.center_text(22, 52, y + rh * 0.65, label, 11, SONG)
        b = page.hand(55, y + rh * 0.7, value, r, ink, 13, max_w=130)
        if key:
            out.put(key, value, b)
    y = y0 + rh * len(rows) + 14
    _, y = flow(
        page,
        22,
        y,
        188,
        [Seg("转诊意见：经我院专家会诊，因本院诊疗条件所限，同意该患者转往上述医院进一步诊治。")],
        r,
        ink,
        size=11.5,
    )
    page.text(25, y + 18, "主治医师：", 11, SONG)
    page.hand(48, y + 18, r.choice("王李张刘陈") + r.choice("明华军丽"), r, ink, 13)
    page.text(95, y + 18, "科主任：", 11, SONG)
    page.scribble(115, y + 11, 24, 9, r, ink)
    page.text(115, y + 38, "（医院医务科盖章）", 11, SONG)
    assert v.issue_date is not None
    out.put("issue_date", v.issue_date, page.hand(125, y + 52, zh_date(r, v.issue_date), r, ink, 12.5))
    _seal(
        out,
        page,
        v,
        (150 + r.uniform(-6, 6), y + 40 + r.uniform(-3, 3)),
        nrng,
        "square" if r.random() < 0.2 else "round",
        referring if r.random() < 0.7 else referring + "医务科",
    )
    return out
