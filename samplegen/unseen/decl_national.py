"""Two declaration layouts: the national 2022 template and an un-ruled underlined form.

``national22`` follows the 跨省异地就医登记备案表 of the 2022 national notice: section cells
spanning rows on the left (参保人员信息 / 备案信息 / 代办人信息), 性别 and 险种 as check boxes,
参保地/就医地 as ``____省____市`` blanks, dates as ``____年__月__日`` blanks, nested filing
categories whose group boxes get ticked too, an agent section filled with somebody else's
data, and the agency's opinion with clerk, reviewer and seal.

``underline`` is a form without rulings: ``姓名：______  性别：____`` in two columns with the
values written on the lines, plus a birth date (a date that is no field).
"""

from __future__ import annotations

from samplegen.canvas import union
from samplegen.unseen.blocks import agency_box, agent_rows, promise, section_title, sign_row
from samplegen.unseen.formkit import Ctx, lab, truth
from samplegen.unseen.ink import date_text, write
from samplegen.unseen.widgets import BOX_MM, C, date_blanks, fill, options, tick

LONG_GROUP = ("retiree_resettled", "long_term_resident", "stationed_worker")
TEMP_GROUP = ("referral", "emergency", "other_temporary")


def _nested_categories(ctx: Ctx, x0: float, y0: float, x1: float, y1: float) -> None:
    """Two groups, each with its own box, holding the six categories; group boxes ticked too."""
    page, r = ctx.page, ctx.r
    words = dict(ctx.category_options())
    hit = None
    rh = (y1 - y0) / 2
    for i, (group, members) in enumerate(
        (("异地长期居住人员", LONG_GROUP), ("临时外出就医人员", TEMP_GROUP))
    ):
        gy = y0 + rh * i + rh / 2 - BOX_MM / 2
        page.rect(x0 + 2, gy, x0 + 2 + BOX_MM, gy + BOX_MM, 0.22)
        gb = page.text(x0 + 3 + BOX_MM, gy + BOX_MM * 0.88, group + "：", ctx.look.size - 0.5, ctx.look.bold)
        if ctx.v.category in members and r.random() < 0.6:
            tick(page, x0 + 2, gy, BOX_MM, ctx.tick, ctx.hand.ink, r)
        gx = ctx.mm(gb[2]) + 2
        b = options(
            ctx,
            "filing_category",
            [(k, words[k]) for k in members],
            ctx.v.category,
            gx,
            y0 + rh * i,
            x1 - gx - 1,
            rh,
            cols=3,
            size=ctx.look.size - 1.5,
            record=False,
        )
        hit = hit or b
    ctx.doc.put("filing_category", ctx.v.category, hit)


def national22(ctx: Ctx) -> None:
    page, r = ctx.page, ctx.r
    ctx.flags |= {"gender_boxes", "region_blanks", "date_blanks"}
    if r.random() < 0.5:
        ctx.flags.add("id_boxes")
    ctx.flags.add(r.choice(("hosp_lines", "hosp_table", "hosp_inline")))
    ctx.custom["filing_category"] = _nested_categories
    title = r.choice(
        ("跨省异地就医登记备案表", "基本医疗保险跨省异地就医备案登记表", "全国跨省异地就医登记备案表")
    )
    page.center_text(15, 195, 20, title, r.uniform(15, 18), ctx.look.bold)
    page.text(15, 30, "参保地经办机构：", ctx.look.size - 1, ctx.look.face)
    page.text(130, 30, "备案编号：", ctx.look.size - 1, ctx.look.face)
    x, sw, y = 15.0, 10.0, 33.0
    s1 = [
        (
            10.0,
            (
                C(22, "姓名"),
                C(40, key="name"),
                C(16, "性别"),
                C(30, key="gender"),
                C(24, "联系电话"),
                C(38, key="phone"),
            ),
        ),
        (11.0, (C(22, "公民身份号码"), C(148, key="id_number"))),
        (
            10.0,
            (
                C(22, "参保地"),
                C(62, key="insured_region"),
                C(26, "社会保障卡号"),
                C(60, key="social_security_number"),
            ),
        ),
        (12.0, (C(22, "参保险种"), C(148, key="insurance_type"))),
        (10.0, (C(22, "工作单位"), C(148, key="employer"))),
    ]
    from samplegen.unseen.widgets import grid

    y1 = grid(ctx, x + sw, y, s1)
    section_title(ctx, x, y, sw, y1, "参保人员信息")
    s2 = [
        (20.0, (C(22, "备案类型"), C(148, key="filing_category"))),
        (10.0, (C(22, "就医地"), C(148, key="destination_region"))),
        (10.0, (C(22, "异地居住\n地址"), C(148, key="residence_address"))),
        (24.0, (C(22, "就医地定点\n医疗机构"), C(148, key="hospitals"))),
        (
            10.0,
            (
                C(22, "备案开始\n日期"),
                C(63, key="start_date"),
                C(22, "备案结束\n日期"),
                C(63, key="end_date"),
            ),
        ),
        (12.0, (C(22, "申请原因"), C(148, key="reason"))),
    ]
    y2 = grid(ctx, x + sw, y1, s2)
    section_title(ctx, x, y1, sw, y2, "备案信息")
    y3 = grid(ctx, x + sw, y2, agent_rows(ctx, (24, 61, 24, 61)))
    section_title(ctx, x, y2, sw, y3, "代办人")
    page.rect(x, y3, x + 180, y3 + 30, ctx.look.line)
    promise(ctx, x + 3, y3 + 7, 172)
    sign_row(ctx, x + 4, y3 + 25, 172, blanks=True)
    agency_box(ctx, x, y3 + 30, 180, 42)
    page.text(
        x,
        y3 + 80,
        "注：1.本表一式两份；2.备案有效期内办理变更或取消备案的，应重新填写本表。",
        8.5,
        ctx.look.face,
    )


