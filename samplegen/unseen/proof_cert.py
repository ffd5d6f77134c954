"""Residence certificates (居住证明) from villages, street offices, communities, police
stations and employers, as letters in several wordings or as a ruled form.

Name and ID number sit inside running text (typed, or handwritten into blanks), the address
is phrased differently by each issuer, the date may be in Chinese numerals, and seals come
round, oval or doubled (a community seal plus the street office's), often over the date.
"""

from __future__ import annotations

import random
from datetime import date

import numpy as np

from kernel.domain import GENDER_ZH, DocType
from samplegen.canvas import Page
from samplegen.paragraph import Seg, flow
from samplegen.proofs import ProofValues
from samplegen.unseen import stamps
from samplegen.unseen.doc import UDoc
from samplegen.unseen.formkit import random_look
from samplegen.unseen.ink import date_text, random_hand, write

ID_WORDS = ("公民身份号码", "身份证号码", "身份证号", "身份证")


def _segs(kind: str, v: ProofValues, hand: bool, r: random.Random, since: date, dest: str) -> list[Seg]:
    idw = r.choice(ID_WORDS)
    sex = GENDER_ZH[v.gender]
    years = max(1, 2026 - since.year)
    if kind == "employer":
        return r.choice(
            (
                [
                    Seg("兹证明"),
                    Seg(v.name, "name"),
                    Seg(f"同志（{idw}："),
                    Seg(v.id_number, "id_number"),
                    Seg(
                        f"）系我单位正式职工，自{since.year}年{since.month}月起被派驻{dest}工作，现居住地址为"
                    ),
                    Seg(v.address, "address"),
                    Seg("。\n特此证明。"),
                ],
                [
                    Seg("我公司员工"),
                    Seg(v.name, "name"),
                    Seg(f"，{sex}，{idw}"),
                    Seg(v.id_number, "id_number"),
                    Seg(f"，因工作需要长期在{dest}驻点工作，居住于"),
                    Seg(v.address, "address"),
                    Seg("。现申请办理异地就医备案，情况属实。\n特此证明！"),
                ],
            )
        )
    who = {"village": "本村村民", "street": "辖区居民", "community": "本社区居民", "police": "暂住人口"}[kind]
    return r.choice(
        (
            [
                Seg("兹有"),
                Seg(v.name, "name", hand),
                Seg(f"（{sex}，{idw}："),
                Seg(v.id_number, "id_number", hand),
                Seg(f"），自{since.year}年起在我{'村' if kind == 'village' else '辖区'}居住，住址："),
                Seg(v.address, "address", hand),
                Seg(f"，已连续居住{years}年，情况属实。\n特此证明。"),
            ],
            [
                Seg(f"经核实，{who}"),
                Seg(v.name, "name", hand),
                Seg(f"，{idw}"),
                Seg(v.id_number, "id_number", hand),
                Seg("，实际居住在"),
                Seg(v.address, "address", hand),
                Seg("，居住时间半年以上。\n特此证明。"),
            ],
            [
                Seg("兹证明"),
                Seg(v.name, "name", hand),
                Seg("同志，身份证号"),
                Seg(v.id_number, "id_number", hand),
                Seg("，现住"),
                Seg(v.address, "address", hand),
                Seg(f"。该同志在我辖区长期居住，需在{dest}就医。\n此证明。"),
            ],
        )
    )


def _bottom(
    doc: UDoc,
    v: ProofValues,
    kind: str,
    y: float,
    r: random.Random,
    nrng: np.random.Generator,
    look_face: tuple[str, int],
    hanzi: bool,
) -> None:
    """Issuer line, date line, and one or two seals, the first over the date or the issuer."""
    page = doc.page
    assert v.issue_date is not None
    x = 118 if len(v.issuer) < 13 else 182 - len(v.issuer) * 4.6
    if r.random() < 0.3:
        page.text(25, y - 14, "经办人：", 11.5, look_face)
        write(page, 45, y - 14, r.choice("王李张刘陈") + r.choice("建明秀英红"), random_hand(r), r)
        page.text(25, y - 4, "联系电话：", 11.5, look_face)
        write(page, 48, y - 4, f"0{r.randint(10, 999)}-{r.randint(2000000, 8999999)}", random_hand(r), r)
    ib = page.text(x, y, v.issuer, 12, look_face)
    doc.put("issuer", v.issuer, ib)
    style = "hanzi" if hanzi else r.choice(("zh", "zh0", "dot0", "zh"))
    dx = 128 if style != "hanzi" else 118
    if r.random() < 0.4:
        db = write(page, dx, y + 12, date_text(v.issue_date, style), random_hand(r), r)
    else:
        db = page.text(dx, y + 12, date_text(v.issue_date, style), 12, look_face)
    doc.put("issue_date", v.issue_date, db)
    if not v.stamped:
        return
    over = r.choice(("date", "issuer", "right"))
    cy = {"date": y + 9, "issuer": y - 2, "right": y + 4}[over] + r.uniform(-4, 4)
    cx = (ib[0] + ib[2]) / 2 * 25.4 / page.dpi + r.uniform(-8, 8) + (14 if over == "right" else 0)
    shape = "oval" if kind == "employer" and r.random() < 0.4 else "round"
    bottom = {"police": "户籍专用章", "employer": r.choice(("", "人事专用章"))}.get(kind, "")
    stamps.put(doc, v.issuer, (min(cx, 175), cy), nrng, "issuer", bottom=bottom, shape=shape)
    if kind in ("community", "village") and r.random() < 0.45:  # the street office / town confirms
        if kind == "village":  # 柳树镇柳树村民委员会 → 柳树镇人民政府
            upper = v.issuer[: v.issuer.index("镇") + 1] + "人民政府" if "镇" in v.issuer else v.issuer
        else:  # 青年街道阳光社区居民委员会 → 青年街道办事处
            upper = v.issuer.split("社区")[0] + "办事处"
        stamps.put(
            doc,
            upper,
            (60 + r.uniform(-10, 10), y + 6 + r.uniform(-5, 5)),
            nrng,
            "issuer",
        )


