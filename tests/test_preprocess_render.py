"""Synthetic scanned pages for the OCR, preprocess and seal tests (no tests live here).

Real packets come from ``samplegen``; these pages are smaller and known exactly:
rendered Chinese lines, an optional ruled box, red or gray seals drawn where we
say, then turned/skewed like a careless scan.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

import cv2
import numpy as np
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

SERIF = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
KAI = "/usr/share/fonts/truetype/arphic/ukai.ttc"
A4_200DPI = (1654, 2339)
TEXT = [
    "山西省异地就医登记备案表",
    "姓名：张伟　　性别：男　　联系电话：13912345678",
    "公民身份号码 140105198803150012",
    "参保地：山西省太原市　　险种：职工基本医疗保险",
    "就医地：海南省三亚市　　备案类型：异地安置退休人员",
    "异地居住地址：海南省三亚市天涯区解放路88号",
    "选定定点医疗机构：三亚市人民医院",
    "备案开始日期：2024年03月01日",
    "申请原因：退休后随子女在三亚长期居住",
    "本人承诺以上信息真实有效，如有虚假愿承担相应责任。",
    "申请人签字：　　　　　　申请日期：2024年02月20日",
    "经办机构（单位）盖章：",
]


@cache
def font(path: str, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(path, size)


def text_line_image(text: str, size: int = 40, pad: int = 16) -> Any:
    """One rendered line, BGR, black on white."""
    f = font(SERIF, size)
    _x0, _y0, x1, y1 = f.getbbox(text)
    im = PILImage.new("RGB", (int(x1) + 2 * pad, int(y1) + 2 * pad), "white")
    ImageDraw.Draw(im).text((pad, pad), text, font=f, fill="black")
    return np.array(im)[:, :, ::-1].copy()


def text_page(
    lines: list[str] | None = None, size: tuple[int, int] = A4_200DPI, font_px: int = 34
) -> np.ndarray:
    """A white page with text lines from the top margin, BGR."""
    w, h = size
    im = PILImage.new("RGB", (w, h), "white")
    d = ImageDraw.Draw(im)
    y = int(h * 0.08)
    for i, line in enumerate(lines or TEXT):
        px = font_px + 12 if i == 0 else font_px
        x = (w - font(SERIF, px).getlength(line)) / 2 if i == 0 else w * 0.1
        d.text((x, y), line, font=font(SERIF, px), fill=(20, 20, 20))
        y += int(px * 2.1)
    d.rectangle((int(w * 0.08), int(h * 0.06), int(w * 0.92), y + 20), outline=(0, 0, 0), width=2)
    return np.array(im)[:, :, ::-1].copy()


def draw_seal(
    page: np.ndarray,
    center: tuple[int, int],
    radius: int,
    shape: str = "round",
    color: tuple[int, int, int] = (30, 30, 215),
    text: str = "太原市社会保险经办中心",
) -> tuple[int, int, int, int]:
    """Draw a seal (BGR colour) in place with border ring, ring text and a star; return its pixel box."""
    cx, cy = center
    rx, ry = (radius, int(radius * 0.68)) if shape == "oval" else (radius, radius)
    overlay = PILImage.new("L", (page.shape[1], page.shape[0]), 0)
    d = ImageDraw.Draw(overlay)
    t = max(3, radius // 18)
    if shape == "square":
        d.rectangle((cx - rx, cy - ry, cx + rx, cy + ry), outline=255, width=t)
        f = font(KAI, int(radius * 0.55))
        for k, ch in enumerate(text[:4]):
            col, row = 1 - k // 2, k % 2
            d.text((cx - rx * 0.85 + col * rx * 0.9, cy - ry * 0.85 + row * ry * 0.9), ch, font=f, fill=255)
    else:
        d.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), outline=255, width=t)
        ch_px = int(radius * 0.22)
        n = len(text)
        span = 240.0
        for k, ch in enumerate(text):
            ang = math.radians(-90 - span / 2 + span * (k + 0.5) / n)
            r_x, r_y = rx * 0.78, ry * 0.78
            px, py = cx + r_x * math.cos(ang), cy + r_y * math.sin(ang)
            glyph = PILImage.new("L", (ch_px * 2, ch_px * 2), 0)
            ImageDraw.Draw(glyph).text((ch_px // 2, ch_px // 3), ch, font=font(KAI, ch_px), fill=255)
            glyph = glyph.rotate(-math.degrees(ang) - 90, resample=PILImage.Resampling.BICUBIC)
            overlay.paste(glyph, (int(px - ch_px), int(py - ch_px)), glyph)
        star_r = radius * 0.22
        pts = []
        for k in range(10):
            a = math.radians(-90 + 36 * k)
            r = star_r if k % 2 == 0 else star_r * 0.4
            pts.append((cx + r * math.cos(a), cy + r * math.sin(a)))
        d.polygon(pts, fill=255)
    mask = np.array(overlay, np.float32)[:, :, None] / 255.0 * 0.9
    ink = np.array(color, np.float32)[None, None, :]
    # multiply blend: ink darkens what is under it, text under the seal stays visible
    blended = page.astype(np.float32) * (1 - mask) + np.minimum(page.astype(np.float32), ink) * mask
    page[:] = blended.astype(np.uint8)
    return (cx - rx, cy - ry, cx + rx, cy + ry)


def to_gray_bgr(page: np.ndarray) -> np.ndarray:
    g = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    return cv2.cvtColor(g, cv2.COLOR_GRAY2BGR)


def rotate_bound(page: np.ndarray, angle: float) -> np.ndarray:
    """Rotate counter-clockwise by ``angle`` degrees, white fill, canvas kept (skew simulation)."""
    h, w = page.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(page, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=(255, 255, 255))


def scan_noise(page: np.ndarray, seed: int = 0) -> np.ndarray:
    """A little blur, noise and JPEG, like a cheap scanner."""
    rng = np.random.default_rng(seed)
    out = cv2.GaussianBlur(page, (3, 3), 0.8).astype(np.int16)
    out = np.clip(out + rng.normal(0, 4, out.shape), 0, 255).astype(np.uint8)
    ok, buf = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, 60])
    assert ok
    return cv2.imdecode(buf, cv2.IMREAD_COLOR)


def iou(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0
