"""Orientation from detector boxes, skew search, crop trimming, box placement and character folding.

The pure parts run on synthetic quads and rendered pages; the last test runs the
real PP-OCRv5 detector and flip classifier on a rendered page turned four ways.
"""

from __future__ import annotations

import numpy as np
import pytest
from readings import ln
from test_preprocess_render import rotate_bound, scan_noise, text_page

from extract.engines.lines import crop_quad, tighten
from extract.orient import line_direction, place_box, quad_skew, reads_upright, text_skew, turn_quads
from extract.preprocess import turn
from extract.seal_ink import remove_seal_ink
from extract.simplify import to_simplified
from kernel.reading import Quad


def _rect(x0: float, y0: float, x1: float, y1: float) -> Quad:
    return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))


def test_reads_upright_by_the_recognisers_confidence_over_characters() -> None:
    sure = [ln("参保人员异地就医备案表", 10, 10, conf=0.97), ln("联系电话", 10, 60, conf=0.95)]
    assert reads_upright(sure)
    # upside-down lines read as scraps at low confidence (≤ 0.71 on the project's pages)
    assert not reads_upright([ln("丁瑞圣系国门", 10, 10, conf=0.62), ln("Y丫", 10, 60, conf=0.5)])
    # weighted by characters: one short sure line does not outvote a long doubtful one
    assert not reads_upright([ln("二", 10, 10, conf=1.0), ln("参保人员异地就医备案表", 10, 60, conf=0.7)])
    assert not reads_upright([ln("姓名", 10, 10, conf=0.99)])  # too little read to judge: ask the classifier


def test_line_direction_tells_rows_from_columns() -> None:
    rows = [_rect(10, 10 + 40 * i, 400, 40 + 40 * i) for i in range(5)]
    cols = [_rect(10 + 40 * i, 10, 40 + 40 * i, 400) for i in range(5)]
    across, down = line_direction(rows)
    assert across > 0 and down == 0
    across, down = line_direction(cols)
    assert down > 0 and across == 0
    assert line_direction([_rect(0, 0, 30, 30)]) == (0.0, 0.0)  # a lone character has no direction


def test_quad_skew_reads_the_lean_of_long_lines() -> None:
    lean = np.radians(2.0)  # CCW: the right end is higher (smaller y)
    quads = []
    for i in range(5):
        y = 100 + 60 * i
        dy = 400 * np.tan(lean)
        quads.append(((0.0, y), (400.0, y - dy), (400.0, y - dy + 30), (0.0, y + 30)))
    assert quad_skew(quads) == pytest.approx(2.0, abs=0.05)
    assert quad_skew(quads[:2]) == 0.0  # too few lines to trust


def test_turn_quads_keeps_the_text_top_left_first() -> None:
    shape = (100, 200)
    q = _rect(10, 20, 60, 30)
    (flipped,) = turn_quads([q], shape, 180)
    assert flipped[0] == (199 - 60, 99 - 30)  # old bottom right is the new top left
    for rotation in (90, 270):
        (turned,) = turn_quads([q], shape, rotation)
        back = turn_quads([turned], (200, 100), (360 - rotation) % 360)[0]
        assert np.allclose(back, q)


def test_place_box_follows_turn_and_deskew() -> None:
    shape = (100, 200)
    assert place_box((10, 20, 60, 30), shape, 0, 0.0) == (10, 20, 60, 30)
    x0, y0, x1, y1 = place_box((10, 20, 60, 30), shape, 90, 0.0)
    assert (x1 - x0, y1 - y0) == (10, 50)  # a sideways box stands up
    centred = place_box((90, 40, 110, 60), shape, 0, 5.0)  # the centre does not move
    assert centred == pytest.approx((90, 40, 110, 60))


def test_tighten_trims_to_the_ink_rows() -> None:
    crop = np.full((30, 200), 255, np.uint8)
    crop[6:25, 10:190:6] = 0  # strokes on rows 6 to 24
    out = tighten(crop, margin=2)
    assert out.shape[0] == 23
    thin = np.full((40, 200), 255, np.uint8)
    thin[19:21, 10:70] = 0  # a dash: kept at 60 % of the box, centred
    assert tighten(thin, margin=0).shape[0] == 24
    blank = np.full((40, 200), 255, np.uint8)
    assert tighten(blank).shape == blank.shape
    ruled = crop.copy()
    ruled[2, :] = 0  # a table rule the box grazed does not count as text
    assert tighten(ruled, margin=2).shape[0] == 23


def test_crop_quad_straightens_and_lays_tall_lines_flat() -> None:
    img = np.full((300, 300), 255, np.uint8)
    img[50:250, 100:130] = 0
    crop = crop_quad(img, _rect(95, 45, 135, 255))
    assert crop.shape[1] > crop.shape[0]  # turned to lie flat for the recogniser


def test_to_simplified_maps_traditional_forms() -> None:
    assert to_simplified("退休后隨子女異地安置") == "退休后随子女异地安置"
    assert to_simplified("广东省广州市 0351") == "广东省广州市 0351"


@pytest.mark.parametrize("angle", [0.0, 1.5, -3.0, 6.0])
def test_text_skew_recovers_angle(angle: float) -> None:
    page = scan_noise(text_page())
    found = text_skew(remove_seal_ink(rotate_bound(page, angle)))
    assert found == pytest.approx(angle, abs=0.4)


@pytest.mark.slow
@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_find_upright_on_real_detector(rotation: int, tmp_path_factory: pytest.TempPathFactory) -> None:
    from extract.engines import load_engines
    from extract.orient import find_upright
    from extract.types import LineOcrEngine
    from kernel.settings import Settings

    engines = load_engines(Settings(home=tmp_path_factory.mktemp("home")))
    assert isinstance(engines.ocr, LineOcrEngine)
    page = remove_seal_ink(scan_noise(text_page()))
    scanned = turn(rotate_bound(page, 1.5), (360 - rotation) % 360)
    up = find_upright(scanned, engines.ocr, engines.flip)
    assert up.rotation == rotation
    assert up.skew == pytest.approx(1.5, abs=0.5)
