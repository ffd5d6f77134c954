"""Province and city declaration layouts: a ruled label-left grid in each province's words.

Guangdong says 证件号码 / 手机号码 / 参保统筹区 / 就医统筹区 / 就医医院 and asks for the
参保人员类别 (在职职工 / 退休人员 / 城乡居民) instead of the insurance type; Zhejiang,
Jiangsu, Sichuan, Beijing and Shanghai print their own titles and labels (医保编码,
个人编号, 安置地, 人员类别 …). Rows come in two orders per province, hospitals as a
sub-table with institution codes or as a list.
"""

from __future__ import annotations

from collections.abc import Callable

from samplegen.unseen.blocks import agency_box, agent_rows, promise, sign_row
from samplegen.unseen.formkit import Ctx
from samplegen.unseen.widgets import C, Row, grid, options

K = dict[str, tuple[str, ...]]
COMMON: K = {
    "name": ("姓名",),
    "gender": ("性别",),
    "employer": ("工作单位", "单位名称"),
    "start_date": ("备案开始日期",),
    "end_date": ("备案结束日期",),
    "reason": ("申请原因",),
}
WORDINGS: dict[str, K] = {
    "guangdong": {
        "title": (
            "广东省基本医疗保险异地就医备案表",
            "{city}基本医疗保险异地就医备案申请表",
            "广东省跨省异地就医备案登记表",
        ),
        "id_number": ("证件号码",),
        "phone": ("手机号码",),
        "social_security_number": ("社会保障卡号", "个人编号"),
        "insured_region": ("参保统筹区",),
        "insurance_type": ("参保人员类别",),
        "filing_category": ("备案类型",),
        "destination_region": ("就医统筹区",),
        "residence_address": ("就医地居住地址", "现居住地址"),
        "hospitals": ("就医医院",),
        "start_date": ("备案生效日期", "开始日期"),
        "end_date": ("备案终止日期", "结束日期"),
        "hosp": ("table", "lines"),
    },
    "zhejiang": {
        "title": ("浙江省异地就医登记备案表", "{city}医疗保障局异地就医备案申请表"),
        "id_number": ("身份证号码",),
        "phone": ("联系电话",),
        "social_security_number": ("医保编码", "社会保障卡号"),
        "insured_region": ("参保地区",),
        "insurance_type": ("险种类型",),
        "filing_category": ("备案类别",),
        "destination_region": ("安置（居住）地", "就医地（省、市）"),
        "residence_address": ("居住地详细地址",),
        "hospitals": ("选定医院",),
        "start_date": ("备案起始日期",),
        "end_date": ("备案终止日期",),
        "reason": ("申请事由",),
        "hosp": ("inline", "lines"),
    },
    "jiangsu": {
        "title": ("江苏省异地就医登记备案表", "{city}参保人员异地就医备案表"),
        "id_number": ("公民身份号码",),
        "phone": ("联系方式",),
        "social_security_number": ("社会保障卡号",),
        "insured_region": ("参保地",),
        "insurance_type": ("参保类别",),
        "employer": ("参保单位",),
        "filing_category": ("备案人员类型",),
        "destination_region": ("就医地\n（省、市）",),
        "residence_address": ("异地居住地址",),
        "hospitals": ("就医地定点\n医疗机构",),
        "start_date": ("备案开始时间",),
        "end_date": ("备案结束时间",),
        "reason": ("备案原因",),
        "hosp": ("table", "inline"),
    },
    "sichuan": {
        "title": ("四川省基本医疗保险异地就医备案登记表", "{city}转外就医备案表", "{city}异地就医备案表"),
        "id_number": ("身份证号",),
        "phone": ("电话",),
        "social_security_number": ("个人编号",),
        "insured_region": ("参保地",),
        "insurance_type": ("险种",),
        "employer": ("单位",),
        "filing_category": ("人员类别",),
        "destination_region": ("就医地",),
        "residence_address": ("常住地址",),
        "hospitals": ("定点医院",),
        "start_date": ("开始日期",),
        "end_date": ("结束日期",),
        "reason": ("转外原因", "申请原因"),
        "hosp": ("lines", "inline"),
    },
    "beijing": {
        "title": ("北京市医疗保险异地安置人员备案表", "北京市基本医疗保险异地就医登记表"),
        "id_number": ("公民身份号码",),
        "phone": ("联系电话",),
        "social_security_number": ("社会保障卡号", "医保编码"),
        "insured_region": ("参保区",),
        "insurance_type": ("险种",),
        "employer": ("单位名称",),
        "filing_category": ("备案类型",),
        "destination_region": ("异地安置地", "居住地（省、市）"),
        "residence_address": ("安置地详细地址",),
        "hospitals": ("选定医院",),
        "start_date": ("起始日期",),
        "end_date": ("终止日期",),
        "reason": ("备注", "申请原因"),
        "hosp": ("lines", "table"),
    },
    "shanghai": {
        "title": ("上海市医疗保险异地就医登记表", "上海市基本医疗保险异地安置备案审批表"),
        "id_number": ("身份证号",),
        "phone": ("联系电话",),
        "social_security_number": ("医保卡号",),
        "insured_region": ("参保地",),
        "insurance_type": ("险种",),
        "employer": ("工作单位",),
        "filing_category": ("登记类型",),
        "destination_region": ("异地居住地\n（省市）",),
        "residence_address": ("居住地址",),
        "hospitals": ("就医医院",),
        "start_date": ("登记开始日期",),
        "end_date": ("登记截止日期",),
        "reason": ("申请理由",),
        "hosp": ("inline", "lines"),
    },
}
GD_CLASSES = (("employee", "在职职工"), ("employee", "退休人员"), ("resident", "城乡居民"))


