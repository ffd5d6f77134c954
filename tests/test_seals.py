"""Seal detection on rendered pages: red, gray, none, two, over text."""

from __future__ import annotations

import pytest
from test_preprocess_render import draw_seal, iou, scan_noise, text_page, to_gray_bgr

from extract.seals import ColorShapeSealDetector


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
