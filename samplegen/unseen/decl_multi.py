"""Declarations that do not fit one portrait page: a two-page form and a landscape form.

``twopage``: page 1 holds the person and the filing; page 2 (续表) the hospitals, reason,
agent, commitment, signature and the agency's seal, so truth points at two pages of one
document. ``landscape``: an A4-landscape table with three label/value pairs per row and the
signature and agency boxes side by side.
"""

from __future__ import annotations

from samplegen.canvas import Page
from samplegen.unseen.blocks import agency_box, agent_rows, promise, sign_row
from samplegen.unseen.formkit import Ctx
from samplegen.unseen.widgets import C, grid


def twopage(ctx: Ctx) -> None:
    r = ctx.r
    page = ctx.page
    if r.random() < 0.5:
        ctx.flags.add("gender_boxes")
    ctx.flags.add(r.choice(("hosp_table", "hosp_lines")))
    title = r.choice(("异地就医备案登记表", "基本医疗保险异地就医备案申请表", "异地安置备案审批表"))
    page.center_text(15, 195, 22, f"{ctx.v.insured_city}{title}", r.uniform(15, 17), ctx.look.bold)
    page.text(150, 31, "（第1页 共2页）", 9, ctx.look.face)
    a = 28.0
    rows = [
        (
            12.0,
            (
                C(a, "姓名"),
                C(50, key="name"),
                C(20, "性别"),
                C(24, key="gender"),
                C(22, "联系电话"),
                C(36, key="phone"),
            ),
        ),
        (12.0, (C(a, "公民身份号码"), C(152, key="id_number"))),
        (
            12.0,
            (
                C(a, "社会保障卡号"),
                C(62, key="social_security_number"),
                C(26, "参保地"),
                C(64, key="insured_region"),
            ),
        ),
        (14.0, (C(a, "参保险种"), C(152, key="insurance_type"))),
        (12.0, (C(a, "工作单位"), C(152, key="employer"))),
        (30.0, (C(a, "备案类型"), C(152, key="filing_category"))),
        (12.0, (C(a, "就医地\n（省、市）"), C(152, key="destination_region"))),
        (14.0, (C(a, "异地居住地址"), C(152, key="residence_address"))),
        (12.0, (C(a, "备案开始日期"), C(62, key="start_date"), C(26, "备案结束日期"), C(64, key="end_date"))),
    ]
    y = grid(ctx, 15, 36, rows)
    page.text(160, y + 8, "（接下页）", 9, ctx.look.face)
    ctx.doc.pages.append(Page(page.dpi))
    page = ctx.page
    page.center_text(15, 195, 20, "（续表）", 12, ctx.look.bold)
    rows2 = [
        (36.0, (C(a, "选定定点\n医疗机构\n（1至3家）"), C(152, key="hospitals"))),
        (18.0, (C(a, "申请原因"), C(152, key="reason"))),
    ]
    y = grid(ctx, 15, 28, rows2)
    y = grid(ctx, 15, y, agent_rows(ctx, (28, 62, 28, 62)))
    page.rect(15, y, 195, y + 32, ctx.look.line)
    promise(ctx, 18, y + 7, 174)
    sign_row(ctx, 20, y + 27, 172)
    agency_box(ctx, 15, y + 32, 180, 48)
    page.text(15, y + 90, "说明：本表第1页与第2页须一并提交，缺页无效。", 8.5, ctx.look.face)


def landscape(ctx: Ctx) -> None:
    r, page = ctx.r, ctx.page
    if r.random() < 0.5:
        ctx.flags.add("gender_boxes")
    if r.random() < 0.4:
        ctx.flags.add("id_boxes")
    ctx.flags.add(r.choice(("hosp_lines", "hosp_inline")))
    title = r.choice(("异地就医备案登记表", "参保人员异地就医备案表", "异地长期居住人员备案表"))
    page.center_text(15, 282, 18, f"{ctx.v.insured_city}{title}", r.uniform(15, 18), ctx.look.bold)
    rows = [
        (
            11.0,
            (
                C(22, "姓名"),
                C(50, key="name"),
                C(16, "性别"),
                C(24, key="gender"),
                C(26, "身份证号码"),
                C(75, key="id_number"),
                C(22, "联系电话"),
                C(32, key="phone"),
            ),
        ),
        (
            11.0,
            (
                C(22, "参保地"),
                C(50, key="insured_region"),
                C(16, "险种"),
                C(100, key="insurance_type"),
                C(22, "医保卡号"),
                C(57, key="social_security_number"),
            ),
        ),
        (11.0, (C(22, "工作单位"), C(124, key="employer"), C(22, "就医地"), C(99, key="destination_region"))),
        (11.0, (C(22, "居住地址"), C(245, key="residence_address"))),
        (20.0, (C(22, "备案类型"), C(245, key="filing_category"))),
        (22.0, (C(22, "定点医疗\n机构"), C(123, key="hospitals"), C(22, "申请原因"), C(100, key="reason"))),
        (11.0, (C(22, "开始日期"), C(100, key="start_date"), C(22, "结束日期"), C(123, key="end_date"))),
    ]
    y = grid(ctx, 15, 26, rows)
    page.rect(15, y, 150, y + 44, ctx.look.line)
    yy = promise(ctx, 18, y + 7, 128)
    sign_row(ctx, 20, max(yy + 8, y + 36), 128)
    agency_box(ctx, 150, y, 132, 44)
