"""A line of ink the text detector passed over is cut out and read again (``extract.unread_ink``);
rules, a signature's scrawl and the page's border are no such line — drawn pages, a stub recogniser."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image as PILImage
from PIL import ImageDraw
from test_preprocess_render import SERIF, font

from extract.unread_ink import _unread_stretches, read_unread_ink
from kernel.reading import Image, TextLine

ROWS = [
    "参保人员姓名：王海",
    "身份证号码：330921197502158158",
    "参保类别：城乡居民基本医疗保险",
    "备案理由：与父母共同生活",
]


def _page(extra: str | None) -> tuple[Image, list[TextLine]]:
    """A gray page of printed rows (their OCR lines given) and, when ``extra``, one more row that no
    OCR line covers, written in a thin hand-style face."""
    im = PILImage.new("L", (1654, 2339), 250)
    d = ImageDraw.Draw(im)
    lines: list[TextLine] = []
    for i, text in enumerate(ROWS):
        y = 300 + 120 * i
        d.text((120, y), text, font=font(SERIF, 40), fill=20)
        x0, y0, x1, y1 = d.textbbox((120, y), text, font=font(SERIF, 40))
        lines.append(TextLine(text, (x0 - 4, y0 - 6, x1 + 4, y1 + 6), 0.99))
    if extra:
        d.text((120, 1200), extra, font=font(SERIF, 40), fill=90)
    d.line((100, 1400, 1550, 1400), fill=30, width=3)  # a rule
    page = np.array(im)
    # a signature's scrawl: a thin wavy stroke
    pts = np.array([(300 + 8 * k, 1600 + int(18 * np.sin(k / 3))) for k in range(40)], np.int32)
    cv2.polylines(page, [pts], False, (40,), 2)
    return page, lines


class _Recogniser:
    """Reads whatever it is handed as one line, and records the crops it was handed."""

    name = "stub"

    def __init__(self, text: str) -> None:
        self.text = text
        self.crops: list[tuple[int, int]] = []

    def read(self, image: Image) -> list[TextLine]:
        h, w = image.shape[:2]
        self.crops.append((w, h))
        return [TextLine(self.text, (10.0, 10.0, w - 10.0, h - 10.0), 0.95)]


def test_a_line_the_detector_missed_is_read_from_its_own_crop() -> None:
    missed = "拟就诊医院：大同市第三人民医院；大同市第五人民医院"
    page, lines = _page(missed)
    stretches = _unread_stretches(page, lines, [], 48.0)
    assert len(stretches) == 1
    x0, y0, x1, y1 = stretches[0]
    assert 100 <= x0 <= 140 and 1180 <= y0 <= 1215 and y1 <= 1270 and x1 >= 1000
    ocr = _Recogniser(missed)
    got = read_unread_ink(page, lines, [], ocr)
    added = [ln for ln in got if ln.text == missed]
    assert len(added) == 1 and len(got) == len(lines) + 1
    assert 1150 <= added[0].box[1] <= 1215  # placed back on the page, not in the crop's frame


def test_rules_a_scrawl_and_read_lines_give_nothing_to_read_again() -> None:
    page, lines = _page(None)
    assert _unread_stretches(page, lines, [], 48.0) == []
    ocr = _Recogniser("不该读")
    assert read_unread_ink(page, lines, [], ocr) == lines
    assert ocr.crops == []
