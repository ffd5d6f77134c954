"""Referral forms and the applicant's own statements, in new shapes and wordings.

``referral``: a ruled 转诊转院审批表 with the department's and the hospital insurance office's
opinions (two dates, one seal of the hospital, sometimes a square office seal as well).
``commitment`` and ``application``: a personal-information table or a bare letter, other
phrasings, handwritten or typed, signed and dated.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import numpy as np

from kernel.domain import GENDER_ZH, DocType
from samplegen.canvas import Page
from samplegen.paragraph import Seg, flow
from samplegen.proofs import ProofValues
from samplegen.unseen import stamps
from samplegen.unseen.doc import UDoc
from samplegen.unseen.formkit import random_look
from samplegen.unseen.ink import date_text, random_date_style, random_hand, write
from samplegen.values import TODAY


def referral(
    v: ProofValues,
    referring: str,
    target: str,
    diagnosis: str,
    insurance: str,
    dpi: int,
    r: random.Random,
    nrng: np.random.Generator,
) -> UDoc:
    page = Page(dpi)
    doc = UDoc(DocType.REFERRAL_CERTIFICATE, [page], "referral:form")
    look, hand = random_look(r), random_hand(r)
    page.center_text(15, 195, 24, r.choice((f"{referring}", "基本医疗保险参保人员")), 13, look.face)
    page.center_text(
        15,
        195,
        35,
        r.choice(("异地转诊转院审批表", "转诊转院审批表", "参保人员转外就医审批表")),
        18,
        look.bold,
    )
    age = TODAY.year - v.birth.year
    rows = [
        (
            12.0,
            (
                ("姓名", 22),
                (v.name, 38, "name"),
                ("性别", 16),
                (GENDER_ZH[v.gender], 18, None),
                ("年龄", 16),
                (str(age), 16, None),
                ("参保类型", 22),
                (insurance, 32, None),
            ),
        ),
        (
            12.0,
            (
                ("身份证号码", 26),
                (v.id_number, 82, "id_number"),
                ("联系电话", 22),
                (f"1{r.randint(3000000000, 9999999999)}", 50, None),
            ),
        ),
        (12.0, (("转出医院", 26), (referring, 154, "referring_hospital"))),
        (12.0, (("转往医院", 26), (target, 154, "target_hospital"))),
        (12.0, (("临床诊断", 26), (diagnosis, 154, None))),
    ]
    y = 42.0
    for h, cells in rows:
        x = 15.0
        for cell in cells:
            w = cell[1]
            page.rect(x, y, x + w, y + h, look.line)
            if len(cell) == 2:
                page.center_text(
                    x, x + w, y + h * 0.64, cell[0], look.size - (1 if len(cell[0]) > 4 else 0), look.face
                )
            else:
                b = write(page, x + 1.5, y + h * 0.72, cell[0], hand, r, max_w=w - 2)
                if cell[2]:
                    doc.put(cell[2], cell[0], b)
            x += w
        y += h
    assert v.issue_date is not None
    boxes = (
        ("病情摘要及\n转诊理由", 34),
        ("科室意见", 30),
        ("医院医保办\n（医务科）意见", 40),
        ("参保地医保\n经办机构意见", 28),
    )
    for i, (label, h) in enumerate(boxes):
        page.rect(15, y, 45, y + h, look.line)
        page.rect(45, y, 195, y + h, look.line)
        lines = label.split("\n")
        for k, ln in enumerate(lines):
            page.center_text(
                15, 45, y + h / 2 + (k - (len(lines) - 1) / 2) * 5 + 1.5, ln, look.size - 1, look.face
            )
        if i == 0:
            flow(
                page,
                47,
                y + 8,
                192,
                [Seg(f"患者因{diagnosis}，本院诊疗条件有限，建议转上级医院进一步诊治。", None, True)],
                r,
                hand.ink,
                size=11.5,
                indent=0,
            )
        elif i == 1:
            write(page, 50, y + 10, "同意转诊。", hand, r)
            page.text(110, y + h - 5, "主任签字：", look.size - 0.5, look.face)
            page.scribble(132, y + h - 13, 22, 9, r, hand.ink)
            write(
                page,
                160,
                y + h - 5,
                date_text(v.issue_date - timedelta(days=r.randint(0, 2)), "dot0"),
                hand,
                r,
            )
        elif i == 2:
            write(page, 50, y + 10, r.choice(("同意。", "同意转往上述医院。")), hand, r)
            page.text(120, y + h - 16, "（盖章）", look.size - 0.5, look.face)
            db = write(
                page, 140, y + h - 5, date_text(v.issue_date, random_date_style(r, hanzi=False)), hand, r
            )
            doc.put("issue_date", v.issue_date, db)
            if v.stamped:
                stamps.put(
                    doc, referring, (150 + r.uniform(-10, 10), y + h / 2 + r.uniform(-3, 3)), nrng, "issuer"
                )
                if r.random() < 0.35:
                    stamps.put(
                        doc,
                        referring + "医保办",
                        (80 + r.uniform(-5, 5), y + h / 2),
                        nrng,
                        "issuer",
                        shape="square",
                    )
        y += h
    page.text(15, y + 8, "注：本表一式三份，转出医院、参保人、医保经办机构各一份。", 8.5, look.face)
    return doc.complete()


def _statement(
    doc_type: DocType,
    title: str,
    segs: list[Seg],
    v: ProofValues,
    signed_on: date,
    dpi: int,
    r: random.Random,
    table: bool,
    reason: str | None,
    variant: str,
) -> UDoc:
    page = Page(dpi)
    doc = UDoc(doc_type, [page], variant)
    look, hand = random_look(r), random_hand(r)
    page.center_text(20, 190, 38, title, r.uniform(18, 22), look.bold)
    y = 60.0
    if table:  # personal details in a small table above the text
        for i, (label, value, key) in enumerate(
            (("姓名", v.name, "name"), ("身份证号码", v.id_number, "id_number"))
        ):
            yy = y + 12 * i
            page.rect(25, yy, 60, yy + 12, look.line)
            page.rect(60, yy, 185, yy + 12, look.line)
            page.center_text(25, 60, yy + 8, label, 11, look.face)
            doc.put(key, value, write(page, 63, yy + 8.5, value, hand, r))
        y += 36
    boxes, last = flow(
        page, 25, y, 185, segs, r, hand.ink, size=r.uniform(12, 13.5), spec=look.face, leading=2.0
    )
    if not table:
        doc.put("name", v.name, boxes.get("name"))
        doc.put("id_number", v.id_number, boxes.get("id_number"))
    if reason is not None:
        doc.put("reason", reason, boxes.get("reason"))
    y = max(last + 28, 165.0) + r.uniform(0, 25)
    label = (
        r.choice(("承诺人：", "承诺人（签字）：", "签名："))
        if doc_type == DocType.PERSONAL_COMMITMENT
        else r.choice(("申请人：", "申请人签字：", "申请人（签名）："))
    )
    lb = page.text(105, y, label, 12, look.face)
    doc.put("signature", True, page.scribble(lb[2] * 25.4 / dpi + 2, y - 9, 30, 12, r, hand.ink, v.name))
    style = random_date_style(r)
    if r.random() < 0.5:
        page.text(105, y + 15, "日期：", 12, look.face)
        db = write(page, 120, y + 15, date_text(signed_on, style), hand, r)
    else:
        db = write(page, 125, y + 15, date_text(signed_on, style), hand, r)
    doc.put("date", signed_on, db)
    return doc.complete()


def commitment(v: ProofValues, insured: str, dest: str, signed_on: date, dpi: int, r: random.Random) -> UDoc:
    table = r.random() < 0.4
    hand = r.random() < 0.5
    who = (
        []
        if table
        else [
            Seg("本人"),
            Seg(v.name, "name", hand),
            Seg("（身份证号："),
            Seg(v.id_number, "id_number", hand),
            Seg("）"),
        ]
    )
    text = r.choice(
        (
            f"，系{insured}基本医疗保险参保人员，现因长期居住在{dest}，申请办理异地就医备案。本人承诺以上情况属实，"
            "如有隐瞒或弄虚作假，愿意承担相应的法律责任，并退回违规结算的医疗费用。",
            f"，参保地{insured}，因需在{dest}就医，申请异地就医备案。本人郑重承诺：所提供的信息真实有效，"
            "备案期间如情况发生变化，将及时办理变更手续。",
        )
    )
    segs = [Seg("本人" + text.lstrip("，"))] if table else [*who, Seg(text)]
    segs.append(Seg("\n特此承诺。"))
    title = r.choice(("承诺书", "个人承诺书", "异地就医备案承诺书", "参保人员异地就医个人承诺书"))
    return _statement(
        DocType.PERSONAL_COMMITMENT, title, segs, v, signed_on, dpi, r, table, None, "commitment"
    )


def application(v: ProofValues, reason: str, dest: str, signed_on: date, dpi: int, r: random.Random) -> UDoc:
    table = r.random() < 0.3
    hand = r.random() < 0.4
    who = (
        []
        if table
        else [
            Seg("我叫"),
            Seg(v.name, "name", hand),
            Seg("，身份证号码"),
            Seg(v.id_number, "id_number", hand),
        ]
    )
    segs = [
        Seg(r.choice(("尊敬的医保经办机构：\n", "市医疗保障事务中心：\n", ""))),
        *who,
        Seg("。现因" if not table else "本人因"),
        Seg(reason, "reason", hand),
        Seg(f"，需在{dest}长期就医，特向贵中心申请办理异地就医备案手续，请予批准。\n此致\n敬礼！"),
    ]
    title = r.choice(("申请书", "异地就医申请", "关于办理异地就医备案的申请", "书面申请"))
    return _statement(
        DocType.WRITTEN_APPLICATION, title, segs, v, signed_on, dpi, r, table, reason, "application"
    )