def letter(
    v: ProofValues, kind: str, dpi: int, r: random.Random, nrng: np.random.Generator, since: date, dest: str
) -> UDoc:
    page = Page(dpi)
    doc = UDoc(DocType.RESIDENCE_CERTIFICATE, [page], f"cert:{kind}:letter")
    look = random_look(r)
    hand = kind != "employer" and r.random() < 0.55
    title = r.choice(
        ("居住证明", "证　明", "居住情况证明") if kind != "employer" else ("工作证明", "证明", "派驻工作证明")
    )
    page.center_text(20, 190, 42, title, r.uniform(18, 22), look.bold)
    if r.random() < 0.5:
        page.text(25, 60, r.choice(("医疗保障经办机构：", "致：医保经办机构", "有关单位：")), 12.5, look.face)
    ink = random_hand(r).ink
    boxes, last = flow(
        page,
        25,
        74,
        185,
        _segs(kind, v, hand, r, since, dest),
        r,
        ink,
        size=r.uniform(12, 13.5),
        spec=look.face,
        leading=r.uniform(1.8, 2.3),
    )
    for key in ("name", "id_number", "address"):
        doc.put(key, getattr(v, key), boxes.get(key))
    _bottom(doc, v, kind, max(last + 38, 150.0) + r.uniform(0, 30), r, nrng, look.face, r.random() < 0.25)
    return doc.complete()


def form(
    v: ProofValues, kind: str, dpi: int, r: random.Random, nrng: np.random.Generator, since: date, dest: str
) -> UDoc:
    """A ruled 居住证明 form: the committee or station fills in the person's rows and seals it."""
    page = Page(dpi)
    doc = UDoc(DocType.RESIDENCE_CERTIFICATE, [page], f"cert:{kind}:form")
    look = random_look(r)
    hand = random_hand(r)
    page.center_text(20, 190, 35, r.choice(("居住证明", "异地居住证明", "居住情况证明表")), 19, look.bold)
    rows = (
        ("姓　名", v.name, "name"),
        ("性　别", GENDER_ZH[v.gender], None),
        ("身份证号码", v.id_number, "id_number"),
        ("现居住地址", v.address, "address"),
        ("居住起始时间", date_text(since, "zh"), None),
    )
    y0, rh = 50.0, 14.0
    page.rect(22, y0, 188, y0 + rh * (len(rows) + 2), look.line * 1.3)
    for i, (label, value, key) in enumerate(rows):
        y = y0 + rh * i
        page.line(22, y + rh, 188, y + rh, look.line)
        page.line(55, y, 55, y + rh, look.line)
        page.center_text(22, 55, y + rh * 0.64, label, 11, look.face)
        b = write(
            page,
            58,
            y + rh * 0.7,
            value,
            hand if len(value) < 24 else random_hand(r, size=11, ink=hand.ink),
            r,
            max_w=128,
        )
        if key:
            doc.put(key, value, b)
    y = y0 + rh * len(rows)
    page.line(55, y, 55, y + rh * 2, look.line)
    page.center_text(
        22,
        55,
        y + rh,
        {"employer": "单位意见", "police": "派出所意见"}.get(kind, "社区（村）意见"),
        11,
        look.face,
    )
    write(page, 60, y + 10, r.choice(("情况属实。", "经核实，该居民在本辖区居住属实。", "属实")), hand, r)
    _bottom(doc, v, kind, y + rh * 2 + 22, r, nrng, look.face, False)
    return doc.complete()


def residence_certificate(
    v: ProofValues, kind: str, dpi: int, r: random.Random, nrng: np.random.Generator, since: date, dest: str
) -> UDoc:
    maker = letter if kind == "employer" or r.random() < 0.65 else form
    return maker(v, kind, dpi, r, nrng, since, dest)
