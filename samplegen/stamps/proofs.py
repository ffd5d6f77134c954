"""Proof letters: residence certificate, referral certificate, written application, commitment.

Certificates come on letterhead (sometimes a red title and red rules, which are not seals) and
carry the issuer's round seal over the issuer's name and date; a letter may be left unsealed.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from samplegen.stamps import kinds
from samplegen.stamps.forms import print_ink
from samplegen.stamps.page import Box, Page, union
from samplegen.stamps.people import Person, company

LETTERHEAD_RED = (200, 36, 40)


def _cn(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _paragraph(
    page: Page, x: float, y: float, width: float, parts: list[tuple[str, str | None]], size: float = 4.2
) -> tuple[float, dict[str, Box]]:
    """Lay out text runs (``(text, key)``) over lines; returns the next y and each keyed run's box."""
    boxes: dict[str, list[Box]] = {}
    cx, cy = x, y
    step = size * 1.05
    for text, key in parts:
        for ch in text:
            if cx + step > x + width:
                cx, cy = x, cy + size * 1.9
            b = page.text(cx, cy, ch, size_mm=size, face="serif")
            if key:
                boxes.setdefault(key, []).append(b)
            cx += step if ord(ch) > 127 else size * 0.6
    return cy + size * 2.2, {k: union(v) for k, v in boxes.items()}


def _letterhead(page: Page, rng: random.Random, org: str, title: str) -> float:
    red = rng.random() < 0.5
    colour = LETTERHEAD_RED if red else (20, 20, 20)
    y = 18.0
    if rng.random() < 0.6:
        page.text(105, y, org, size_mm=6.0, face="serif_bold", fill=colour, anchor="ma")
        y += 10
        page.line(18, y, 192, y, colour, 0.9 if red else 0.4)
        if red:
            page.line(18, y + 1.4, 192, y + 1.4, colour, 0.3)
        y += 8
    page.text(105, y + 4, title, size_mm=7.5, face="serif_bold", anchor="ma")
    return y + 22


def residence_certificate(rng: random.Random, p: Person, *, sealed: bool, unit: bool) -> Page:
    """居住证明 from a police station, a community committee or (``unit``) the employer."""
    page = Page(rng)
    if unit:
        issuer = company(rng, p.dest)
    elif rng.random() < 0.5:
        issuer = (
            p.dest.city
            + "公安局"
            + p.dest_district.removesuffix("区")
            + "分局"
            + rng.choice(["城北", "东关", "西街", "新华"])
            + "派出所"
        )
    else:
        issuer = p.dest_district + rng.choice(["和平", "幸福", "光明", "新村"]) + "社区居民委员会"
    y = _letterhead(page, rng, issuer, "居住证明")
    gender = "男" if p.gender == "male" else "女"
    since = p.start - timedelta(days=rng.randint(400, 3000))
    parts: list[tuple[str, str | None]] = [
        ("兹证明", None),
        (p.name, "name"),
        (f"，{gender}，公民身份号码：", None),
        (p.id_number, "id_number"),
        (f"，自{since.year}年{since.month}月起" + ("在我单位工作并" if unit else "") + "居住在", None),
        (p.dest_address, "address"),
        ("，居住时间已满半年以上。", None),
    ]
    y, boxes = _paragraph(page, 28, y, 154, parts)
    page.text(28, y, "特此证明。", size_mm=4.2)
    y += 26
    issued = p.signed - timedelta(days=rng.randint(1, 25))
    ib = page.text(182, y, issuer, size_mm=4.0, anchor="ra")
    db = page.text(182, y + 9, _cn(issued), size_mm=4.0, anchor="ra")
    page.put("name", p.name, boxes["name"])
    page.put("id_number", p.id_number, boxes["id_number"])
    page.put("address", p.dest_address, boxes["address"])
    page.put("issuer", issuer, ib)
    page.put("issue_date", str(issued), db)
    if sealed:
        pr = kinds.press(rng)
        centre = "" if unit or "派出所" not in issuer else rng.choice(["", "户籍专用章"])
        cx = (ib[0] + ib[2]) / 2 / page.k + rng.uniform(-10, 10)
        page.press(
            kinds.official_round(rng, issuer, centre),
            cx,
            (ib[1] + db[3]) / 2 / page.k + rng.uniform(-6, 6),
            pr,
            "issuer",
        )
        if unit and rng.random() < 0.35:
            pr2 = kinds.press(rng)
            page.stamp(
                kinds.oval(rng, issuer, rng.choice(["人事专用章", "业务专用章"])),
                cx - 45,
                (ib[1] + db[3]) / 2 / page.k + rng.uniform(-5, 10),
                ink=pr2.ink,
                role="issuer",
                angle=pr2.angle,
                faded=pr2.faded,
            )
    return page


