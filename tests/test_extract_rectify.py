"""Phone photos are flattened to the sheet; scans, whatever is printed on them, are left alone."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from test_preprocess_render import scan_noise, text_page

from extract.rectify import find_sheet, rectify


def photographed(page: np.ndarray, corners: list[tuple[float, float]], frame: tuple[int, int]) -> np.ndarray:
    """``page`` warped onto a dark, textured desk of ``frame`` (w, h) with its corners at ``corners``."""
    h, w = page.shape[:2]
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    m = cv2.getPerspectiveTransform(src, np.array(corners, np.float32))
    desk = (60.0, 55.0, 50.0)
    out = cv2.warpPerspective(page, m, frame, borderMode=cv2.BORDER_CONSTANT, borderValue=desk)
    noise = np.random.default_rng(3).normal(0, 5, out.shape)
    return np.asarray(np.clip(np.asarray(out, np.float64) + noise, 0, 255), np.uint8)


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    return scan_noise(text_page())


def test_sheet_on_a_desk_is_found_and_flattened(page: np.ndarray) -> None:
    corners = [(210.0, 160.0), (1490.0, 230.0), (1560.0, 2050.0), (150.0, 1980.0)]
    photo = photographed(page, corners, (1700, 2250))
    found = find_sheet(photo)
    assert found is not None
    assert np.abs(found - np.array(corners)).max() <= 12  # pixels, on a 2250 px frame
    flat, done = rectify(photo)
    assert done
    h, w = flat.shape[:2]
    assert abs(h / w - page.shape[0] / page.shape[1]) < 0.05
    assert flat[h // 2, 5:40].mean() > 150  # paper to the edge: the desk is gone


def test_scan_is_left_alone(page: np.ndarray) -> None:
    flat, done = rectify(page)
    assert not done and flat is page


def test_scan_with_a_dark_photo_printed_on_it_is_left_alone(page: np.ndarray) -> None:
    copy = page.copy()
    copy[300:1100, 200:1400] = (40, 40, 40)  # an ID card copy: a dark area inside the sheet
    assert find_sheet(copy) is None


def test_scan_with_dark_lid_showing_at_one_edge_is_left_alone(page: np.ndarray) -> None:
    copy = page.copy()
    copy[:, -40:] = (30, 30, 30)  # a sheet narrower than the scanner bed, the lid dark
    assert find_sheet(copy) is None
