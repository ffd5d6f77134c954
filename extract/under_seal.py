"""Lines printed under a seal, read again from a crop around the seal: the second look.

A seal pressed over the issuer's name and the date is where certificates lose
their issue date: on the whole page the ring and the star disturb the detector
(a date line under a gray seal is often not found at all) and the recogniser
drops the character the ring crosses (2026 read 202). Cut out on its own, the
seal and the text beside it fill the detector's input at several times the
page's scale, and lines come back whole more often. A reading of the crop joins
the page's lines where the page has none at that place, and replaces the page's
reading of that place where it holds more characters (ink crossing a character
makes a recogniser drop it far more often than invent one). A line found wholly
inside the seal is taken only when it is a date: otherwise it is an arc of the
ring text or the seal's own words (业务专用章), not a line of the page.
"""

from __future__ import annotations

import re

import numpy as np

from extract.engines.lines import carried, sort_lines
from extract.normalize import find_dates
from extract.types import OcrEngine
from kernel.reading import Image, PixelBox, SealFound, TextLine

SIDE_MARGIN = 1.0  # the crop reaches this many seal widths beyond each side (the line goes on)
TOP_MARGIN = 0.15  # and this many seal heights above and below (a line half under the rim)
MIN_CONFIDENCE = 0.8
MIN_CHARS = 3
MAX_SEALS = 3  # a page's seals read again at most (each costs a detection and recognitions)
_WORD = re.compile(r"[\u4e00-\u9fff0-9A-Za-z]")
_DIGIT = re.compile(r"[0-9]")


def read_under_seals(
    image: Image, lines: list[TextLine], seals: list[SealFound], ocr: OcrEngine
) -> list[TextLine]:
    """``lines`` with the lines under each seal read again from a crop around it."""
    if not seals:
        return lines
    out = list(lines)
    page_dated = any(find_dates(ln.text) for ln in lines)
    for seal in sorted(seals, key=lambda s: -_area(s.box))[:MAX_SEALS]:
        if not _date_lost(out, _window(image, seal), page_dated):
            continue
        crop, found_lines = _crop_lines(image, seal, ocr)
        for found in found_lines:
            out = _merged(out, found, crop)
    return sort_lines(out) if out != lines else lines


def _crop_lines(image: Image, seal: SealFound, ocr: OcrEngine) -> tuple[PixelBox, list[TextLine]]:
    """The crop around ``seal`` and its confident lines that cross the seal, in page pixels."""
    crop = _window(image, seal)
    cx0, cy0, cx1, cy1 = (round(v) for v in crop)
    if cx1 - cx0 < 8 or cy1 - cy0 < 8:
        return crop, []
    read = ocr.read(image[cy0:cy1, cx0:cx1])
    placed = carried(read, np.array([[1.0, 0, cx0], [0, 1.0, cy0], [0, 0, 1]]))
    return crop, [
        ln
        for ln in placed
        if ln.confidence >= MIN_CONFIDENCE
        and len(_WORD.findall(ln.text)) >= MIN_CHARS
        and _overlap(ln.box, seal.box)
        and (not _inside(ln.box, seal.box) or find_dates(ln.text))
    ]


def _window(image: Image, seal: SealFound) -> PixelBox:
    """The crop read around ``seal``: the lines it is pressed on run out beyond its sides."""
    x0, y0, x1, y1 = seal.box
    h, w = image.shape[:2]
    side, top = SIDE_MARGIN * (x1 - x0), TOP_MARGIN * (y1 - y0)
    return (max(0.0, x0 - side), max(0.0, y0 - top), min(float(w), x1 + side), min(float(h), y1 + top))


def _date_lost(lines: list[TextLine], window: PixelBox, page_dated: bool) -> bool:
    """Whether the seal may hide a date the page read lost, which is what a crop costs a read for.

    So when digits near the seal make no whole date (202年4月13日, 07.2), or when the page has no
    date at all (a certificate's only date is the one its seal is pressed on). Not when a whole date
    was read there, nor for a form's stamp over its blank 年 月 日 on a page dated elsewhere.
    """
    near = [ln for ln in lines if _overlap(ln.box, window)]
    if any(find_dates(ln.text) for ln in near):
        return False
    return not page_dated or any(_DIGIT.search(ln.text) for ln in near)


def _inside(line: PixelBox, seal: PixelBox) -> bool:
    """Wholly within the seal: its ring text, its own words (专用章) or a date printed under it.

    Only the date is taken: the other two are the seal's, not the page's.
    """
    return line[0] >= seal[0] and line[2] <= seal[2] and line[1] >= seal[1] and line[3] <= seal[3]


def _merged(lines: list[TextLine], found: TextLine, crop: PixelBox) -> list[TextLine]:
    """``lines`` with ``found`` in place of the page's reading of its place, where it reads more."""
    same = [ln for ln in lines if _same_place(ln.box, found.box)]
    if not same:
        return [*lines, found]
    if any(ln.box[0] < crop[0] - 2 or ln.box[2] > crop[2] + 2 for ln in same):
        return lines  # the page's line runs on beyond the crop: the crop holds part of it
    if len(_WORD.findall(found.text)) <= sum(len(_WORD.findall(ln.text)) for ln in same):
        return lines
    return [ln for ln in lines if ln not in same] + [found]


def _same_place(a: PixelBox, b: PixelBox) -> bool:
    """Two boxes on one text line (half the lower one's height shared) that meet side by side."""
    dy = min(a[3], b[3]) - max(a[1], b[1])
    dx = min(a[2], b[2]) - max(a[0], b[0])
    return dy >= 0.5 * min(a[3] - a[1], b[3] - b[1]) and dx > 0


def _overlap(a: PixelBox, b: PixelBox) -> bool:
    return min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])


def _area(box: PixelBox) -> float:
    return (box[2] - box[0]) * (box[3] - box[1])
