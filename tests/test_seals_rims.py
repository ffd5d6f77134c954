"""Gray seals pressed at a tilt, and seals crossed by print or a table's rules: found from the shape
their closed rim encloses (``extract.seals.rims``) — drawn pages, no OCR models."""

from __future__ import annotations

import math

import cv2
import numpy as np
from PIL import Image as PILImage
from PIL import ImageDraw
from seal_drawings import draw_table
from test_preprocess_render import KAI, SERIF, font, iou, scan_noise, text_page, to_gray_bgr

from extract.preprocess import u8
from extract.seals import ColorShapeSealDetector
from extract.seals.gray import GRAY_PPM, dark_mask
from extract.seals.rims import find_gray_rims

PPM = 1654 / 210  # text_page is A4 at 200 dpi


def _tilted_oval(
    page: np.ndarray, center: tuple[int, int], wh_mm: tuple[float, float], tilt: float
) -> tuple[float, float, float, float]:
    """An oval seal in gray ink (axes ``wh_mm``) turned by ``tilt`` degrees, its ring text and star
    turned with it; returns its bounding box."""
    cx, cy = center
    rx, ry = wh_mm[0] * PPM / 2, wh_mm[1] * PPM / 2
    mask = PILImage.new("L", (page.shape[1], page.shape[0]), 0)
    d = ImageDraw.Draw(mask)
    d.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), outline=255, width=5)
    text = "南山区光明社区居民委员会"
    for k, ch in enumerate(text):
        a = math.radians(-90 - 110 + 220 * (k + 0.5) / len(text))
        d.text(
            (cx + 0.74 * rx * math.cos(a) - 14, cy + 0.70 * ry * math.sin(a) - 16),
            ch,
            font=font(KAI, 28),
            fill=255,
        )
    d.regular_polygon((cx, cy, 30), 5, fill=255)
    turn = cv2.getRotationMatrix2D((cx, cy), tilt, 1.0)
    turned = cv2.warpAffine(np.array(mask), turn, (page.shape[1], page.shape[0]))
    page[turned > 127] = (110, 110, 110)
    t = math.radians(tilt)
    hx, hy = math.hypot(rx * math.cos(t), ry * math.sin(t)), math.hypot(rx * math.sin(t), ry * math.cos(t))
    return cx - hx, cy - hy, cx + hx, cy + hy


def _line_across(page: np.ndarray, origin: tuple[int, int], text: str) -> None:
    """A line of print in black, over whatever lies there (a seal stamped on the issuer's line)."""
    im = PILImage.fromarray(page[:, :, ::-1])
    ImageDraw.Draw(im).text(origin, text, font=font(SERIF, 44), fill=(15, 15, 15))
    page[:] = np.array(im)[:, :, ::-1]


def test_an_oval_pressed_at_a_tilt_with_print_across_it_is_found() -> None:
    page = text_page()
    truth = _tilted_oval(page, (1150, 1850), (45.0, 30.0), 18.0)
    _line_across(page, (830, 1835), "南山区滨河镇光明社区居民委员会")
    found = ColorShapeSealDetector().detect(to_gray_bgr(scan_noise(page)))
    assert [s.shape for s in found] == ["oval"]
    assert iou(found[0].box, truth) >= 0.7


def test_an_oval_across_a_tables_rule_is_one_seal_and_the_cells_none() -> None:
    """Stamped over the rule between two rows of a form (the agency's box and the one below)."""
    page = text_page()
    draw_table(page, (150, 1650), (660, 120), 2, 2, bgr=(60, 60, 60), thick=3)
    truth = _tilted_oval(page, (1000, 1880), (42.0, 28.0), -12.0)
    found = ColorShapeSealDetector().detect(to_gray_bgr(scan_noise(page)))
    assert len(found) == 1
    assert iou(found[0].box, truth) >= 0.7


def test_a_card_outline_a_table_and_a_filled_portrait_are_no_rims() -> None:
    """Shapes that enclose space but are no ellipse of seal size: a rounded card, ruled cells, a
    portrait's filled head (the card's photo on a copy)."""
    page = text_page()
    cv2.rectangle(page, (200, 1500), (200 + round(85.6 * PPM), 1500 + round(54 * PPM)), (80, 80, 80), 3)
    draw_table(page, (150, 2000), (300, 200), 2, 4, bgr=(60, 60, 60), thick=3)
    cv2.ellipse(page, (1200, 1650), (round(9 * PPM), round(12 * PPM)), 0, 0, 360, (70, 70, 70), -1)
    gray = to_gray_bgr(scan_noise(page))[:, :, 0]
    k = GRAY_PPM / PPM
    small = u8(cv2.resize(gray, None, fx=k, fy=k, interpolation=cv2.INTER_AREA))
    dark = dark_mask(u8(cv2.GaussianBlur(small, (5, 5), 1.5)))
    assert find_gray_rims(dark, GRAY_PPM, 22.0, 60.0) == []