def _lbl(ctx: Ctx, w: K, key: str) -> str:
    return ctx.r.choice(w.get(key) or COMMON.get(key) or (key,))


def _gd_class(ctx: Ctx, x0: float, y0: float, x1: float, y1: float) -> None:
    retired = ctx.v.insurance_type == "employee" and ctx.person.birth.year <= 1966
    pick = "退休人员" if retired else "在职职工" if ctx.v.insurance_type == "employee" else "城乡居民"
    options(
        ctx, "insurance_type", list(GD_CLASSES), None, x0 + 2, y0, x1 - x0 - 3, y1 - y0, cols=3, pick=pick
    )


def _rows(ctx: Ctx, w: K) -> list[Row]:
    L = lambda key: _lbl(ctx, w, key)  # noqa: E731
    a = 26.0
    head = [
        (
            11.0,
            (
                C(a, L("name")),
                C(44, key="name"),
                C(18, L("gender")),
                C(22, key="gender"),
                C(a, L("phone")),
                C(44, key="phone"),
            ),
        ),
        (
            11.0,
            (
                C(a, L("id_number")),
                C(64, key="id_number"),
                C(a, L("social_security_number")),
                C(64, key="social_security_number"),
            ),
        ),
        (
            11.0,
            (
                C(a, L("insured_region")),
                C(44, key="insured_region"),
                C(a, L("insurance_type")),
                C(84, key="insurance_type"),
            ),
        ),
        (11.0, (C(a, L("employer")), C(154, key="employer"))),
    ]
    body = [
        (24.0, (C(a, L("filing_category")), C(154, key="filing_category"))),
        (11.0, (C(a, L("destination_region")), C(154, key="destination_region"))),
        (11.0, (C(a, L("residence_address")), C(154, key="residence_address"))),
        (30.0, (C(a, L("hospitals")), C(154, key="hospitals"))),
        (11.0, (C(a, L("start_date")), C(64, key="start_date"), C(a, L("end_date")), C(64, key="end_date"))),
        (14.0, (C(a, L("reason")), C(154, key="reason"))),
    ]
    if ctx.r.random() < 0.5:  # destination and dates before the category
        body = [body[1], body[2], body[4], body[0], body[3], body[5]]
    return head + body


def layout(province: str) -> Callable[[Ctx], None]:
    w = WORDINGS[province]

    def draw(ctx: Ctx) -> None:
        r, page = ctx.r, ctx.page
        ctx.flags.add("hosp_" + r.choice(w["hosp"]))
        if r.random() < 0.6:
            ctx.flags.add("gender_boxes")
        if province == "guangdong":
            ctx.custom["insurance_type"] = _gd_class
        title = r.choice(w["title"]).format(city=ctx.v.insured_city)
        page.center_text(15, 195, 21, title, r.uniform(14.5, 17), ctx.look.bold)
        if r.random() < 0.5:
            page.text(15, 30, "填表日期：", ctx.look.size - 1, ctx.look.face)
        page.text(150, 30, r.choice(("编号：", "业务流水号：", "")), ctx.look.size - 1, ctx.look.face)
        y = grid(ctx, 15, 33, _rows(ctx, w))
        if ctx.agent is not None or r.random() < 0.3:
            y = grid(ctx, 15, y, agent_rows(ctx, (26, 64, 26, 64)))
        page.rect(15, y, 195, y + 28, ctx.look.line)
        promise(ctx, 18, y + 7, 174)
        sign_row(ctx, 20, y + 24, 172)
        agency_box(ctx, 15, y + 28, 180, min(42.0, 287 - y - 28))

    return draw
