"""Footer blocks the unseen declarations share: commitment, signature and date, the agency's
opinion box with its seal, the 代办人 (agent) rows and a unit's opinion box.

The agency box carries distractors on purpose: the clerk's and reviewer's names and the
acceptance date are handwritten too, and the agent rows hold a different person's name,
ID number and phone.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from functools import partial

from samplegen.unseen import stamps
from samplegen.unseen.formkit import Ctx, lab
from samplegen.unseen.ink import date_text, fit, random_hand, write
from samplegen.unseen.widgets import C, Row, date_blanks, signature
from samplegen.values import TODAY, make_name

PROMISES = (
    "本人承诺：以上填报信息及所提供材料真实、有效，如有虚假，愿承担由此产生的一切法律责任。",
    "本人已知晓异地就医备案相关政策，保证所填内容真实准确，备案期间情况变化将及时办理变更或取消备案。",
    "申请人承诺：所提交的材料真实有效，如因虚假申报造成医保基金损失的，本人自愿退回并承担相应责任。",
)
SIG_LABELS = (
    "申请人签字：",
    "参保人签名：",
    "申请人（签名）：",
    "本人签字：",
    "申请人（代办人）签字：",
    "参保人（签章）：",
)
DATE_LABELS = ("申请日期：", "填表日期：", "日期：", "签字日期：")


def promise(ctx: Ctx, x: float, y: float, w: float, size: float | None = None) -> float:
    """The printed commitment paragraph, wrapped at ``w`` mm; returns the next baseline."""
    text = ctx.r.choice(PROMISES)
    size = size or ctx.look.size - 0.5
    per_line = max(10, int(w / (size * 25.4 / 72)) - 1)
    for i in range(0, len(text), per_line):
        ctx.page.text(x, y, ("    " if i == 0 else "") + text[i : i + per_line], size, ctx.look.face)
        y += size * 25.4 / 72 * 1.6
    return y


def sign_row(ctx: Ctx, x: float, y: float, w: float, blanks: bool = False) -> None:
    """``申请人签字：<signature>   日期：<date>`` on baseline ``y``."""
    page = ctx.page
    lb = page.text(x, y, ctx.r.choice(SIG_LABELS), ctx.look.size, ctx.look.face)
    sx = ctx.mm(lb[2]) + 1.5
    signature(ctx, sx, y - 9, min(36.0, w * 0.3), 12)
    dx = x + w * 0.56
    db = page.text(dx, y, ctx.r.choice(DATE_LABELS), ctx.look.size, ctx.look.face)
    if blanks or "date_blanks" in ctx.flags:
        date_blanks(ctx, "signed_date", ctx.mm(db[2]) + 1, y - 7, y + 3)
    else:
        s = date_text(ctx.v.signed_date, ctx.date_style)
        ctx.doc.put("signed_date", ctx.v.signed_date, write(page, ctx.mm(db[2]) + 2, y, s, ctx.hand, ctx.r))


def agency_seal_text(ctx: Ctx) -> tuple[str, str]:
    city = ctx.v.insured_city
    body = ctx.r.choice(
        ("医疗保障事务中心", "医疗保险服务中心", "医疗保障局", "社会保险基金管理中心", "医疗保障服务中心")
    )
    bottom = ctx.r.choice(("业务专用章", "异地就医备案专用章", "", "经办专用章"))
    return f"{city}{body}", bottom


def agency_box(ctx: Ctx, x: float, y: float, w: float, h: float, title: str | None = None) -> None:
    """The agency's opinion box: title, clerk and reviewer (handwritten), date and the seal."""
    page, r = ctx.page, ctx.r
    page.rect(x, y, x + w, y + h, ctx.look.line)
    title = title or r.choice(
        ("经办机构意见：", "参保地经办机构审核意见：", "医保经办机构意见（盖章）", "受理意见：")
    )
    page.text(x + 2.5, y + 6.5, title, ctx.look.size, ctx.look.bold if r.random() < 0.4 else ctx.look.face)
    clerk = random_hand(r, size=11)
    if ctx.v.stamped and r.random() < 0.7:
        write(page, x + 10, y + 16, r.choice(("同意备案。", "符合条件，同意。", "同意")), clerk, r)
    for i, role in enumerate(("经办人：", "审核人：")):
        lb = page.text(x + 4 + i * 48, y + h - 15, role, ctx.look.size, ctx.look.face)
        if ctx.v.stamped:
            write(page, ctx.mm(lb[2]) + 1, y + h - 15, make_name(r, r.choice(("male", "female"))), clerk, r)
    dx = x + w - 48
    if ctx.v.stamped and r.random() < 0.6:
        accepted = min(ctx.v.signed_date + timedelta(days=r.randint(0, 6)), TODAY)
        write(page, dx, y + h - 5, date_text(accepted, r.choice(("zh", "dot0"))), clerk, r)
    else:
        page.text(dx, y + h - 5, "年　　月　　日", ctx.look.size, ctx.look.face)
    if ctx.v.stamped:
        text, bottom = agency_seal_text(ctx)
        cx = x + w - 34 + r.uniform(-12, 8)
        cy = y + h / 2 + r.uniform(-6, 6)
        box = stamps.put(ctx.doc, text, (cx, cy), ctx.nrng, "agency", bottom=bottom)
        ctx.doc.put("agency_stamp", True, box)
    else:
        ctx.doc.put("agency_stamp", False, None)


