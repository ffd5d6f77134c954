"""Square seals on gray scans: found by their thick frame, not by a circle search."""

from __future__ import annotations

import cv2
import numpy as np
from test_preprocess_render import draw_seal, iou, scan_noise, text_page, to_gray_bgr

from extract.seals import ColorShapeSealDetector


def test_gray_square_seal_found() -> None:
    page = text_page()
    truth = draw_seal(page, (1100, 1700), 110, "square")
    found = ColorShapeSealDetector().detect(to_gray_bgr(scan_noise(page)))
    assert len(found) == 1 and found[0].color == "gray" and found[0].shape == "square"
    assert iou(found[0].box, truth) >= 0.7


def test_thin_ruled_box_of_seal_size_is_no_seal() -> None:
    page = text_page()
    cv2.rectangle(page, (1000, 1600), (1220, 1820), (0, 0, 0), 2)  # a printed frame: thin rules
    cv2.putText(page, "PHOTO", (1040, 1720), cv2.FONT_HERSHEY_SIMPLEX, 1.2, (0, 0, 0), 2)
    found = ColorShapeSealDetector().detect(to_gray_bgr(scan_noise(page)))
    assert found == []


def test_thick_rectangle_far_from_square_is_no_seal() -> None:
    page = np.full((2339, 1654, 3), 255, np.uint8)
    cv2.rectangle(page, (200, 1600), (1400, 1820), (0, 0, 0), 8)  # a heavy-ruled table, not a seal
    assert ColorShapeSealDetector().detect(to_gray_bgr(page)) == []
