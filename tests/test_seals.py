"""Seal detection on rendered pages: red, gray, none, two, over text."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from test_preprocess_render import draw_seal, iou, scan_noise, text_page, to_gray_bgr

from extract.seals import ColorShapeSealDetector, px_per_mm
from extract.seals.geometry import one_per_seal
from kernel.reading import SealFound


@pytest.fixture(scope="module")
def det() -> ColorShapeSealDetector:
    return ColorShapeSealDetector()


@pytest.mark.parametrize(("shape", "radius"), [("round", 160), ("oval", 150), ("square", 90)])
def test_red_seal_shape_and_box(det: ColorShapeSealDetector, shape: str, radius: int) -> None:
    page = text_page()
    truth = draw_seal(page, (1100, 1700), radius, shape)
    found = det.detect(scan_noise(page))
    assert len(found) == 1
    assert found[0].shape == shape and found[0].color == "red"
    assert iou(found[0].box, truth) >= 0.7
    assert found[0].confidence >= 0.5


def test_gray_seal_found(det: ColorShapeSealDetector) -> None:
    page = text_page()
    truth = draw_seal(page, (1100, 1700), 160)
    found = det.detect(to_gray_bgr(scan_noise(page)))
    assert len(found) == 1 and found[0].color == "gray"
    assert iou(found[0].box, truth) >= 0.7


def test_plain_text_page_has_no_seal(det: ColorShapeSealDetector) -> None:
    assert det.detect(scan_noise(text_page())) == []
    assert det.detect(to_gray_bgr(scan_noise(text_page()))) == []


def test_two_seals(det: ColorShapeSealDetector) -> None:
    page = text_page()
    truths = [draw_seal(page, (500, 1800), 150), draw_seal(page, (1150, 1800), 150, "oval")]
    found = det.detect(scan_noise(page))
    assert len(found) == 2
    for truth in truths:
        assert max(iou(f.box, truth) for f in found) >= 0.7


@pytest.mark.parametrize("gray", [False, True])
def test_seal_over_text(det: ColorShapeSealDetector, gray: bool) -> None:
    page = text_page()
    truth = draw_seal(page, (700, 450), 150)  # over the first text lines and the ruled box
    img = scan_noise(page)
    found = det.detect(to_gray_bgr(img) if gray else img)
    assert len(found) == 1
    assert iou(found[0].box, truth) >= 0.7


@pytest.mark.parametrize(("scale", "recorded_dpi"), [(0.5, 72), (0.5, 0), (1.7, 72), (1.0, 96)])
def test_seal_found_whatever_resolution_the_file_claims(
    det: ColorShapeSealDetector, scale: float, recorded_dpi: int
) -> None:
    """A 100-dpi scan, a phone photo and a scanner JPEG that records a default 72 or 96 dpi: the
    seal's size in millimetres comes from the page, so it is neither too small nor too large."""
    page = text_page()
    truth = draw_seal(page, (1100, 1700), 160)
    img = np.asarray(
        cv2.resize(scan_noise(page), None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA), np.uint8
    )
    found = det.detect(img, dpi=recorded_dpi or None)
    assert len(found) == 1
    assert iou(found[0].box, tuple(v * scale for v in truth)) >= 0.7


def test_px_per_mm_trusts_only_a_plausible_dpi() -> None:
    a4_150 = np.zeros((1754, 1240), np.uint8)
    assert px_per_mm(a4_150, 150) == pytest.approx(150 / 25.4)
    assert px_per_mm(a4_150, 72) == pytest.approx(1754 / 297)  # would be 619 mm of paper
    assert px_per_mm(a4_150, None) == pytest.approx(1754 / 297)
    card = np.zeros((640, 1011), np.uint8)  # a card copy on A6 scanned at 300 dpi: 86 mm wide
    assert px_per_mm(card, 300) == pytest.approx(1011 / 297)  # too small a sheet: taken as A4
    a5_200 = np.zeros((1654, 1165), np.uint8)
    assert px_per_mm(a5_200, 200) == pytest.approx(200 / 25.4)


def test_filled_disc_is_no_seal(det: ColorShapeSealDetector) -> None:
    """The portrait on a residence-permit copy: a gray disc of seal size is not a seal."""
    page = text_page()
    cv2.circle(page, (1100, 1700), 130, (120, 120, 120), -1)
    assert det.detect(to_gray_bgr(scan_noise(page))) == []


@pytest.mark.parametrize("where", [(1100, 1700), (600, 420)])  # in a blank area, and over text lines
def test_gray_oval_seal_found(det: ColorShapeSealDetector, where: tuple[int, int]) -> None:
    """A company's oval 业务专用章 on a gray scan: the circle search cannot find it."""
    page = text_page()
    truth = draw_seal(page, where, 160, "oval")
    found = det.detect(to_gray_bgr(scan_noise(page)))
    assert len(found) == 1 and found[0].color == "gray"
    assert found[0].shape == "oval"
    assert iou(found[0].box, truth) >= 0.6


def test_faint_seal_on_tinted_paper_found(det: ColorShapeSealDetector) -> None:
    """Little ink, low resolution: saturation ~45 and redness ~30, below the strict mask."""
    page = text_page()
    page[:] = np.minimum(page, np.array([228, 236, 240], np.uint8))  # a beige sheet
    truth = draw_seal(page, (1100, 1700), 160, color=(180, 172, 212))
    found = det.detect(scan_noise(page))
    assert len(found) == 1 and found[0].color == "red"
    assert iou(found[0].box, truth) >= 0.7


def test_pink_sheet_without_seal_has_none(det: ColorShapeSealDetector) -> None:
    page = text_page()
    page[:] = np.minimum(page, np.array([222, 220, 246], np.uint8))  # pink paper, no seal
    assert det.detect(scan_noise(page)) == []


def test_fragments_of_one_seal_count_once() -> None:
    whole = SealFound((100.0, 100.0, 340.0, 340.0), "round", "red", 0.9)
    piece = SealFound((60.0, 150.0, 250.0, 360.0), "oval", "red", 0.6)  # 40 % of it inside the seal
    other = SealFound((600.0, 100.0, 840.0, 340.0), "round", "red", 0.8)
    assert one_per_seal([piece, whole, other]) == [whole, other]
