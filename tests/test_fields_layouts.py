"""Form layouts met on other provinces' forms: one unit test per general rule (no OCR models)."""

from __future__ import annotations

import cv2
import numpy as np

from extract.fields import extract_fields
from extract.types import PageReading, TextLine
from filingdesk.domain import DocType
from filingdesk.settings import Settings

SETTINGS = Settings(low_confidence=0.80)
W, H = 1600, 2200
DECL = DocType.DECLARATION_FORM


def ln(text: str, x: float, y: float, h: float = 40, conf: float = 0.98) -> TextLine:
    """A line whose width follows its character count (CJK one em, ASCII half)."""
    width = sum(h if ord(c) > 0x2E80 else 0.55 * h for c in text)
    return TextLine(text, (x, y, x + width, y + h), conf)


def page(lines: list[TextLine], image: np.ndarray | None = None) -> PageReading:
    return PageReading(page=1, width=W, height=H, lines=lines, seals=[], image=image)


def values(reading: PageReading) -> dict[str, object]:
    return {k: v.value for k, v in extract_fields(DECL, [reading], SETTINGS).items()}


def blank() -> np.ndarray:
    return np.full((H, W, 3), 255, np.uint8)


def grid(img: np.ndarray, rows: list[int], cols: list[int]) -> np.ndarray:
    for y in rows:
        cv2.line(img, (cols[0], y), (cols[-1], y), (0, 0, 0), 3)
    for x in cols:
        cv2.line(img, (x, rows[0]), (x, rows[-1]), (0, 0, 0), 3)
    return img


def test_stacked_cells_label_on_top_value_under_it() -> None:
    """Each ruled cell holds a small label at its top and the value under it: the cell to the
    right is the next field's (it opens with its own label), not this label's value."""
    img = grid(blank(), [200, 340, 480], [100, 600, 1100, 1500])
    lines = [
        ln("姓名", 110, 210, 30),
        ln("余红敏", 140, 270),
        ln("性别", 610, 210, 30),
        ln("女", 640, 270),
        ln("备案开始日期", 110, 350, 30),
        ln("2026年07月13日", 140, 410),
        ln("备案结束日期", 610, 350, 30),
        ln("2027年01月09日", 640, 410),
        ln("申请原因", 1110, 350, 30),
        ln("退休异地安置养老", 1120, 410),
    ]
    got = values(page(lines, img))
    assert got["name"] == "余红敏"
    assert got["gender"] == "female"
    assert got["start_date"] == "2026-07-13"
    assert got["end_date"] == "2027-01-09"
    assert got["reason"] == "退休异地安置养老"
