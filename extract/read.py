"""Read one page: upright, deskew, find seals on colour, OCR the seal-free page.

This is the only place that strings the page steps together, in the order the
measurements in OCR-NOTES ask for: seals are found on the colour image (their
red is the best evidence), text is read from the red-channel image where the
seals have vanished (lines under seals survive), and every box is reported in
pixels of the one upright image kept on the result for the field extractor's
ink checks. PDF pages with a text layer skip OCR: their words are exact.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

import numpy as np

from extract.preprocess import (
    WORK_SIDE,
    detect_orientation,
    downscale,
    page_transform,
    remove_seal_ink,
    turn,
    upright,
)
from extract.seals import ColorShapeSealDetector
from extract.types import PageReading, SealFound, TextLine

if TYPE_CHECKING:
    from extract.engines import Engines
    from filingdesk.settings import Settings
    from ingest.types import SourcePage


def transform_lines(lines: list[TextLine], matrix: np.ndarray) -> list[TextLine]:
    """Carry text-layer lines (input pixels) onto the upright image with a 3x3 page transform."""
    out: list[TextLine] = []
    for line in lines:
        pts = line.polygon or (
            (line.box[0], line.box[1]),
            (line.box[2], line.box[1]),
            (line.box[2], line.box[3]),
            (line.box[0], line.box[3]),
        )
        arr = np.hstack([np.asarray(pts, np.float64), np.ones((len(pts), 1))]) @ matrix.T
        poly = tuple((float(x), float(y)) for x, y in arr[:, :2])
        xs, ys = arr[:, 0], arr[:, 1]
        box = (float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()))
        out.append(TextLine(text=line.text, box=box, confidence=line.confidence, polygon=poly))
    return out


def _sideways(lines: list[TextLine]) -> bool:
    """Text-layer words mostly taller than wide: the PDF page is stored turned."""
    long = [ln for ln in lines if len(ln.text) >= 3]
    if not long:
        return False
    tall = sum(1 for ln in long if ln.box[3] - ln.box[1] > ln.box[2] - ln.box[0])
    return tall > len(long) / 2


def read_page(
    page: SourcePage, engines: Engines, settings: Settings, timings: dict[str, float] | None = None
) -> PageReading:
    """Everything read from one page, boxes in pixels of the upright (downscaled) image.

    ``timings`` (optional) receives seconds per step, for the benchmark.
    """
    t: dict[str, float] = timings if timings is not None else {}
    t0 = time.perf_counter()
    work, scale = downscale(page.image, WORK_SIDE)
    text_layer = page.text_lines is not None
    fallback_ocr = None if engines.flip else engines.ocr
    skew = 0.0
    if not text_layer:
        work, rotation, skew = upright(work, flip=engines.flip, ocr=fallback_ocr)
    elif _sideways(page.text_lines or []):
        rotation = detect_orientation(work, flip=engines.flip, ocr=fallback_ocr)
        work = turn(work, rotation)
    else:
        rotation = 0  # digital PDF text is placed upright and straight: nothing to detect
    t["upright"] = time.perf_counter() - t0

    t1 = time.perf_counter()
    seals = _detect_seals(engines, work, page.dpi * scale)
    t["seals"] = time.perf_counter() - t1

    t2 = time.perf_counter()
    if text_layer:
        matrix = page_transform(page.image.shape, rotation, skew, scale)
        lines = transform_lines(page.text_lines or [], matrix)
    else:
        lines = engines.ocr.read(remove_seal_ink(work))
    t["ocr"] = time.perf_counter() - t2
    t["total"] = time.perf_counter() - t0
    h, w = work.shape[:2]
    return PageReading(
        page=page.page,
        width=w,
        height=h,
        lines=lines,
        seals=seals,
        rotation=rotation,
        skew=round(skew, 2),
        from_text_layer=text_layer,
        image=work,
    )


def _detect_seals(engines: Engines, image: np.ndarray, dpi: float) -> list[SealFound]:
    """Our detector also reads ring text with the OCR engine; other detectors get the Protocol call."""
    if isinstance(engines.seals, ColorShapeSealDetector):
        return engines.seals.detect(image, ocr=engines.ocr, dpi=dpi)
    return engines.seals.detect(image)
