"""Ink on the page image: pen and toner strokes (not red seal ink), and handwriting in a signing area.

A signature is "present" when the signing area holds handwriting: OCR text that is
not a label, or dark non-red strokes outside the printed text lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import cv2
import numpy as np

from extract.preprocess import u8
from kernel.reading import Image, PixelBox, TextLine

INK_LEVEL = 150  # gray level below which a pixel is pen or toner (a pale form's print is above it)


def ink_mask(image: Image) -> np.ndarray:
    """Dark, non-red pixels: pen and toner, not the red seal ink."""
    if image.ndim == 2:
        return image < INK_LEVEL
    b, g, r = (image[:, :, i].astype(np.int16) for i in range(3))
    gray = 0.299 * r + 0.587 * g + 0.114 * b
    red = (r - np.maximum(g, b)) > 50
    return (gray < INK_LEVEL) & ~red


def outline_mask(image: Image) -> np.ndarray:
    """Strokes clearly darker than the paper around them (a local mean), for finding box frames.

    A fixed level misses the faint frames of a washed-out gray scan (paper 190,
    frame 165); ink *amounts* are still measured with the fixed level, so that a
    faint frame does not count as a tick.
    """
    if image.size == 0:
        return np.zeros(image.shape[:2], bool)
    gray = image if image.ndim == 2 else u8(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY))
    paper = float(np.percentile(gray, 90))
    local = cv2.blur(gray, (15, 15), borderType=cv2.BORDER_REPLICATE).astype(np.int16)
    darker = gray.astype(np.int16) < local - max(12.0, 0.08 * paper)
    return darker | ink_mask(image)


def ink_density(image: Image, box: PixelBox) -> float:
    """Fraction of dark non-red pixels inside a box (clipped to the image)."""
    h, w = image.shape[:2]
    x0, y0 = max(0, int(box[0])), max(0, int(box[1]))
    x1, y1 = min(w, int(box[2])), min(h, int(box[3]))
    if x1 <= x0 or y1 <= y0:
        return 0.0
    return float(ink_mask(image[y0:y1, x0:x1]).mean())


# What printed text in a signing area is made of; a reading with neither is a scrawl's guess.
_PRINTED = re.compile(r"[\u4e00-\u9fff0-9]")
_LABELISH = re.compile(r"(签字|签名|签章|日期|年|月|日|盖章|申请人|本人|[:：])")


def signature_present(
    region: PixelBox, lines: Sequence[TextLine], image: Image | None, exclude: Sequence[int] = ()
) -> tuple[bool, float]:
    """Whether handwriting fills a signing region, and how sure.

    OCR text in the region that is not a label or a date counts as a signed name;
    otherwise ink outside the printed text lines is measured on the image.
    """
    inside = [
        i
        for i, ln in enumerate(lines)
        if i not in exclude and region[0] <= ln.cx <= region[2] and region[1] <= ln.cy <= region[3]
    ]
    for i in inside:
        text = re.sub(r"[\s()（）:：]", "", lines[i].text)
        if re.search(r"[\u4e00-\u9fff]{2,}", text) and not _LABELISH.search(text):
            return True, min(0.95, 0.6 + 0.35 * lines[i].confidence)
    if image is None:
        return False, 0.6
    H, W = image.shape[:2]
    x0, y0 = max(0, int(region[0])), max(0, int(region[1]))
    x1, y1 = min(W, int(region[2])), min(H, int(region[3]))
    if x1 - x0 < 4 or y1 - y0 < 4:
        return False, 0.5
    mask = ink_mask(image[y0:y1, x0:x1]).copy()
    for i in inside:
        text = lines[i].text
        if (lines[i].confidence < 0.6 or not _PRINTED.search(text)) and not _LABELISH.search(text):
            continue  # OCR's guess at a scrawl ("v", 0.15; ">>", 0.61): the strokes are the signature
        b = lines[i].box
        ty0, ty1 = max(0, int(b[1]) - y0 - 2), max(0, int(b[3]) - y0 + 2)
        tx0, tx1 = max(0, int(b[0]) - x0 - 2), max(0, int(b[2]) - x0 + 2)
        mask[ty0:ty1, tx0:tx1] = False
    # ruled lines are long straight runs: drop rows/columns that are mostly ink
    mask[mask.mean(axis=1) > 0.5, :] = False
    mask[:, mask.mean(axis=0) > 0.5] = False
    density = float(mask.mean())
    if density > 0.004:
        return True, min(0.9, 0.65 + density * 20)
    return False, 0.8 if density < 0.001 else 0.6
