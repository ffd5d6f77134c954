"""Two ruled layouts whose cells hold label and value together.

``stacked``: every cell prints its label small in the top-left corner and the value is
written below it (the way many city forms and bank forms are set). ``inline``: label and
value share one cell (``联系电话：138…``), the filing categories are a vertical list with
tick boxes, and the form may be computer-filled.
"""

from __future__ import annotations

from samplegen.unseen.blocks import agency_box, promise, sign_row, unit_box
from samplegen.unseen.formkit import Ctx
from samplegen.unseen.ink import date_text, fit, write
from samplegen.unseen.widgets import C, grid

CITY_TITLES = (
    "{city}基本医疗保险异地就医备案申请表",
    "{city}异地就医备案申请表",
    "{city}参保人员异地就医登记表",
    "异地就医备案申请表",
)


def _extra(ctx: Ctx) -> None:
    """Values that are no fields: birth date and ethnicity (distractors)."""

    def birth(c: Ctx, x0: float, y0: float, x1: float, y1: float) -> None:
        s = date_text(c.person.birth, c.r.choice(("dot", "zh", "dot0")))
        write(c.page, x0 + 1.5, y0 + (y1 - y0) * 0.72, s, fit(c.page, s, c.hand, x1 - x0 - 3), c.r)

    def nation(c: Ctx, x0: float, y0: float, x1: float, y1: float) -> None:
        write(c.page, x0 + 2, y0 + (y1 - y0) * 0.72, "汉", c.hand, c.r)

    ctx.custom["_birth"] = birth
    ctx.custom["_nation"] = nation


def _title(ctx: Ctx, y: float) -> None:
    t = ctx.r.choice(CITY_TITLES).format(city=ctx.v.insured_city)
    ctx.page.center_text(15, 195, y, t, ctx.r.uniform(15, 17.5), ctx.look.bold)


def stacked(ctx: Ctx) -> None:
    r, page = ctx.r, ctx.page
    _extra(ctx)
    if r.random() < 0.4:
        ctx.flags.add("id_boxes")
    if r.random() < 0.5:
        ctx.flags.add("gender_boxes")
    ctx.flags.add(r.choice(("hosp_inline", "hosp_lines")))
    _title(ctx, 22)
    page.text(15, 32, "申请编号：", ctx.look.size - 1, ctx.look.face)
    page.text(140, 32, r.choice(("受理窗口：", "经办网点：")), ctx.look.size - 1, ctx.look.face)
    idl = r.choice(("公民身份号码", "身份证号码", "证件号码"))
    rows = [
        (
            15.0,
            (
                C(42, "姓名", "name"),
                C(28, "性别", "gender"),
                C(32, "出生日期", "_birth"),
                C(18, "民族", "_nation"),
                C(60, r.choice(("联系电话", "手机号码")), "phone"),
            ),
        ),
        (
            15.0,
            (
                C(105, idl, "id_number"),
                C(75, r.choice(("社会保障卡号", "医保卡号", "社保卡号")), "social_security_number"),
            ),
        ),
        (
            15.0,
            (C(62, r.choice(("参保地", "参保地区")), "insured_region"), C(118, "参保险种", "insurance_type")),
        ),
        (14.0, (C(180, r.choice(("工作单位", "单位名称")), "employer"),)),
        (27.0, (C(180, r.choice(("备案类型", "申请备案类型", "备案人员类别")), "filing_category"),)),
        (
            15.0,
            (C(62, "就医地（省、市）", "destination_region"), C(118, "异地居住地址", "residence_address")),
        ),
        (25.0, (C(180, r.choice(("选定定点医疗机构", "就医医疗机构（1-3家）", "拟就诊医院")), "hospitals"),)),
        (
            15.0,
            (
                C(55, "备案开始日期", "start_date"),
                C(55, "备案结束日期", "end_date"),
                C(70, "申请原因", "reason"),
            ),
        ),
    ]
    y = grid(ctx, 15, 36, rows, "stacked")
    _footer(ctx, y)


def inline(ctx: Ctx) -> None:
    r, page = ctx.r, ctx.page
    ctx.flags |= {"vertical_categories"}
    if r.random() < 0.3:
        ctx.flags.add("text_insurance")
    ctx.flags.add(r.choice(("hosp_lines", "hosp_inline", "hosp_single")))
    _title(ctx, 22)
    if r.random() < 0.5:
        page.text(15, 31, "（请用黑色或蓝色钢笔、签字笔填写，在□内打“√”）", 8.5, ctx.look.face)
    rows = [
        (
            10.0,
            (
                C(62, "姓名", "name"),
                C(38, "性别", "gender"),
                C(80, r.choice(("联系电话", "联系方式")), "phone"),
            ),
        ),
        (
            10.0,
            (
                C(108, r.choice(("身份证号码", "公民身份号码")), "id_number"),
                C(72, r.choice(("医保卡号", "社会保障卡号", "个人编号")), "social_security_number"),
            ),
        ),
        (
            10.0,
            (
                C(80, r.choice(("参保地", "参保统筹区")), "insured_region"),
                C(100, r.choice(("险种", "参保类型")), "insurance_type"),
            ),
        ),
        (10.0, (C(180, r.choice(("工作单位", "参保单位")), "employer"),)),
        (
            48.0,
            (
                C(76, r.choice(("备案类型", "申请类别")), "filing_category"),
                C(104, r.choice(("定点医疗机构", "就医医院", "选定医院")), "hospitals"),
            ),
        ),
        (10.0, (C(180, r.choice(("就医地", "异地就医地", "居住地（省市）")), "destination_region"),)),
        (10.0, (C(180, r.choice(("居住地址", "详细住址", "异地居住详细地址")), "residence_address"),)),
        (
            10.0,
            (
                C(90, r.choice(("开始日期", "备案起始日期")), "start_date"),
                C(90, r.choice(("结束日期", "备案截止日期")), "end_date"),
            ),
        ),
        (12.0, (C(180, r.choice(("申请原因", "备案原因")), "reason"),)),
    ]
    y = grid(ctx, 15, 35, rows, "inline")
    _footer(ctx, y)


def _footer(ctx: Ctx, y: float) -> None:
    page = ctx.page
    page.rect(15, y, 195, y + 30, ctx.look.line)
    promise(ctx, 18, y + 7, 174)
    sign_row(ctx, 20, y + 25, 172)
    y += 30
    if ctx.v.category == "stationed_worker" and ctx.v.stamped and ctx.r.random() < 0.6:
        unit_box(ctx, 15, y, 80, 40)
        agency_box(ctx, 95, y, 100, 40)
    else:
        agency_box(ctx, 15, y, 180, min(45.0, 285 - y))
