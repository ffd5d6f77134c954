"""Drawn stamps and look-alikes for the seal tests (no tests live here).

Rectangular stamps (复印件与原件一致, 已审核, a dated receipt stamp) in any ink, turned
by a few degrees as a hand stamps them; and the things on a card copy or a form
that are no seal: a portrait box, a QR code, a card chip, a red emblem, table cells.
Each helper draws in place on a BGR page and returns the drawn object's pixel box.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
from PIL import Image as PILImage
from PIL import ImageDraw
from test_preprocess_render import KAI, SERIF, font

INKS = {
    "red": (40, 40, 210),
    "blue": (170, 60, 20),
    "purple": (150, 40, 120),
    "black": (35, 35, 35),
    "faded_blue": (205, 150, 115),  # a stamp pad running dry, scanned pale
    "faded_purple": (185, 140, 172),
}
RECT_TEXTS = (["复印件与原件一致"], ["已审核"], ["收讫", "2024年03月05日"])


def _stamp_overlay(
    size: tuple[int, int],
    center: tuple[int, int],
    wh: tuple[int, int],
    lines: list[str],
    angle: float,
    inner_gap: int = 0,
) -> np.ndarray:
    """An L-mode mask (0..1) of a rectangular frame with text lines, turned by ``angle`` degrees;
    with ``inner_gap`` a second, thin rule that many pixels inside the frame (a double rule)."""
    w, h = wh
    pad = max(w, h)
    tile = PILImage.new("L", (2 * pad, 2 * pad), 0)
    d = ImageDraw.Draw(tile)
    t = max(3, h // 14)
    x0, y0 = pad - w // 2, pad - h // 2
    d.rectangle((x0, y0, x0 + w, y0 + h), outline=255, width=t)
    if inner_gap:
        g = t + inner_gap
        d.rectangle((x0 + g, y0 + g, x0 + w - g, y0 + h - g), outline=255, width=max(2, t // 2))
    px = int(min(h * 0.62 / len(lines), (w * 0.86) / max(len(s) for s in lines)))
    y = pad - len(lines) * px * 1.15 / 2
    for line in lines:
        f = font(KAI, px)
        d.text((pad - f.getlength(line) / 2, y), line, font=f, fill=255)
        y += px * 1.15
    tile = tile.rotate(angle, resample=PILImage.Resampling.BICUBIC)
    overlay = np.zeros((size[1], size[0]), np.float32)
    cx, cy = center
    overlay[cy - pad : cy + pad, cx - pad : cx + pad] = np.array(tile, np.float32) / 255.0
    return overlay


def _turned_box(center: tuple[int, int], wh: tuple[int, int], angle: float) -> tuple[int, int, int, int]:
    a = math.radians(angle)
    w, h = wh
    hw = (abs(w * math.cos(a)) + abs(h * math.sin(a))) / 2
    hh = (abs(w * math.sin(a)) + abs(h * math.cos(a))) / 2
    return (int(center[0] - hw), int(center[1] - hh), int(center[0] + hw), int(center[1] + hh))


def ink_on(page: np.ndarray, mask: np.ndarray, bgr: tuple[int, int, int], strength: float = 0.9) -> None:
    """Multiply-blend ink of colour ``bgr`` through ``mask`` (0..1): text under it stays visible."""
    m = mask[:, :, None] * strength
    ink = np.array(bgr, np.float32)[None, None, :]
    page[:] = (page.astype(np.float32) * (1 - m) + np.minimum(page.astype(np.float32), ink) * m).astype(
        np.uint8
    )


def draw_rect_stamp(
    page: np.ndarray,
    center: tuple[int, int],
    wh: tuple[int, int],
    lines: list[str],
    ink: tuple[int, int, int],
    angle: float = 0.0,
    inner_gap: int = 0,
) -> tuple[int, int, int, int]:
    """A rectangular stamp (frame and text) in ``ink``; returns the box of the turned frame. With
    ``inner_gap`` its frame is a double rule, the inner one that many pixels inside."""
    overlay = _stamp_overlay((page.shape[1], page.shape[0]), center, wh, lines, angle, inner_gap)
    ink_on(page, overlay, ink)
    return _turned_box(center, wh, angle)


def draw_photo_box(page: np.ndarray, box: tuple[int, int, int, int]) -> None:
    """A portrait on a card copy: a framed light background with a dark head and shoulders."""
    x0, y0, x1, y1 = box
    cv2.rectangle(page, (x0, y0), (x1, y1), (200, 190, 185), -1)
    cv2.rectangle(page, (x0, y0), (x1, y1), (60, 60, 60), 3)
    w, h = x1 - x0, y1 - y0
    cv2.ellipse(page, (x0 + w // 2, y0 + int(h * 0.4)), (w // 4, int(h * 0.22)), 0, 0, 360, (40, 40, 50), -1)
    cv2.ellipse(page, (x0 + w // 2, y1), (int(w * 0.45), int(h * 0.3)), 0, 180, 360, (50, 45, 45), -1)


def draw_qr(
    page: np.ndarray, origin: tuple[int, int], module: int, seed: int = 0
) -> tuple[int, int, int, int]:
    """A QR-like code: three finder squares and random modules, 25 x 25."""
    rng = np.random.default_rng(seed)
    n = 25
    grid = rng.random((n, n)) < 0.5
    for fx, fy in ((0, 0), (n - 7, 0), (0, n - 7)):
        grid[fy : fy + 7, fx : fx + 7] = False
        grid[fy : fy + 7, fx] = grid[fy : fy + 7, fx + 6] = True
        grid[fy, fx : fx + 7] = grid[fy + 6, fx : fx + 7] = True
        grid[fy + 2 : fy + 5, fx + 2 : fx + 5] = True
    x, y = origin
    big = np.kron(grid, np.ones((module, module), bool))
    page[y : y + n * module, x : x + n * module][big] = (20, 20, 20)
    return (x, y, x + n * module, y + n * module)


def draw_chip(page: np.ndarray, box: tuple[int, int, int, int]) -> None:
    """A card chip: a gold rounded square with contact pads divided by dark lines."""
    x0, y0, x1, y1 = box
    cv2.rectangle(page, (x0, y0), (x1, y1), (60, 170, 210), -1)
    cv2.rectangle(page, (x0, y0), (x1, y1), (30, 90, 120), 3)
    mx, my = (x0 + x1) // 2, (y0 + y1) // 2
    cv2.line(page, (x0, my), (x1, my), (30, 90, 120), 3)
    for k in (1, 2):
        x = x0 + (x1 - x0) * k // 3
        cv2.line(page, (x, y0), (x, y1), (30, 90, 120), 3)
    cv2.rectangle(page, (mx - 12, my - 10), (mx + 12, my + 10), (30, 90, 120), 3)


def draw_emblem(page: np.ndarray, center: tuple[int, int], radius: int) -> None:
    """A national emblem on a card's back: a red disc with gold stars, gate and wheat rim."""
    cx, cy = center
    cv2.circle(page, center, radius, (30, 30, 200), -1)
    cv2.circle(page, center, radius, (40, 170, 220), max(3, radius // 12))
    cv2.circle(page, (cx - radius // 3, cy - radius // 3), radius // 5, (40, 190, 230), -1)
    for k in range(4):
        a = math.radians(200 + 40 * k)
        cv2.circle(
            page,
            (int(cx + radius * 0.55 * math.cos(a)), int(cy + radius * 0.55 * math.sin(a))),
            radius // 12,
            (40, 190, 230),
            -1,
        )
    cv2.rectangle(
        page, (cx - radius // 2, cy + radius // 8), (cx + radius // 2, cy + radius // 2), (40, 180, 225), -1
    )


def draw_table(
    page: np.ndarray,
    origin: tuple[int, int],
    cell: tuple[int, int],
    rows: int,
    cols: int,
    bgr: tuple[int, int, int] = (20, 20, 20),
    thick: int = 4,
) -> None:
    """A ruled table with a short word in every cell."""
    x, y = origin
    cw, ch = cell
    for r in range(rows + 1):
        cv2.line(page, (x, y + r * ch), (x + cols * cw, y + r * ch), bgr, thick)
    for c in range(cols + 1):
        cv2.line(page, (x + c * cw, y), (x + c * cw, y + rows * ch), bgr, thick)
    im = PILImage.fromarray(page[:, :, ::-1])
    d = ImageDraw.Draw(im)
    f = font(SERIF, int(ch * 0.4))
    for r in range(rows):
        for c in range(cols):
            d.text((x + c * cw + 10, y + r * ch + ch * 0.25), "项目金额", font=f, fill=bgr[::-1])
    page[:] = np.array(im)[:, :, ::-1]


def red_print_page(size: tuple[int, int], bgr: tuple[int, int, int]) -> np.ndarray:
    """An e-invoice-like page printed in one colour: title, ruled boxes, rows of text, all in ``bgr``."""
    w, h = size
    page = np.full((h, w, 3), 255, np.uint8)
    im = PILImage.fromarray(page)
    d = ImageDraw.Draw(im)
    rgb = bgr[::-1]
    title = font(SERIF, 56)
    d.text(
        ((w - title.getlength("电子发票（普通发票）")) / 2, 90), "电子发票（普通发票）", font=title, fill=rgb
    )
    d.line((w * 0.3, 170, w * 0.7, 170), fill=rgb, width=4)
    d.line((w * 0.3, 180, w * 0.7, 180), fill=rgb, width=4)
    top, bottom = 300, int(h * 0.62)
    d.rectangle((80, top, w - 80, bottom), outline=rgb, width=3)
    for y in range(top + 80, bottom, 80):
        d.line((80, y, w - 80, y), fill=rgb, width=2)
    d.line((w // 2, top, w // 2, bottom), fill=rgb, width=2)
    f = font(SERIF, 30)
    for k, y in enumerate(range(top + 20, bottom - 40, 80)):
        d.text((110, y), f"购买方名称 项目{k} 规格 单位 数量", font=f, fill=rgb)
        d.text((w // 2 + 30, y), f"金额 {123 + 17 * k}.00 税率 6%", font=f, fill=rgb)
    d.text((110, bottom + 40), "价税合计（大写）壹佰贰拾叁元整　开票人：王芳", font=f, fill=rgb)
    return np.ascontiguousarray(np.array(im)[:, :, ::-1])
