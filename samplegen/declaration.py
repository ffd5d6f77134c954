"""The declaration form (登记备案表 / 申报表) in three printed layouts.

``national`` follows the cross-province table most agencies copy, ``shanxi`` the
山西省异地就医登记备案表, ``municipal`` a city's 异地工作居住人员申报表 with its own label
wording, so field extraction cannot rely on one set of labels or one geometry.
"""

from __future__ import annotations

import random

import numpy as np

from kernel.domain import DocType
from samplegen.canvas import HEI, HEI_BOLD, INKS, SONG, SONG_BOLD, Page
from samplegen.model import DeclValues, Rendered, SealMark
from samplegen.seals import random_spec, stamp
from samplegen.table import Filler, L, Row, Style, V, draw_table

LAYOUTS = ("national", "shanxi", "municipal")
W = 174.0  # table width in mm (A4 minus 18 mm margins)


def _national(r: random.Random) -> list[Row]:
    return [
        Row(
            11,
            (
                L(28, "姓  名"),
                V(50, "name"),
                L(22, "性  别"),
                V(20, "gender"),
                L(24, "联系电话"),
                V(30, "phone"),
            ),
        ),
        Row(
            11,
            (
                L(28, "公民身份号码"),
                V(72, "id_number"),
                L(24, "社会保障卡号"),
                V(50, "social_security_number"),
            ),
        ),
        Row(11, (L(28, "参保地"), V(42, "insured_region"), L(18, "险  种"), V(86, "insurance_type"))),
        Row(11, (L(28, "单位名称"), V(146, "employer"))),
        Row(16, (L(28, "备案类型"), V(146, "filing_category"))),
        Row(11, (L(28, "就医地\n（省、市）"), V(146, "destination_region"))),
        Row(11, (L(28, "异地居住地址"), V(146, "residence_address"))),
        Row(24, (L(28, "选定定点\n医疗机构"), V(146, "hospitals"))),
        Row(11, (L(28, "备案开始日期"), V(59, "start_date"), L(28, "备案结束日期"), V(59, "end_date"))),
        Row(14, (L(28, "申请原因"), V(146, "reason"))),
    ]


def _shanxi(r: random.Random) -> list[Row]:
    id_label = r.choice(("身份证号码", "公民身份号码"))
    return [
        Row(
            12,
            (
                L(30, "参保人姓名"),
                V(40, "name"),
                L(18, "性别"),
                V(18, "gender"),
                L(26, "联系电话"),
                V(42, "phone"),
            ),
        ),
        Row(
            12, (L(30, id_label), V(70, "id_number"), L(26, "社会保障号码"), V(48, "social_security_number"))
        ),
        Row(12, (L(30, "参保统筹区"), V(40, "insured_region"), L(18, "险种"), V(86, "insurance_type"))),
        Row(12, (L(30, "工作单位"), V(144, "employer"))),
        Row(20, (L(30, "备案类别"), V(144, "filing_category"))),
        Row(12, (L(30, "异地就医地\n（省、市）"), V(144, "destination_region"))),
        Row(12, (L(30, "异地居住\n（工作）地址"), V(144, "residence_address"))),
        Row(26, (L(30, "选定定点\n医疗机构\n（1至3家）"), V(144, "hospitals"))),
        Row(12, (L(30, "备案开始时间"), V(57, "start_date"), L(30, "备案结束时间"), V(57, "end_date"))),
        Row(16, (L(30, "申请理由"), V(144, "reason"))),
    ]


def _municipal(r: random.Random) -> list[Row]:
    id_label = r.choice(("公民身份号码", "证件号码", "身份证号"))
    phone_label = r.choice(("手机号码", "联系电话"))
    dest_label = r.choice(("异地就医地", "居住地", "就医地"))
    hosp_label = r.choice(("定点医院", "选定定点医疗机构"))
    start_label = r.choice(("开始时间", "备案开始日期"))
    return [
        Row(
            10,
            (
                L(26, "姓名"),
                V(36, "name"),
                L(16, "性别"),
                V(14, "gender"),
                L(24, id_label),
                V(58, "id_number"),
            ),
        ),
        Row(10, (L(26, phone_label), V(36, "phone"), L(30, "社会保障卡号"), V(82, "social_security_number"))),
        Row(
            10,
            (
                L(26, r.choice(("参保地", "参保统筹区"))),
                V(36, "insured_region"),
                L(30, "参保险种"),
                V(82, "insurance_type"),
            ),
        ),
        Row(10, (L(26, "所在单位"), V(148, "employer"))),
        Row(10, (L(26, dest_label), V(62, "destination_region"), L(26, start_label), V(60, "start_date"))),
        Row(10, (L(26, "详细住址"), V(148, "residence_address"))),
        Row(10, (L(26, "结束时间"), V(62, "end_date"), L(26, "申报原因"), V(60, "reason"))),
        Row(22, (L(26, "申报类型"), V(148, "filing_category"))),
        Row(22, (L(26, hosp_label), V(148, "hospitals"))),
    ]


