"""Page geometry and ink clean-up on rendered pages with known rotation and skew."""

from __future__ import annotations

import numpy as np
import pytest
from test_preprocess_render import draw_seal, rotate_bound, scan_noise, text_page

from extract.engines.orientation import FlipClassifier, find_flip_model
from extract.preprocess import (
    deskew,
    detect_orientation,
    estimate_skew,
    page_transform,
    turn,
    upright,
)
from extract.seal_ink import is_colour, remove_seal_ink
from kernel.reading import Image


@pytest.fixture(scope="module")
def page() -> np.ndarray:
    img = text_page()
    draw_seal(img, (1100, 1500), 160)
    return scan_noise(img)


@pytest.fixture(scope="module")
def flip() -> FlipClassifier:
    path = find_flip_model(None)
    assert path is not None, "text-line classifier model not installed"
    return FlipClassifier(path)


@pytest.mark.parametrize("angle", [0.0, 1.2, -3.0, 6.5, -9.0])
def test_deskew_recovers_angle(page: np.ndarray, angle: float) -> None:
    skewed = rotate_bound(page, angle)
    assert abs(estimate_skew(skewed) - angle) <= 0.5
    straight, found = deskew(skewed)
    assert abs(found - angle) <= 0.5 if abs(angle) > 0.5 else abs(found) <= 0.5
    assert abs(estimate_skew(straight)) <= 0.5


def test_remove_seal_ink_whitens_red_keeps_black() -> None:
    img: Image = np.full((200, 400, 3), 245, np.uint8)
    img[40:80, 20:200] = (20, 20, 20)  # black toner
    img[120:160, 20:200] = (40, 40, 210)  # seal red
    img[120:160, 220:380] = (150, 150, 235)  # faded seal
    img[40:80, 220:380] = (150, 60, 40)  # blue pen
    assert is_colour(img)
    out = remove_seal_ink(img)
    assert out.ndim == 2
    assert out[60, 100] < 60 and out[60, 300] < 90  # black and blue stay dark
    assert out[140, 100] > 230 and out[140, 300] > 230 and out[10, 10] > 240  # red and paper go white


def test_remove_seal_ink_clears_every_seal_of_a_full_page_and_only_there() -> None:
    """Two seals far apart on a 200-dpi page, one over black text: both vanish, the text under
    the seal and the text elsewhere stay dark, and a thin red pen stroke is removed too."""
    img: Image = np.full((2339, 1654, 3), 243, np.uint8)
    img[300:330, 100:1500] = (25, 25, 25)  # a printed line
    img[1900:1930, 1000:1500] = (25, 25, 25)  # a line the second seal is stamped over
    for cx, cy in ((300, 600), (1250, 1910)):
        yy, xx = np.ogrid[:2339, :1654]
        ring = np.abs(np.hypot(xx - cx, yy - cy) - 110) < 8
        img[ring] = (40, 30, 170)  # dark red: only the hard curve of the blend whitens it
    img[1200:1203, 200:900] = (40, 30, 170)  # a 3 px red stroke, about one sampling step
    out = remove_seal_ink(img)
    assert out[600, 300 - 110] > 225 and out[1910, 1250 + 110] > 225  # both rings gone
    assert out[1201, 500] > 225  # the thin stroke as well
    assert out[1915, 1200] < 80 and out[315, 800] < 80  # text under the seal and elsewhere stays
    assert out[50, 50] > 235


def test_remove_seal_ink_gray_page_is_plain_gray() -> None:
    img: Image = np.full((50, 50, 3), 128, np.uint8)
    assert not is_colour(img)
    assert int(remove_seal_ink(img)[0, 0]) == 128


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_orientation_of_turned_page(page: np.ndarray, flip: FlipClassifier, rotation: int) -> None:
    scanned = turn(rotate_bound(page, 2.0), (360 - rotation) % 360)  # page scanned turned by -rotation
    assert detect_orientation(scanned, flip=flip) == rotation


def test_upright_composes(page: np.ndarray, flip: FlipClassifier) -> None:
    scanned = turn(rotate_bound(page, -4.0), 90)
    img, rotation, skew = upright(scanned, flip=flip)
    assert rotation == 270 and abs(skew + 4.0) <= 0.5
    assert img.shape[:2] == page.shape[:2]


def test_page_transform_maps_points() -> None:
    shape = (300, 200)
    for rotation in (0, 90, 180, 270):
        marker = np.zeros(shape, np.uint8)
        marker[50, 30] = 255
        turned = turn(marker, rotation)
        ys, xs = np.nonzero(turned)
        m = page_transform(shape, rotation, 0.0, 1.0)
        x, y, _ = m @ np.array([30.0, 50.0, 1.0])
        assert (round(x), round(y)) == (int(xs[0]), int(ys[0]))