def _uline(ctx: Ctx, x: float, y: float, label: str, key: str | None, w: float, value: str = "") -> None:
    """``label：________`` with the value written on the line."""
    page = ctx.page
    lb = page.text(x, y, label + (ctx.look.colon or "："), ctx.look.size, ctx.look.face)
    lx = ctx.mm(lb[2]) + 0.5
    if key in ("gender", "insurance_type", "filing_category"):
        fill(ctx, key, lx, y - 6, x + w, y + 2)
        return
    page.line(lx, y + 1.3, x + w - 2, y + 1.3, 0.2)
    if key is None:
        if value:
            write(page, lx + 2, y - 0.3, value, ctx.hand, ctx.r)
        return
    fill(ctx, key, lx + ctx.r.uniform(0, 3), y - 7.2, x + w - 2, y + 1.6)


def underline(ctx: Ctx) -> None:
    page, r = ctx.page, ctx.r
    if r.random() < 0.5:
        ctx.flags.add("gender_boxes")
    ctx.flags.add("hosp_lines")
    title = r.choice(("异地就医登记表", "异地就医备案申请表", "参保人员异地就医登记备案表"))
    page.center_text(
        20, 190, 24, f"{ctx.v.insured_city}{title}" if r.random() < 0.5 else title, 16, ctx.look.bold
    )
    y, step = 38.0, r.uniform(10.0, 11.0)
    X2 = 118.0
    _uline(ctx, 20, y, "姓名", "name", 95)
    _uline(ctx, X2, y, "性别", "gender", 72)
    y += step
    _uline(ctx, 20, y, r.choice(("身份证号码", "公民身份号码", "证件号码")), "id_number", 95)
    _uline(ctx, X2, y, "出生日期", None, 72, date_text(ctx.person.birth, ctx.date_style))
    y += step
    _uline(ctx, 20, y, r.choice(("医保编码", "社会保障卡号", "个人编号")), "social_security_number", 95)
    _uline(ctx, X2, y, r.choice(("联系电话", "手机号码")), "phone", 72)
    y += step
    _uline(ctx, 20, y, r.choice(("参保地", "参保地区")), "insured_region", 95)
    _uline(ctx, X2, y, "工作单位", "employer", 72)
    y += step
    _uline(ctx, 20, y, "险种", "insurance_type", 170)
    y += step
    if r.random() < 0.5:
        ctx.flags.add("vertical_categories")
        page.text(20, y, "备案类别：", ctx.look.size, ctx.look.face)
        fill(ctx, "filing_category", 42, y - 6, 150, y + 30)
        y += 36
    else:
        lb = page.text(20, y, "备案类别" + (ctx.look.colon or "："), ctx.look.size, ctx.look.face)
        fill(ctx, "filing_category", ctx.mm(lb[2]), y - 5.5, 190, y + 15)
        y += 24
    _uline(ctx, 20, y, r.choice(("就医地", "异地就医地", "拟就医地")), "destination_region", 170)
    y += step
    _uline(ctx, 20, y, r.choice(("居住地址", "现居住地址", "异地详细地址")), "residence_address", 170)
    y += step
    lb = page.text(
        20, y, r.choice(("定点医院", "选定医疗机构", "就医医院")) + "：", ctx.look.size, ctx.look.face
    )
    fill(ctx, "hospitals", ctx.mm(lb[2]), y - 7, 188, y + 18)
    y += 26
    lb = page.text(20, y, "备案期限：自", ctx.look.size, ctx.look.face)
    date_blanks(ctx, "start_date", ctx.mm(lb[2]) + 1, y - 7, y + 3)
    page.text(110, y, "至", ctx.look.size, ctx.look.face)
    date_blanks(ctx, "end_date", 116, y - 7, y + 3)
    y += step
    _uline(ctx, 20, y, r.choice(("申请原因", "申请理由", "情况说明")), "reason", 170)
    y += step + 4
    y = promise(ctx, 20, y, 170)
    sign_row(ctx, 24, y + 10, 166)
    agency_box(ctx, 20, y + 16, 170, min(50.0, 284 - (y + 16)))
    _ = (lab, truth, union)
