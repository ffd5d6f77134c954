"""Pages that belong to no filing: a fee receipt, a bank slip, an unrelated notice. They carry
look-alikes of seals (red headings, red rules, printed round logos, QR codes, photos) and,
sometimes, real stamps (an invoice seal, a 现金收讫 stamp), which the truth lists."""

from __future__ import annotations

import random
from datetime import date

import numpy as np

from samplegen.counter import cardart
from samplegen.counter.canvas import INK, PRINT_RED, Sheet
from samplegen.counter.fonts import font
from samplegen.counter.marks import DrawnDoc
from samplegen.counter.seals import press
from samplegen.counter.stampkit import agency_seal, cash_stamp, invoice_seal

_BROWN = (170, 80, 60)


def receipt(sheet: Sheet, rng: random.Random, payer: str, hospital: str, day: date) -> DrawnDoc:
    """A hospital's outpatient fee receipt (门诊收费票据): brown-red grid, QR code, invoice seal."""
    doc = DrawnDoc("unknown")
    s = sheet
    line = _BROWN if rng.random() < 0.7 else PRINT_RED
    x0, x1 = s.mm(18), s.width - s.mm(18)
    y = s.mm(24)
    title = rng.choice(("医疗门诊收费票据（电子）", "门诊收费票据", "住院收费票据"))
    s.text((s.width / 2, y), title, font("song_bold", s.pt(17)), fill=line, anchor="ms")
    cardart.qr(s, x0, y - s.mm(8), s.mm(20), rng)
    y += s.mm(16)
    small = font("song", s.pt(9.5))
    s.text(
        (x0, y),
        f"票据代码：{rng.randint(10000000, 99999999)}    交款人：{payer}    开票日期：{day:%Y-%m-%d}",
        small,
        fill=INK,
    )
    y += s.mm(5)
    top = y
    widths = (0.34, 0.14, 0.14, 0.18, 0.2)
    heads = ("项目名称", "数量", "单位", "金额（元）", "备注")
    items = ("西药费", "检查费", "化验费", "诊察费", "治疗费", "材料费")
    rows = rng.randint(3, 6)
    rh = s.mm(8)
    for r in range(rows + 2):
        s.line((x0, y + r * rh), (x1, y + r * rh), line, 1)
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + (x1 - x0) * w)
    for x in xs:
        s.line((x, top), (x, top + (rows + 1) * rh), line, 1)
    for i, h in enumerate(heads):
        s.text(((xs[i] + xs[i + 1]) / 2, top + rh * 0.68), h, small, fill=line, anchor="ms")
    total = 0.0
    for r in range(rows):
        amount = round(rng.uniform(8, 900), 2)
        total += amount
        by = top + rh * (r + 1.68)
        s.text((xs[0] + s.mm(2), by), items[r], small)
        s.text((xs[1] + s.mm(2), by), str(rng.randint(1, 5)), small)
        s.text((xs[2] + s.mm(2), by), "次", small)
        s.text((xs[4] - s.mm(2), by), f"{amount:.2f}", small, anchor="rs")
    y = top + (rows + 1) * rh + s.mm(7)
    s.text((x0, y), f"合计（大写）：见金额    合计（小写）：￥{total:.2f}", small)
    y += s.mm(10)
    s.text((x1 - s.mm(70), y), f"收款单位（章）：{hospital}", small)
    if rng.random() < 0.75:
        mark = press(
            s,
            invoice_seal(hospital, rng),
            (x1 - s.mm(rng.uniform(30, 50)), y - s.mm(rng.uniform(0, 10))),
            rng,
        )
        if mark:
            doc.stamps.append(mark)
    return doc