def _titles(page: Page, layout: str, v: DeclValues, r: random.Random) -> float:
    """Print the form heading; returns the y (mm) where the table starts."""
    if layout == "national":
        title = r.choice(("异地就医登记备案表", "基本医疗保险跨省异地就医登记备案表"))
        page.center_text(18, 192, 30, title, 17, SONG_BOLD)
        page.text(18, 42, "参保地经办机构：", 10.5, SONG)
        page.text(130, 42, "编号：", 10.5, SONG)
        page.text(141, 42, f"{r.randint(100000, 999999)}", 10.5, SONG)
        return 45.0
    if layout == "shanxi":
        page.center_text(18, 192, 28, "山西省异地就医登记备案表", 18, HEI_BOLD)
        page.center_text(18, 192, 36, "（异地安置、长期居住、常驻工作、转诊等人员适用）", 10, SONG)
        page.text(18, 45, "填表日期：", 10, SONG)
        page.text(140, 45, "单位：人民币元", 9, SONG)
        return 48.0
    title = f"{v.insured_city}基本医疗保险异地工作居住人员申报表"
    page.center_text(18, 192, 30, title, 16, HEI_BOLD)
    page.text(150, 40, "表  号：YD-01", 9, HEI)
    return 44.0


def _footer(
    page: Page,
    layout: str,
    y: float,
    v: DeclValues,
    out: Rendered,
    filler: Filler,
    r: random.Random,
    nrng: np.random.Generator,
) -> None:
    """Commitment text, signature and date boxes, and the agency stamp box."""
    font = HEI if layout == "municipal" else SONG
    page.rect(18, y, 192, y + 34, 0.5)
    page.text(
        21, y + 6, "本人承诺：以上所填信息及所提供材料真实有效，如有虚假，愿承担相应法律责任。", 10, font
    )
    sig_label = {"national": "申请人签字：", "shanxi": "参保人（代办人）签字：", "municipal": "本人签名："}[
        layout
    ]
    lb = page.text(24, y + 20, sig_label, 10.5, font)
    sx = lb[2] / page.dpi * 25.4 + 2
    filler.fill(page, "signature", sx, y + 10, sx + 40, y + 26)
    dl = page.text(120, y + 20, "申请日期：" if layout != "municipal" else "日期：", 10.5, font)
    dx = dl[2] / page.dpi * 25.4 + 1
    filler.fill(page, "signed_date", dx, y + 12.5, 192, y + 24)
    y2 = y + 34
    page.rect(18, y2, 192, y2 + 52, 0.5)
    label = "经办机构（单位）盖章" if layout != "shanxi" else "参保地经办机构意见（盖章）"
    page.text(21, y2 + 7, label, 10.5, font)
    page.text(24, y2 + 22, "经办人：", 10.5, font)
    page.text(120, y2 + 46, "年      月      日", 10.5, font)
    if v.stamped:
        spec = random_spec(nrng, v.agency_seal, "业务专用章")
        cx, cy = 135 + r.uniform(-10, 12), y2 + 28 + r.uniform(-4, 6)
        box = stamp(page, spec, (cx, cy), nrng)
        out.seals.append(SealMark(box, spec.shape, spec.text, "agency"))
        out.put("agency_stamp", True, box)
    else:
        out.put("agency_stamp", False, None)


def render_declaration(
    layout: str, v: DeclValues, dpi: int, r: random.Random, nrng: np.random.Generator
) -> Rendered:
    """Draw a filled-in declaration form in ``layout``."""
    page = Page(dpi)
    out = Rendered(DocType.DECLARATION_FORM, page)
    style = {
        "national": Style(SONG, 10.5, 12.5, spaced_labels=True),
        "shanxi": Style(SONG, 10.5, 13.0),
        "municipal": Style(HEI, 10.0, 12.0),
    }[layout]
    filler = Filler(v, out, r, INKS[r.randrange(len(INKS))], style)
    y = _titles(page, layout, v, r)
    rows = {"national": _national, "shanxi": _shanxi, "municipal": _municipal}[layout](r)
    bottom = draw_table(page, 18, y, rows, style, filler)
    _footer(page, layout, bottom, v, out, filler, r, nrng)
    if layout == "shanxi":
        page.text(18, 287, "注：本表一式两份，参保地经办机构、参保人各留存一份。", 9, SONG)
    return out
