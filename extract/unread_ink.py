"""Lines of ink the text detector passed over, read again from a crop of their own.

The detector sees the whole page brought down to under a thousand pixels; a line
written in a thin hand-style font (a hospitals line filled in by a clerk's
printer, a pale pen) fades there below its threshold, and the whole line is lost
while the recogniser would read it well. Ink that no detected line, seal or rule
accounts for, shaped like a line of characters, is cut out and read at full
resolution; what reads as words joins the page's lines.
"""

from __future__ import annotations

import re
from statistics import median

import cv2
import numpy as np

from extract.engines.lines import carried, sort_lines
from extract.preprocess import u8
from extract.types import OcrEngine
from kernel.reading import Image, PixelBox, SealFound, TextLine

SCALE = 0.5  # the search for unread ink runs at half size
RULE_SHARE = 0.6  # a row or column of a stretch inked this much of its length is a rule
MIN_CHARS = 3  # an unread stretch at least this many line heights wide (a few characters)
HEIGHT = (0.6, 2.2)  # and this tall, in line heights
MIN_INK = 0.18  # share of a stretch's box that a row of characters inks (a signature's scrawl less)
MAX_CROPS = 4  # read again at most this many stretches a page (each costs a recognition)
MIN_CONFIDENCE = 0.8
_CJK = re.compile(r"[\u4e00-\u9fff]")


def read_unread_ink(
    image: Image, lines: list[TextLine], seals: list[SealFound], ocr: OcrEngine
) -> list[TextLine]:
    """``lines`` with the lines of words found in ink that no line or seal covers."""
    printed = [ln for ln in lines if len(_CJK.findall(ln.text)) >= 2]
    if len(printed) < 3:
        return lines  # a page of few words (a card, a blank side): nothing to go by
    height = median(ln.box[3] - ln.box[1] for ln in printed)
    found: list[TextLine] = []
    for x0, y0, x1, y1 in _unread_stretches(image, lines, seals, height)[:MAX_CROPS]:
        pad = round(0.4 * height)
        cx0, cy0 = max(0, x0 - pad), max(0, y0 - pad)
        crop = image[cy0 : y1 + pad, cx0 : x1 + pad]
        words = [
            ln for ln in ocr.read(crop) if ln.confidence >= MIN_CONFIDENCE and len(_CJK.findall(ln.text)) >= 2
        ]
        found += carried(words, np.array([[1.0, 0, cx0], [0, 1.0, cy0], [0, 0, 1]]))
    return sort_lines([*lines, *found]) if found else lines


def _unread_stretches(
    image: Image, lines: list[TextLine], seals: list[SealFound], height: float
) -> list[PixelBox]:
    """Boxes (page pixels) of line-shaped ink that no OCR line, seal or rule accounts for, widest first."""
    gray = image if image.ndim == 2 else u8(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY))
    small = u8(cv2.resize(gray, None, fx=SCALE, fy=SCALE, interpolation=cv2.INTER_AREA))
    ink = u8(cv2.adaptiveThreshold(small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 18))
    for box in [ln.box for ln in lines] + [s.box for s in seals]:
        x0, y0, x1, y1 = (round(v * SCALE) for v in box)
        ink[max(0, y0 - 2) : y1 + 3, max(0, x0 - 2) : x1 + 3] = 0
    h = height * SCALE
    # characters of a line joined into one stretch
    kernel = np.ones((max(3, round(0.3 * h)), max(3, round(1.2 * h))), np.uint8)
    joined = cv2.morphologyEx(ink, cv2.MORPH_CLOSE, kernel)
    n, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    rows, cols = ink.shape
    out: list[tuple[int, PixelBox]] = []
    for i in range(1, n):
        x, y, w, hh, _ = (int(v) for v in stats[i])
        if w < MIN_CHARS * h or hh < HEIGHT[0] * h or x == 0 or y == 0 or x + w >= cols or y + hh >= rows:
            continue  # too small, or at the page's edge (a shadow, the scanner's border)
        words = _without_rules(ink[y : y + hh, x : x + w])
        ys, xs = np.nonzero(words)
        if len(xs) < MIN_INK * w * hh:  # a scrawl's thin strokes, not a row of characters
            continue
        x0, x1, y0, y1 = x + int(xs.min()), x + int(xs.max()) + 1, y + int(ys.min()), y + int(ys.max()) + 1
        if not (HEIGHT[0] * h <= y1 - y0 <= HEIGHT[1] * h and x1 - x0 >= MIN_CHARS * h):
            continue
        box = (round(x0 / SCALE), round(y0 / SCALE), round(x1 / SCALE), round(y1 / SCALE))
        out.append((x1 - x0, box))
    return [b for _, b in sorted(out, key=lambda wb: -wb[0])]


def _without_rules(ink: Image) -> Image:
    """A stretch's ink without the rows and columns ink runs nearly all across (a rule, a cell's side)."""
    out = ink.copy()
    out[(ink > 0).mean(axis=1) > RULE_SHARE, :] = 0
    out[:, (ink > 0).mean(axis=0) > RULE_SHARE] = 0
    return out
