"""Hand-built page readings for field-extraction tests: OCR lines placed by hand, no models.

A line's width follows its characters (CJK one em, ASCII about half), so label and
value geometry is what a detector would report for printed text of that size.
"""

from __future__ import annotations

import cv2
import numpy as np

from extract.fields import extract_fields
from kernel.domain import DocType
from kernel.reading import PageReading, SealFound, TextLine
from kernel.settings import Settings

SETTINGS = Settings(low_confidence=0.80)
W, H = 1600, 2200


def ln(text: str, x: float, y: float, h: float = 40, conf: float = 0.98, w: float | None = None) -> TextLine:
    """A line at (x, y) of height ``h``; its width from its characters unless ``w`` is given."""
    width = w if w is not None else sum(h if ord(c) > 0x2E80 else 0.55 * h for c in text)
    return TextLine(text, (x, y, x + width, y + h), conf)


def page(
    lines: list[TextLine], image: np.ndarray | None = None, seals: list[SealFound] | None = None
) -> PageReading:
    """Page 1 of W x H pixels holding ``lines`` (and an image for ink checks, seals)."""
    return PageReading(page=1, width=W, height=H, lines=lines, seals=seals or [], image=image)


def values(doc_type: DocType, reading: PageReading) -> dict[str, object]:
    """The extracted fields' values, by key."""
    return {k: v.value for k, v in extract_fields(doc_type, [reading], SETTINGS).items()}


def blank() -> np.ndarray:
    """A white W x H page image (BGR)."""
    return np.full((H, W, 3), 255, np.uint8)


def grid(img: np.ndarray, rows: list[int], cols: list[int]) -> np.ndarray:
    """``img`` with a form's table ruled on it: lines at ``rows`` across, at ``cols`` down."""
    for y in rows:
        cv2.line(img, (cols[0], y), (cols[-1], y), (0, 0, 0), 3)
    for x in cols:
        cv2.line(img, (x, rows[0]), (x, rows[-1]), (0, 0, 0), 3)
    return img
