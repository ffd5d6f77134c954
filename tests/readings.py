"""Hand-built page readings for field-extraction tests: OCR lines placed by hand, no models.

A line's width follows its characters (CJK one em, ASCII about half), so label and
value geometry is what a detector would report for printed text of that size.
"""

from __future__ import annotations

import numpy as np

from extract.fields import extract_fields
from extract.types import PageReading, SealFound, TextLine
from filingdesk.domain import DocType
from filingdesk.settings import Settings

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