def referral_certificate(rng: random.Random, p: Person) -> Page:
    """转诊证明 of the referring designated hospital, with its seal and sometimes a doctor's name seal."""
    page = Page(rng)
    referring = rng.choice(p.home.hospitals)
    target = p.hospitals[0]
    y = _letterhead(page, rng, referring, rng.choice(["转诊证明", "异地转诊证明", "转院证明"]))
    ink = print_ink(rng) if rng.random() < 0.3 else (22, 22, 22)
    x0, x1 = 22.0, 188.0
    rows = ["患者姓名", "公民身份号码", "临床诊断", "转出医院", "转入医院", "转诊理由"]
    for i, lab in enumerate(rows):
        top = y + i * 13
        page.rect(x0, top, x1, top + 13, ink, 0.3)
        page.line(58, top, 58, top + 13, ink)
        page.text(x0 + 2, top + 6.5, lab, size_mm=3.6, fill=ink, anchor="lm")
    vals = [
        p.name,
        p.id_number,
        rng.choice(["冠状动脉粥样硬化性心脏病", "肺部占位性病变", "慢性肾功能不全", "乳腺肿物"]),
        referring,
        target,
        "本院诊疗条件有限，建议转上级医院进一步诊治",
    ]
    boxes = [
        page.text(61, y + i * 13 + 6.5, v, size_mm=3.6, face="sans", anchor="lm") for i, v in enumerate(vals)
    ]
    page.put("name", p.name, boxes[0])
    page.put("id_number", p.id_number, boxes[1])
    page.put("referring_hospital", referring, boxes[3])
    page.put("target_hospital", target, boxes[4])
    y += len(rows) * 13 + 14
    page.text(28, y, "主治医师：", size_mm=4.0)
    doctor = rng.choice(["陈志明", "刘海涛", "周静", "孙丽华"])
    sig = page.signature(52, y - 3, doctor)
    page.text(110, y, "科室：" + rng.choice(["心内科", "呼吸内科", "肾内科", "普外科"]), size_mm=4.0)
    issued = p.start - timedelta(days=rng.randint(1, 10))
    rb = page.text(182, y + 22, referring + "（盖章）", size_mm=4.0, anchor="ra")
    db = page.text(182, y + 31, _cn(issued), size_mm=4.0, anchor="ra")
    page.put("issue_date", str(issued), db)
    pr = kinds.press(rng)
    page.press(
        kinds.official_round(rng, referring, rng.choice(["", "医务科", "转诊专用章"])),
        (rb[0] + rb[2]) / 2 / page.k,
        (rb[1] + db[3]) / 2 / page.k,
        pr,
        "issuer",
    )
    if rng.random() < 0.4:
        pr2 = kinds.press(rng)
        page.stamp(
            kinds.name_seal(rng, doctor),
            (sig[2]) / page.k + 6,
            (sig[1] + sig[3]) / 2 / page.k,
            ink=pr2.ink,
            role="unknown",
            angle=pr2.angle / 3,
        )
    return page


def statement(
    rng: random.Random, p: Person, *, commitment: bool, letterhead: bool = False, unit_seal: bool = False
) -> Page:
    """书面申请 or 个人承诺书: text, signature, date; maybe a name seal, maybe the unit's seal.

    ``letterhead`` prints a red title and rules with no seal at all (a look-alike page).
    """
    page = Page(rng)
    title = "个人承诺书" if commitment else rng.choice(["书面申请", "异地就医备案申请", "申请书"])
    if letterhead:
        page.text(
            105, 14, "异地就医备案材料", size_mm=5.0, face="serif_bold", fill=LETTERHEAD_RED, anchor="ma"
        )
        page.line(18, 24, 192, 24, LETTERHEAD_RED, 1.0)
        page.line(18, 25.6, 192, 25.6, LETTERHEAD_RED, 0.3)
    page.text(105, 36, title, size_mm=7.0, face="serif_bold", anchor="ma")
    body = (
        "本人承诺所提交的异地居住情况真实，如有虚假，愿承担由此产生的一切法律责任。"
        if commitment
        else f"本人因{p.reason}，现申请办理异地就医备案，就医地为{p.dest.name}，请予批准。"
    )
    parts: list[tuple[str, str | None]] = [
        ("本人", None),
        (p.name, "name"),
        ("，公民身份号码", None),
        (p.id_number, "id_number"),
        ("。", None),
        (body, None),
    ]
    y, boxes = _paragraph(page, 28, 56, 154, parts)
    page.put("name", p.name, boxes["name"])
    page.put("id_number", p.id_number, boxes["id_number"])
    if not commitment:
        lb = page.text(28, y, "申请原因：", size_mm=4.0)
        page.put("reason", p.reason, page.text(lb[2] / page.k + 1, y, p.reason, size_mm=4.0))
        y += 12
    y += 24
    page.text(110, y, "签名：", size_mm=4.2)
    sig = page.signature(124, y - 3, p.name)
    page.put("signature", True, sig)
    page.text(110, y + 14, "日期：", size_mm=4.2)
    db = page.hand(124, y + 13, _cn(p.signed), size_mm=4.6, ink="black")
    page.put("date", str(p.signed), db)
    if rng.random() < 0.3:
        pr = kinds.press(rng)
        page.stamp(
            kinds.name_seal(rng, p.name),
            (sig[0] + sig[2]) / 2 / page.k,
            (sig[1] + sig[3]) / 2 / page.k,
            ink=pr.ink,
            role="unknown",
            angle=pr.angle / 2,
            faded=pr.faded,
        )
    if unit_seal and p.employer:
        pr = kinds.press(rng)
        page.text(40, y + 34, "单位意见：情况属实。", size_mm=4.0)
        page.stamp(
            kinds.official_round(rng, p.employer),
            rng.uniform(55, 80),
            y + rng.uniform(30, 40),
            ink=pr.ink,
            role="unknown",
            angle=pr.angle,
            faded=pr.faded,
            double=pr.double,
        )
    return page
