"""Lines printed under a seal are read again from a crop around it (``extract.under_seal``).

Stub readers hand back chosen lines in the crop's own pixels, so the merge is tested exactly:
a line the page lacked joins it, a fuller reading replaces a clipped one, the seal's own words
stay out, a line running on past the crop is kept. One slow test reads a drawn gray seal over a
date with the real models.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image as PILImage
from PIL import ImageDraw
from test_preprocess_render import SERIF, font

from extract.normalize import find_dates
from extract.under_seal import read_under_seals
from kernel.reading import Image, PixelBox, SealFound, TextLine

SEAL = SealFound(
    box=(800.0, 900.0, 1100.0, 1200.0),
    shape="round",
    color="gray",
    confidence=0.95,
    text="阳光社区居民委员会",
)
# the crop read around SEAL: one seal width each side, 0.15 of its height above and below
CROP_X0, CROP_Y0 = 500.0, 855.0


class _Reader:
    """Answers every crop with ``lines`` given in page pixels (moved into the crop's frame)."""

    name = "stub"

    def __init__(self, *lines: tuple[str, PixelBox]) -> None:
        self.lines = lines
        self.crops: list[tuple[int, int]] = []

    def read(self, image: Image) -> list[TextLine]:
        self.crops.append((image.shape[1], image.shape[0]))
        return [
            TextLine(text, (b[0] - CROP_X0, b[1] - CROP_Y0, b[2] - CROP_X0, b[3] - CROP_Y0), 0.97)
            for text, b in self.lines
        ]


PAGE = np.full((2339, 1654), 250, np.uint8)
BODY = TextLine("兹证明周玲梅同志现住济南市历城区和平里东街473号", (150.0, 500.0, 1450.0, 560.0), 0.99)


def test_a_date_line_the_page_lost_under_the_seal_joins_the_page() -> None:
    reader = _Reader(("2026年3月27日", (880.0, 1060.0, 1180.0, 1100.0)))
    got = read_under_seals(PAGE, [BODY], [SEAL], reader)
    assert reader.crops == [(900, 390)]
    added = [ln for ln in got if ln.text == "2026年3月27日"]
    assert len(added) == 1 and added[0].box == (880.0, 1060.0, 1180.0, 1100.0)  # back in page pixels
    assert BODY in got


def test_a_fuller_reading_replaces_the_page_reading_the_ring_clipped() -> None:
    clipped = TextLine("202年4月13日", (885.0, 1062.0, 1170.0, 1098.0), 0.99)
    reader = _Reader(("2026年4月13日", (880.0, 1060.0, 1180.0, 1100.0)))
    got = read_under_seals(PAGE, [BODY, clipped], [SEAL], reader)
    assert clipped not in got
    assert [ln.text for ln in got if ln.cy > 1000] == ["2026年4月13日"]
    assert find_dates("".join(ln.text for ln in got))[-1][0] == "2026-04-13"


def test_a_reading_with_fewer_characters_leaves_the_page_line() -> None:
    whole = TextLine("2026年4月13日", (885.0, 1062.0, 1170.0, 1098.0), 0.9)
    reader = _Reader(("026年4月13日", (880.0, 1060.0, 1180.0, 1100.0)))
    assert read_under_seals(PAGE, [BODY, whole], [SEAL], reader) == [BODY, whole]


def test_the_seals_own_words_inside_it_are_not_lines_of_the_page_but_a_date_is() -> None:
    reader = _Reader(
        ("业务专用章", (880.0, 1120.0, 1020.0, 1150.0)),  # the seal's horizontal words
        ("阳光社区居", (850.0, 920.0, 1050.0, 960.0)),  # an arc of its ring text
        ("2026年6月26日", (860.0, 1070.0, 1090.0, 1105.0)),  # printed under it, wholly inside
    )
    got = read_under_seals(PAGE, [BODY], [SEAL], reader)
    assert [ln.text for ln in got] == [BODY.text, "2026年6月26日"]


def test_a_page_line_running_on_past_the_crop_is_kept() -> None:
    long_line = TextLine(
        "历城区东湖街道阳光社区居民委员会（盖章）联系电话", (300.0, 1000.0, 1500.0, 1040.0), 0.95
    )
    reader = _Reader(("历城区东湖街道阳光社区居民委员会（盖章）联系", (500.0, 1000.0, 1400.0, 1040.0)))
    assert read_under_seals(PAGE, [BODY, long_line], [SEAL], reader) == [BODY, long_line]


def test_no_seal_reads_nothing() -> None:
    reader = _Reader(("2026年3月27日", (880.0, 1060.0, 1180.0, 1100.0)))
    assert read_under_seals(PAGE, [BODY], [], reader) == [BODY]
    assert reader.crops == []


def test_a_seal_over_a_whole_date_or_over_a_forms_blank_date_is_not_read_again() -> None:
    reader = _Reader(("2026年3月27日", (880.0, 1060.0, 1180.0, 1100.0)))
    read_whole = TextLine("2026年3月27日", (880.0, 1060.0, 1180.0, 1100.0), 0.99)
    assert read_under_seals(PAGE, [BODY, read_whole], [SEAL], reader) == [BODY, read_whole]
    # a form's stamp over its blank 年 月 日, the form dated elsewhere (填表日期)
    dated = TextLine("填表日期：2026年3月2日", (150.0, 300.0, 700.0, 340.0), 0.99)
    blank = TextLine("年  月  日", (900.0, 1060.0, 1180.0, 1100.0), 0.99)
    assert read_under_seals(PAGE, [dated, BODY, blank], [SEAL], reader) == [dated, BODY, blank]
    assert reader.crops == []


def _gray_seal_over_date() -> tuple[Image, SealFound]:
    """A gray page: a date line, and a gray ring seal pressed on it, its rim across the year."""
    im = PILImage.new("L", (1654, 2339), 245)
    d = ImageDraw.Draw(im)
    d.text((790, 975), "2026年6月26日", font=font(SERIF, 44), fill=25)
    page = np.array(im)
    ring = np.zeros_like(page)
    cv2.circle(ring, (1000, 1000), 170, (255,), 9)
    tile = PILImage.fromarray(ring)
    dt = ImageDraw.Draw(tile)
    for k, ch in enumerate("历城区东湖街道阳光社区"):
        angle = np.deg2rad(200 + k * 14)
        x, y = 1000 + 125 * np.cos(angle), 1000 + 125 * np.sin(angle)
        dt.text((x - 18, y - 18), ch, font=font(SERIF, 36), fill=255)
    mask = np.array(tile) > 0
    page[mask] = np.minimum(page[mask], 120)  # the seal's gray, darker than paper, lighter than toner
    return page, SealFound((828.0, 828.0, 1172.0, 1172.0), "round", "gray", 0.95, "历城区东湖街道阳光社区")


@pytest.mark.slow
def test_a_date_under_a_gray_seal_is_read_by_the_real_models(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    from extract.engines import load_engines
    from kernel.settings import Settings

    engines = load_engines(Settings(home=tmp_path_factory.mktemp("home")))
    page, seal = _gray_seal_over_date()
    got = read_under_seals(page, [BODY], [seal], engines.ocr)
    dates = [iso for ln in got for iso, _, _ in find_dates(ln.text)]
    assert dates == ["2026-06-26"]
