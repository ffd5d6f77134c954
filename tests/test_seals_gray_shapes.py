"""Seals on gray copies that are not the round red ones: a wide oval, a thin-framed wording stamp,
and the look-alike that is none (the emblem on an ID card's back) — drawn, no OCR models."""

from __future__ import annotations

import math

import cv2
import numpy as np
from PIL import Image as PILImage
from PIL import ImageDraw
from seal_drawings import draw_emblem
from test_preprocess_render import KAI, font, iou, scan_noise, text_page, to_gray_bgr

from extract.seals import ColorShapeSealDetector
from extract.seals.geometry import A4_LONG_MM, px_per_mm

PPM = 1654 / 210  # text_page is A4 at 200 dpi


def _wide_oval(page: np.ndarray, center: tuple[int, int], wh_mm: tuple[float, float]) -> tuple[int, ...]:
    """A company's oval seal in pale gray ink (axes ``wh_mm``), its name along the rim and a star."""
    cx, cy = center
    rx, ry = round(wh_mm[0] * PPM / 2), round(wh_mm[1] * PPM / 2)
    mask = PILImage.new("L", (page.shape[1], page.shape[0]), 0)
    d = ImageDraw.Draw(mask)
    d.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), outline=255, width=4)
    text = "山南市医疗保障事务中心"
    for k, ch in enumerate(text):
        a = math.radians(-90 - 110 + 220 * (k + 0.5) / len(text))
        x, y = cx + 0.76 * rx * math.cos(a), cy + 0.72 * ry * math.sin(a)
        d.text((x - 14, y - 16), ch, font=font(KAI, 28), fill=255)
    d.polygon([(cx + (32 if k % 2 == 0 else 13) * math.cos(math.radians(-90 + 36 * k)),
                cy + (32 if k % 2 == 0 else 13) * math.sin(math.radians(-90 + 36 * k))) for k in range(10)],
              fill=255)  # fmt: skip  (the star)
    ink = np.array(mask, np.float32)[:, :, None] / 255.0
    page[:] = (page * (1 - 0.55 * ink)).astype(np.uint8)  # pale: a stamp pad running dry
    return (cx - rx, cy - ry, cx + rx, cy + ry)


def test_a_wide_oval_seal_on_a_gray_copy_is_found() -> None:
    page = text_page()
    truth = _wide_oval(page, (1150, 1850), (44.0, 26.0))  # axis ratio 0.59
    found = ColorShapeSealDetector().detect(to_gray_bgr(scan_noise(page)))
    assert [s.shape for s in found] == ["oval"]
    assert iou(found[0].box, truth) >= 0.6


def test_a_thin_framed_wording_stamp_is_found_and_a_thin_photo_box_is_not() -> None:
    page = text_page()
    x0, y0 = 1000, 1750
    w, h = round(48 * PPM), round(16 * PPM)
    cv2.rectangle(page, (x0, y0), (x0 + w, y0 + h), (70, 70, 70), 3)  # a 0.4 mm rule
    mask = PILImage.new("L", (page.shape[1], page.shape[0]), 0)
    ImageDraw.Draw(mask).text((x0 + 30, y0 + 22), "复印件与原件一致", font=font(KAI, 64), fill=255)
    page[np.array(mask) > 127] = (70, 70, 70)
    found = ColorShapeSealDetector().detect(to_gray_bgr(scan_noise(page)))
    assert [s.shape for s in found] == ["square"]
    assert iou(found[0].box, (x0, y0, x0 + w, y0 + h)) >= 0.7


def test_the_emblem_on_an_id_cards_back_copied_gray_is_no_seal() -> None:
    page = np.full((2339, 1654, 3), 235, np.uint8)
    draw_emblem(page, (700, 900), 75)
    # copied dark: a solid disc with the gate and the stars left light inside it
    cv2.circle(page, (1100, 1500), 80, (60, 60, 60), -1)
    cv2.rectangle(page, (1050, 1440), (1150, 1465), (235, 235, 235), -1)
    for k in range(5):
        a = math.radians(200 + 35 * k)
        star = (round(1100 + 45 * math.cos(a)), round(1530 + 25 * math.sin(a)))
        cv2.circle(page, star, 8, (235, 235, 235), -1)
    assert ColorShapeSealDetector().detect(to_gray_bgr(scan_noise(page))) == []


def test_an_a4_page_recorded_larger_than_a4_is_measured_as_a4() -> None:
    page = np.zeros((3119, 2206), np.uint8)  # an image-to-PDF tool's 280 x 396 mm page at 200 dpi
    assert px_per_mm(page, 200.0) == 3119 / A4_LONG_MM
    assert px_per_mm(np.zeros((1654, 1169), np.uint8), 200.0) == 200 / 25.4  # A4 as recorded


def test_a_ring_past_the_images_edge_is_judged_the_same_on_every_run() -> None:
    """The ring test unwraps ink round a centre; where the circle reaches past the image's edge
    OpenCV left those samples as the new buffer held them, so a seal near the edge was judged on
    stray memory, another verdict on each run. Beyond the edge is now no ink, every time."""
    from extract.seals.ring_test import polar_ink, verify_ring

    dark = np.zeros((400, 300), np.uint8)
    cv2.circle(dark, (260, 200), 70, (255,), 4)  # a rim cut by the right edge
    cv2.putText(dark, "AB", (225, 210), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (255,), 3)
    verdicts = set()
    for _ in range(30):
        litter = [np.full((512, 512), 255, np.uint8) for _ in range(8)]  # leave freed memory inked
        del litter
        polar = polar_ink(dark, (98, 180), (260.0, 200.0), 98.0)
        # rows are directions from 0° (right, past the edge at 40 px) round; columns are the radius
        assert not polar[0, 50:].any()
        verdicts.add(verify_ring(dark, 260.0, 200.0, 70.0))
    assert len(verdicts) == 1
