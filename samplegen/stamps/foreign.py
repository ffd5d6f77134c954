"""Pages that belong to no filing: an invoice, a bank slip, a red-headed notice (seal-free)."""

from __future__ import annotations

import random
from datetime import date

from samplegen.stamps import kinds
from samplegen.stamps.cards import Card, paste
from samplegen.stamps.page import Page
from samplegen.stamps.people import Person, company
from samplegen.stamps.proofs import LETTERHEAD_RED

BROWN = (150, 80, 50)


def invoice(rng: random.Random, p: Person, day: date) -> Page:
    """A printed invoice in brown rules, the seller's oval 发票专用章 over the seller block."""
    page = Page(rng, landscape=rng.random() < 0.5)
    w = 297.0 if page.landscape else 210.0
    seller = company(rng, p.dest)
    page.text(w / 2, 14, "增值税普通发票", size_mm=7, face="serif_bold", fill=BROWN, anchor="ma")
    page.line(w / 2 - 40, 25, w / 2 + 40, 25, BROWN, 0.5)
    page.line(w / 2 - 40, 26.5, w / 2 + 40, 26.5, BROWN, 0.5)
    page.text(w - 20, 12, f"发票号码：{rng.randrange(10**7, 10**8)}", size_mm=3.2, fill=BROWN, anchor="ra")
    page.text(
        w - 20,
        18,
        f"开票日期：{day.year}年{day.month:02d}月{day.day:02d}日",
        size_mm=3.2,
        fill=BROWN,
        anchor="ra",
    )
    x0, x1, y = 15.0, w - 15, 34.0
    page.rect(x0, y, x1, y + 110, BROWN, 0.5)
    for dy in (25, 75, 90):
        page.line(x0, y + dy, x1, y + dy, BROWN)
    page.text(x0 + 3, y + 5, f"购买方 名称：{p.name}", size_mm=3.4, fill=BROWN)
    items = [("医用口罩", 2, 35.0), ("血压计", 1, 268.0), ("轮椅", 1, 980.0)]
    for i, (item, n, price) in enumerate(items):
        page.text(x0 + 4, y + 30 + i * 8, f"*医疗器械*{item}", size_mm=3.4, face="sans")
        page.text(x1 - 60, y + 30 + i * 8, f"{n}    {price:.2f}", size_mm=3.4, face="sans")
    total = sum(n * price for _, n, price in items)
    page.text(x0 + 4, y + 80, f"价税合计（大写）        （小写）¥{total:.2f}", size_mm=3.4, fill=BROWN)
    page.text(x0 + 3, y + 94, f"销售方 名称：{seller}", size_mm=3.4, fill=BROWN)
    page.text(x0 + 3, y + 101, f"纳税人识别号：91{rng.randrange(10**15, 10**16)}", size_mm=3.2, fill=BROWN)
    pr = kinds.press(rng, colour_ok=False)
    page.stamp(
        kinds.oval(rng, seller, "发票专用章"),
        x1 - rng.uniform(35, 60),
        y + rng.uniform(92, 110),
        ink=pr.ink,
        role="unknown",
        angle=rng.uniform(-8, 8),
        faded=pr.faded,
        double=pr.double,
    )
    page.text(x0 + 3, y + 118, "收款人：      复核：      开票人：", size_mm=3.2, fill=BROWN)
    return page


def bank_slip(rng: random.Random, p: Person, day: date) -> Page:
    """A bank transfer slip with the teller's 转讫 stamp and a round branch business seal."""
    page = Page(rng)
    bank = rng.choice(["中国工商银行", "中国建设银行", "中国农业银行", "中国银行"])
    branch = f"{bank}股份有限公司{p.dest.city.removesuffix('市')}{rng.choice(['城东', '南关', '高新'])}支行"
    page.text(105, 20, f"{bank}  业务回单", size_mm=6, face="sans_bold", anchor="ma")
    rows = [
        ("交易日期", f"{day:%Y-%m-%d}"),
        ("付款人", p.name),
        ("收款人", company(rng, p.dest)),
        ("金额", f"¥{rng.randint(100, 9000)}.00"),
        ("摘要", "医疗费"),
        ("流水号", str(rng.randrange(10**11, 10**12))),
    ]
    for i, (a, b) in enumerate(rows):
        page.rect(20, 34 + i * 11, 190, 45 + i * 11, (60, 60, 60))
        page.line(55, 34 + i * 11, 55, 45 + i * 11, (60, 60, 60))
        page.text(23, 39.5 + i * 11, a, size_mm=3.6, anchor="lm")
        page.text(58, 39.5 + i * 11, b, size_mm=3.6, face="sans", anchor="lm")
    pr = kinds.press(rng)
    page.stamp(
        kinds.receipt(rng, day),
        rng.uniform(60, 110),
        rng.uniform(112, 125),
        ink=pr.ink,
        role="unknown",
        angle=pr.angle / 2,
        faded=pr.faded,
    )
    if rng.random() < 0.6:
        pr2 = kinds.press(rng, colour_ok=False)
        page.stamp(
            kinds.official_round(rng, branch, "业务专用章"),
            rng.uniform(140, 165),
            rng.uniform(105, 125),
            ink=pr2.ink,
            role="unknown",
            angle=pr2.angle,
            faded=pr2.faded,
            dry=pr2.dry,
        )
    return page


def notice(rng: random.Random, p: Person) -> Page:
    """A seal-free hospital notice: red title and rules, a round logo, a QR code, a photo (look-alikes)."""
    page = Page(rng)
    hospital = rng.choice(p.dest.hospitals)
    d = page.draw
    k = page.k
    logo = rng.choice([(200, 40, 40), (30, 110, 170), (20, 130, 90)])
    d.ellipse((20 * k, 10 * k, 40 * k, 30 * k), outline=logo, width=int(1.2 * k))
    d.regular_polygon((30 * k, 20 * k, 6 * k), 6, fill=logo)
    page.text(110, 14, hospital, size_mm=6.5, face="serif_bold", fill=LETTERHEAD_RED, anchor="ma")
    page.line(18, 34, 192, 34, LETTERHEAD_RED, 1.0)
    page.text(105, 44, "就诊须知", size_mm=6.0, face="serif_bold", anchor="ma")
    lines = [
        "一、请携带本人有效身份证件和社会保障卡就诊。",
        "二、异地就医备案人员请在挂号时主动出示备案信息。",
        "三、住院患者请于入院时办理登记手续。",
        "四、如需转诊，请向主治医师咨询。",
    ]
    for i, ln in enumerate(lines):
        page.text(26, 62 + i * 9, ln, size_mm=4.0)
    card = Card((250, 250, 250))
    card.qr(2, 2, 30, rng)
    card.photo(40, 2, 30, 40, rng)
    paste(page, card, 110, 120, 0, grey=False)
    page.text(110, 180, "扫码关注公众号", size_mm=3.4)
    for i in range(3):
        page.rect(26, 200 + i * 8, 29, 203 + i * 8, (30, 30, 30), 0.3)
        page.text(32, 199.5 + i * 8, ["门诊", "住院", "急诊"][i], size_mm=3.4)
    page.fields.clear()
    return page
