"""Pages that belong to no filing: an e-invoice printed in red-brown with its seal, a bank slip,
a blank back side, a policy leaflet.

Why: batches at the window carry stray paper; a reader must leave it unfiled
and still not mistake the invoice seal's page for a certificate.
"""

from __future__ import annotations

import random

import numpy as np
from PIL import Image

from samplegen.window.canvas import Page, line, mm, new_page, rect, text, text_width
from samplegen.window.model import person_name
from samplegen.window.stamps import press

KINDS = ("invoice", "bank_slip", "blank", "leaflet")


def foreign_page(rng: random.Random, kind: str) -> Page:
    return {"invoice": _invoice, "bank_slip": _bank_slip, "blank": _blank, "leaflet": _leaflet}[kind](rng)


def _invoice(rng: random.Random) -> Page:
    page = new_page()
    W, _ = page.size
    brown = rng.choice([(150, 70, 50), (170, 60, 50), (130, 60, 40)])
    title = rng.choice(["电子发票（普通发票）", "医疗收费电子票据", "增值税电子普通发票"])
    text(page, ((W - text_width(title, "serif_bold", mm(6))) / 2, mm(18)), title, "serif_bold", mm(6), brown)
    line(page, (W / 2 - mm(45), mm(30)), (W / 2 + mm(45), mm(30)), brown, 3)
    text(page, (W - mm(85), mm(36)), f"发票号码：{rng.randint(10**19, 10**20 - 1)}", "sans", mm(2.8), brown)
    text(
        page,
        (W - mm(85), mm(42)),
        f"开票日期：2026年{rng.randint(1, 11)}月{rng.randint(1, 28)}日",
        "sans",
        mm(2.8),
        brown,
    )
    top = mm(52)
    rect(page, (mm(12), top, W - mm(12), top + mm(120)), brown, 3)
    for k, lab in enumerate(["购买方", "项目名称", "金额", "税额", "合计", "销售方"]):
        y = top + k * mm(20)
        line(page, (mm(12), y), (W - mm(12), y), brown, 2)
        text(page, (mm(15), y + mm(6)), lab, "sans", mm(3.2), brown)
        val = {
            "购买方": person_name(rng),
            "项目名称": rng.choice(["*医疗服务*门诊诊察费", "*药品*阿莫西林胶囊", "*餐饮服务*餐费"]),
            "金额": f"¥{rng.randint(10, 2000)}.{rng.randint(0, 99):02d}",
            "税额": "***",
            "合计": "（小写）见上",
            "销售方": rng.choice(["某某大药房连锁有限公司", "某某餐饮管理有限公司", "某某医院"]),
        }[lab]
        text(page, (mm(50), y + mm(6)), val, "sans", mm(3.2), (20, 20, 20))
    press(
        page,
        rng,
        (W - mm(55), top + mm(108)),
        "oval",
        rng.choice(["某某大药房连锁有限公司", "某某餐饮管理有限公司", "某某医院财务"]),
        "发票专用章",
        "red",
        "unknown",
        size_mm=42,
    )
    return page


def _bank_slip(rng: random.Random) -> Page:
    page = new_page()
    W, _ = page.size
    y = mm(20)
    bank = rng.choice(["中国工商银行", "中国建设银行", "中国农业银行", "中国银行"])
    text(page, (mm(20), y), f"{bank}  个人业务凭证", "sans_bold", mm(5), (20, 60, 120))
    y += mm(14)
    for lab in ["交易日期", "账号", "户名", "交易金额", "摘要", "柜员号"]:
        v = {
            "交易日期": f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
            "账号": f"6222{rng.randint(10**14, 10**15 - 1)}",
            "户名": person_name(rng),
            "交易金额": f"CNY {rng.randint(100, 9999)}.00",
            "摘要": rng.choice(["转账", "取款", "医保缴费"]),
            "柜员号": f"{rng.randint(1000, 9999)}",
        }[lab]
        text(page, (mm(24), y), f"{lab}：{v}", "sans", mm(3.4))
        y += mm(9)
    if rng.random() < 0.7:
        press(
            page,
            rng,
            (W - mm(60), y - mm(20)),
            "square",
            f"{bank}",
            "业务受理章",
            "red",
            "unknown",
            size_mm=40,
        )
    return page


def _blank(rng: random.Random) -> Page:
    """A blank back side: paper tone, a faint bleed-through and scanner noise."""
    page = new_page(paper=(252, 252, 250))
    gen = np.random.default_rng(rng.randrange(2**32))
    arr = np.asarray(page.image, dtype=np.float64)
    arr = arr - gen.normal(0, 1.5, arr.shape)
    page.image = Image.fromarray(arr.clip(0, 255).astype(np.uint8))
    if rng.random() < 0.5:  # bleed-through of a mirrored title
        text(
            page, (mm(50), mm(20)), "表案备记登医就地异"[: rng.randint(5, 9)], "sans", mm(6), (238, 238, 238)
        )
    return page


def _leaflet(rng: random.Random) -> Page:
    page = new_page(paper=(250, 252, 255))
    W, _ = page.size
    text(
        page,
        (mm(20), mm(20)),
        rng.choice(["医保政策早知道", "异地就医直接结算温馨提示", "国家医保服务平台APP使用指南"]),
        "sans_bold",
        mm(7),
        (20, 90, 160),
    )
    y = mm(40)
    tips = [
        "一、什么是异地就医直接结算？",
        "参保人员在参保地以外的定点医疗机构就医，",
        "医疗费用可直接结算，无需先行垫付。",
        "二、如何办理？",
        "可通过国家医保服务平台APP、微信小程序",
        "或到参保地医保经办窗口办理。",
        "三、温馨提示",
        "备案后请选择定点医疗机构就医，",
        "并携带社会保障卡或医保电子凭证。",
    ]
    for t in tips:
        text(page, (mm(22), y), t, "sans", mm(4), (40, 40, 60))
        y += mm(9)
    page.draw.ellipse((W - mm(70), y + mm(10), W - mm(20), y + mm(60)), fill=(200, 225, 245))
    return page
