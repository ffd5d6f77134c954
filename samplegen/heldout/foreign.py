"""Pages that belong to no filing: an invoice, a bank slip, a blank back side.

They slip into real batches; truth lists them as ``unknown`` documents outside every filing,
so a pipeline that forces them into a filing or reads fields off them is caught.
"""

from __future__ import annotations

import random

import numpy as np

from samplegen.heldout.canvas import INK_BLACK, Color, Sheet
from samplegen.heldout.stamps import stamp

RED_BROWN: Color = (150, 62, 44)


def invoice(sheet: Sheet, doc: str, rng: random.Random, city: str) -> None:
    """A printed invoice in red-brown ink with a typed body and an oval invoice seal."""
    c = RED_BROWN
    sheet.text(105, 30, f"{city[:-1]}增值税普通发票", 7.5, "serif_bold", c, "mm")
    sheet.line(65, 38, 145, 38, 0.4, c)
    sheet.line(65, 39.5, 145, 39.5, 0.4, c)
    sheet.text(150, 48, f"No {rng.randrange(10**7, 10**8)}", 4, "sans", c)
    sheet.box(20, 55, 190, 170, 0.35, c)
    for y in (75, 95, 150):
        sheet.line(20, y, 190, y, 0.3, c)
    for x in (70, 105, 130, 160):
        sheet.line(x, 95, x, 150, 0.3, c)
    sheet.text(24, 65, "购买方名称：", 3.6, "sans", c)
    sheet.text(60, 65, rng.choice(("个人", "某某科技有限公司", "零售客户")), 3.8, "sans", INK_BLACK)
    for i, head in enumerate(("货物或应税劳务名称", "规格型号", "数量", "单价", "金额")):
        sheet.text((20, 70, 105, 130, 160)[i] + 2, 85, head, 3.2, "sans", c)
    for j in range(rng.randrange(1, 4)):
        y = 105 + j * 12
        sheet.text(22, y, rng.choice(("办公用品", "复印纸", "打印服务", "文件袋")), 3.6, "sans", INK_BLACK)
        sheet.text(132, y, str(rng.randrange(1, 20)), 3.6, "sans", INK_BLACK)
        sheet.text(162, y, f"{rng.uniform(5, 900):.2f}", 3.6, "sans", INK_BLACK)
    sheet.text(24, 160, f"价税合计（大写）  ¥{rng.uniform(20, 2000):.2f}", 3.6, "sans", c)
    stamp(
        sheet,
        doc,
        160,
        190,
        shape="oval",
        text=f"{city[:-1]}某某商贸有限公司",
        ink="red",
        role="unknown",
        rng=rng,
        size_mm=(40, 27),
        lines=("发票专用章",),
    )


def bank_slip(sheet: Sheet, doc: str, rng: random.Random) -> None:
    """A bank counter receipt (业务回单) with a small rectangular teller stamp."""
    bank = rng.choice(("中国工商银行", "中国建设银行", "中国农业银行", "中国银行"))
    sheet.text(105, 28, f"{bank}业务回单", 6.5, "sans_bold", INK_BLACK, "mm")
    sheet.box(22, 40, 188, 130, 0.3)
    rows = [
        ("交易日期", f"2025-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"),
        ("付款人账号", " ".join(f"{rng.randrange(0, 10000):04d}" for _ in range(4))),
        ("收款人户名", rng.choice(("物业服务中心", "燃气公司", "个人"))),
        ("金额", f"¥{rng.uniform(10, 5000):.2f}"),
        ("摘要", rng.choice(("缴费", "转账", "代扣"))),
    ]
    for i, (k, v) in enumerate(rows):
        y = 50 + i * 15
        sheet.text(28, y, k, 3.8)
        sheet.text(75, y, v, 3.8, "hei")
    stamp(
        sheet,
        doc,
        150,
        115,
        shape="square",
        text=f"{bank}业务受理章",
        ink=rng.choice(("red", "blue")),
        role="unknown",
        rng=rng,
        size_mm=(44, 16),
        lines=(bank, "业务受理章"),
    )


def blank_back(sheet: Sheet, rng: random.Random) -> None:
    """A blank back side: faint mirrored bleed-through of a form and a punch-hole shadow."""
    ghost = Sheet(sheet.w_mm, sheet.h_mm, sheet.dpi, (255, 255, 255))
    for k in range(rng.randrange(8, 16)):
        ghost.text(25, 30 + k * 14, "登记备案表 填写说明 申请人" * rng.randrange(1, 3), 4, "sans")
    mirrored = ghost.arr[:, ::-1].astype(np.float32)
    sheet.arr[:] = (sheet.arr.astype(np.float32) * (1 - 0.06 * (1 - mirrored / 255))).astype(np.uint8)
    for y in (90.0, 200.0):
        cxy = (int(sheet.px(8)), int(sheet.px(y)))
        import cv2

        cv2.circle(sheet.arr, cxy, int(sheet.px(3)), (210, 210, 210), -1)