def bank_slip(sheet: Sheet, rng: random.Random, payer: str, day: date) -> DrawnDoc:
    """A bank's 个人业务回单: a printed round bank logo in black, a QR code, maybe 转讫."""
    doc = DrawnDoc("unknown")
    s = sheet
    x0, x1 = s.mm(16), s.width - s.mm(16)
    y = s.mm(30)
    bank = rng.choice(("中国建设银行", "中国工商银行", "中国农业银行", "中国银行", "交通银行"))
    cardart.logo(s, x0 + s.mm(8), y - s.mm(3), s.mm(7), (25, 25, 25), rng)
    s.text((x0 + s.mm(18), y), bank, font("hei_bold", s.pt(16)))
    s.text((s.width / 2, y + s.mm(12)), "个人业务回单", font("song_bold", s.pt(15)), anchor="ms")
    cardart.qr(s, x1 - s.mm(22), y - s.mm(10), s.mm(20), rng)
    body = font("song", s.pt(10.5))
    lines = (
        f"交易日期：{day:%Y年%m月%d日}",
        f"户    名：{payer}",
        f"账    号：6217 **** **** {rng.randint(1000, 9999)}",
        f"交易金额：人民币 {rng.uniform(50, 5000):.2f} 元",
        "摘    要：" + rng.choice(("医保个人账户转入", "缴费", "代扣医疗保险费", "转账")),
        f"流 水 号：{rng.randint(10**15, 10**16 - 1)}",
    )
    by = y + s.mm(26)
    s.rect((x0, by - s.mm(8), x1, by + s.mm(9) * len(lines)), INK, 1)
    for i, ln in enumerate(lines):
        s.text((x0 + s.mm(4), by + i * s.mm(9)), ln, body)
    if rng.random() < 0.5:
        mark = press(
            s, cash_stamp(rng), (x1 - s.mm(rng.uniform(30, 60)), by + s.mm(rng.uniform(10, 40))), rng
        )
        if mark:
            doc.stamps.append(mark)
    return doc


def notice(sheet: Sheet, rng: random.Random, org: str, day: date, sealed: bool) -> DrawnDoc:
    """An unrelated 红头文件-style notice: red heading, red rule with a star, running text."""
    doc = DrawnDoc("unknown")
    s = sheet
    x0, x1 = s.mm(25), s.width - s.mm(25)
    head = org + "文件" if rng.random() < 0.6 else org
    hf = s.fit(head, "song_bold", s.pt(26), x1 - x0)
    s.text((s.width / 2, s.mm(45)), head, hf, fill=PRINT_RED, anchor="ms", spacing=hf.size * 0.08)
    ry = s.mm(58)
    s.line((x0, ry), (x1, ry), PRINT_RED, max(2, s.dpi // 50))
    if rng.random() < 0.6:
        r = s.mm(3)
        cx = s.width / 2
        s.draw.rectangle((cx - r * 1.6, ry - r, cx + r * 1.6, ry + r), fill=(255, 255, 255))
        pts = []
        for k in range(10):
            rad = r if k % 2 == 0 else r * 0.38
            a = np.radians(90 + 36 * k)
            pts.append((cx + rad * np.cos(a), ry - rad * np.sin(a)))
        s.draw.polygon(pts, fill=PRINT_RED)
    title = rng.choice(
        (
            "关于开展2026年度城乡居民医疗保险集中参保缴费工作的通知",
            "关于做好冬季安全生产工作的通知",
            "关于调整社区卫生服务站开放时间的公告",
        )
    )
    s.text((s.width / 2, s.mm(76)), title, s.fit(title, "song_bold", s.pt(15), x1 - x0), anchor="ms")
    body = font("song", s.pt(12))
    text = (
        "各有关单位：为进一步做好相关工作，切实保障群众合法权益，现将有关事项通知如下。"
        "一、提高认识，加强领导。各单位要高度重视，明确责任分工，确保各项工作落到实处。"
        "二、突出重点，狠抓落实。要结合实际制定工作方案，细化工作措施，按时完成各项任务。"
        "三、加强宣传，营造氛围。充分利用多种渠道开展政策宣传，提高群众知晓率。"
    )
    y, x = s.mm(92), x0 + body.size * 2
    for ch in text:
        if x + body.getlength(ch) > x1:
            y += body.size * 1.9
            x = x0
        s.text((x, y), ch, body)
        x += body.getlength(ch)
    y += s.mm(30)
    ib = s.text((x1 - s.mm(10), y), org, body, anchor="rs")
    s.text((x1 - s.mm(10), y + s.mm(9)), f"{day.year}年{day.month}月{day.day}日", body, anchor="rs")
    if rng.random() < 0.5:
        cardart.logo(s, x0 + s.mm(12), s.mm(26), s.mm(9), (30, 30, 30), rng)
    if sealed:
        mark = press(
            s, agency_seal(org, rng, inner="", role="unknown"), ((ib[0] + ib[2]) / 2, ib[1] + s.mm(4)), rng
        )
        if mark:
            doc.stamps.append(mark)
    return doc