def unit_box(ctx: Ctx, x: float, y: float, w: float, h: float) -> None:
    """参保单位意见: the employer's seal (only drawn on stamped unit filings)."""
    page = ctx.page
    page.rect(x, y, x + w, y + h, ctx.look.line)
    page.text(x + 2.5, y + 6.5, "参保单位意见（盖章）：", ctx.look.size, ctx.look.face)
    if ctx.v.employer and ctx.v.stamped and ctx.v.category == "stationed_worker":
        write(page, x + 8, y + 15, "情况属实", random_hand(ctx.r, size=11), ctx.r)
        stamps.put(ctx.doc, ctx.v.employer, (x + w * 0.6, y + h / 2 + 2), ctx.nrng, "issuer", shape="round")


def agent_rows(ctx: Ctx, widths: tuple[float, float, float, float]) -> list[Row]:
    """代办人 rows: a different person's name, relation, ID number and phone (or blank)."""
    for k in ("_agent_name", "_agent_relation", "_agent_id", "_agent_phone"):
        ctx.custom[k] = partial(_agent_slot, k)
    return [
        (
            10.0,
            (
                C(widths[0], "代办人姓名"),
                C(widths[1], key="_agent_name"),
                C(widths[2], "与参保人关系"),
                C(widths[3], key="_agent_relation"),
            ),
        ),
        (
            10.0,
            (
                C(widths[0], "代办人\n身份证号码"),
                C(widths[1], key="_agent_id"),
                C(widths[2], "代办人\n联系电话"),
                C(widths[3], key="_agent_phone"),
            ),
        ),
    ]


def _agent_slot(key: str, ctx: Ctx, x0: float, y0: float, x1: float, y1: float) -> None:
    agent_value(ctx, key, x0, y0, x1, y1)


def agent_value(ctx: Ctx, key: str, x0: float, y0: float, x1: float, y1: float) -> None:
    """Write one agent value (not truth: these belong to somebody else)."""
    a = ctx.agent
    if a is None:
        return
    s = {
        "_agent_name": a.name,
        "_agent_relation": a.relation,
        "_agent_id": a.id_number,
        "_agent_phone": a.phone,
    }[key]
    hand = replace(ctx.hand, size=min(ctx.hand.size, (y1 - y0) * 72 / 25.4 * 0.6))
    write(ctx.page, x0 + 2, y0 + (y1 - y0) * 0.72, s, fit(ctx.page, s, hand, x1 - x0 - 4), ctx.r)


def section_title(ctx: Ctx, x: float, y0: float, w: float, y1: float, title: str) -> None:
    """A section header cell spanning rows on the left, its title set vertically."""
    ctx.page.rect(x, y0, x + w, y1, ctx.look.line)
    lab(ctx, "\n".join(title), x, y0, x + w, y1, bold=True, colon=False)
