"""The declaration form (异地就医登记备案表), printed in black or in a coloured ink, with its seals."""

from __future__ import annotations

import random

from kernel.domain import CATEGORY_ZH, GENDER_ZH, INSURANCE_TYPE_ZH, FilingCategory
from samplegen.stamps import kinds
from samplegen.stamps.page import Box, Page, union
from samplegen.stamps.people import Person, agency

PRINT_INKS: dict[str, tuple[int, int, int]] = {
    "black": (22, 22, 22),
    "red": (196, 40, 44),
    "red_brown": (150, 62, 44),
    "green": (28, 118, 62),
    "blue": (36, 70, 160),
}


def print_ink(rng: random.Random) -> tuple[int, int, int]:
    """The colour a form is printed in: mostly black, else red, red-brown, green or blue."""
    return PRINT_INKS[rng.choices(list(PRINT_INKS), [0.55, 0.15, 0.1, 0.1, 0.1])[0]]


def _iso(d: object) -> str | None:
    return None if d is None else str(d)


def _cn(d: object) -> str:
    from datetime import date

    assert isinstance(d, date)
    return f"{d.year}年{d.month}月{d.day}日"


def declaration(rng: random.Random, p: Person, *, stamped: bool) -> Page:
    """A declaration form; ``stamped`` puts the agency's seal in its box (else the box stays empty)."""
    page = Page(rng)
    ink = print_ink(rng)
    handwritten = rng.random() < 0.5

    def value(x: float, y: float, s: str) -> Box:
        if handwritten:
            return page.hand(x, y - 0.5, s, size_mm=4.4, ink=rng.choice(["blue", "black"]))
        return page.text(x, y, s, size_mm=3.4, face="sans")

    province = p.home.name.split("省")[0] + "省" if "省" in p.home.name else p.home.city
    title = rng.choice(
        [f"{province}异地就医登记备案表", "异地就医登记备案表", "基本医疗保险异地就医备案申报表"]
    )
    page.text(105, 16, title, size_mm=6.5, face="serif_bold", fill=ink, anchor="ma")
    if rng.random() < 0.4:
        page.line(20, 27, 190, 27, ink, 0.8)
    page.text(20, 31, "编号：" + str(rng.randrange(10**9, 10**10)), size_mm=3.0, fill=ink)
    x0, x1, lab = 18.0, 192.0, 3.5
    rows = [10.5] * 4 + [17.0, 10.5, 10.5, 20.0, 10.5, 14.0, 26.0, 46.0]
    ys = [37.0]
    for h in rows:
        ys.append(ys[-1] + h)
    page.rect(x0, ys[0], x1, ys[-1], ink, 0.5)
    for y in ys[1:-1]:
        page.line(x0, y, x1, y, ink)
    page.line(48, ys[0], 48, ys[-2], ink)

    def label(row: int, x: float, s: str) -> None:
        page.text(x + 1.5, (ys[row] + ys[row + 1]) / 2, s, size_mm=lab, fill=ink, anchor="lm")

    def cell_y(row: int) -> float:
        return (ys[row] + ys[row + 1]) / 2 - 2.2

    label(0, x0, "姓名")
    page.put("name", p.name, value(52, cell_y(0), p.name))
    for x in (92, 108, 134, 156):
        page.line(x, ys[0], x, ys[1], ink)
    label(0, 92, "性别")
    page.put("gender", p.gender, value(112, cell_y(0), GENDER_ZH[p.gender]))
    label(0, 134, "联系电话")
    page.put("phone", p.phone, value(158, cell_y(0), p.phone))
    label(1, x0, "公民身份号码")
    page.line(120, ys[1], 120, ys[3], ink)
    page.line(146, ys[1], 146, ys[3], ink)
    page.put("id_number", p.id_number, value(52, cell_y(1), p.id_number))
    label(1, 120, "社会保障卡号")
    ssn_text = p.ssn if rng.random() < 0.6 else ""
    page.put(
        "social_security_number", ssn_text or None, value(147, cell_y(1), ssn_text) if ssn_text else None
    )
    label(2, x0, "参保地")
    page.put("insured_region", p.home.name, value(52, cell_y(2), p.home.name))
    label(2, 120, "险种")
    page.put(
        "insurance_type", p.insurance_type, value(147, cell_y(2), INSURANCE_TYPE_ZH[p.insurance_type][:6])
    )
    label(3, x0, "单位名称")
    page.put("employer", p.employer, value(52, cell_y(3), p.employer) if p.employer else None)
    label(4, x0, "备案类型")
    chosen: Box | None = None
    for i, cat in enumerate(FilingCategory):
        cx, cy = 52 + (i % 3) * 46, ys[4] + 3 + (i // 3) * 7
        page.rect(cx, cy, cx + 3.2, cy + 3.2, ink, 0.25)
        tbox = page.text(cx + 4.5, cy - 0.3, CATEGORY_ZH[cat], size_mm=3.0, fill=ink)
        if cat == p.category:
            tick = page.hand(cx - 0.3, cy - 1.6, "√", size_mm=5.0, ink="black")
            chosen = union([tick, tbox])
    page.put("filing_category", str(p.category), chosen)
    label(5, x0, "就医地")
    page.put("destination_region", p.dest.name, value(52, cell_y(5), p.dest.name))
    label(6, x0, "异地居住地址")
    page.put("residence_address", p.dest_address, value(52, cell_y(6), p.dest_address))
    label(7, x0, "选定定点医疗机构")
    boxes = [value(52, ys[7] + 1.5 + i * 6, f"{i + 1}. {h}") for i, h in enumerate(p.hospitals)]
    page.put("hospitals", list(p.hospitals), union(boxes))
    label(8, x0, "备案开始日期")
    page.line(120, ys[8], 120, ys[9], ink)
    page.line(146, ys[8], 146, ys[9], ink)
    page.put("start_date", _iso(p.start), value(52, cell_y(8), _cn(p.start)))
    label(8, 120, "备案结束日期")
    page.put("end_date", _iso(p.end), value(147, cell_y(8), _cn(p.end)) if p.end else None)
    label(9, x0, "申请原因")
    page.put("reason", p.reason, value(52, cell_y(9), p.reason))
    label(10, x0, "申请人承诺")
    page.text(52, ys[10] + 2, "本人承诺以上信息真实有效，如有虚假愿承担相应责任。", size_mm=3.0, fill=ink)
    page.text(52, ys[10] + 13, "申请人签字：", size_mm=lab, fill=ink)
    sig = page.signature(76, ys[10] + 10, p.name)
    page.put("applicant_signature", True, sig)
    page.text(130, ys[10] + 13, "日期：", size_mm=lab, fill=ink)
    page.put("signed_date", _iso(p.signed), value(142, ys[10] + 13, _cn(p.signed)))
    if rng.random() < 0.25:
        pr = kinds.press(rng)
        page.stamp(
            kinds.name_seal(rng, p.name),
            (sig[0] + sig[2]) / 2 / page.k + rng.uniform(-4, 8),
            (sig[1] + sig[3]) / 2 / page.k,
            ink=pr.ink,
            role="unknown",
            angle=pr.angle / 3,
            faded=pr.faded,
        )
    label(11, x0, "经办机构（单位）意见")
    page.text(52, ys[11] + 4, "经审核，同意备案。" if stamped else "", size_mm=3.6, fill=ink)
    page.text(52, ys[11] + 30, "经办人：", size_mm=lab, fill=ink)
    page.text(120, ys[11] + 22, "（盖章）", size_mm=lab, fill=ink)
    page.text(140, ys[11] + 36, "年    月    日", size_mm=lab, fill=ink)
    page.put("agency_stamp", stamped, None)
    if stamped:
        page.hand(66, ys[11] + 28, rng.choice(["李芳", "张敏", "王强", "赵磊"]), size_mm=5.0, ink="black")
        page.hand(138, ys[11] + 34, f"{p.signed.year}  {p.signed.month:>2}   {p.signed.day:>2}", size_mm=4.4)
        pr = kinds.press(rng)
        page.press(
            kinds.official_round(rng, agency(p.home), rng.choice(["", "", "业务专用章"])),
            rng.uniform(130, 160),
            ys[11] + rng.uniform(18, 28),
            pr,
            "agency",
        )
    extra = rng.random()
    if extra < 0.2:
        pr = kinds.press(rng)
        page.stamp(
            kinds.audited(rng),
            rng.uniform(150, 180),
            rng.uniform(20, 30),
            ink=pr.ink,
            role="unknown",
            angle=pr.angle / 2,
        )
    elif extra < 0.35 and stamped:
        pr = kinds.press(rng)
        page.stamp(
            kinds.review_boxed(rng, agency(p.home)),
            rng.uniform(70, 100),
            ys[11] + rng.uniform(14, 36),
            ink=pr.ink,
            role="unknown",
            angle=pr.angle / 2,
            faded=pr.faded,
        )
    return page
