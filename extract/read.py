"""Read one page: flatten a photo, upright, deskew, find seals on colour, OCR the seal-free page.

This is the only place that strings the page steps together, in the order the
measurements in OCR-NOTES ask for: seals are found on the colour image (their
red is the best evidence), text is read from the red-channel image where the
seals have vanished (lines under seals survive), and every box is reported in
pixels of the one upright image kept on the result for the field extractor's
ink checks. PDF pages with a text layer skip OCR: their words are exact.

With a two-stage engine (detector and recogniser callable apart) the detector's
boxes also decide orientation and skew (``extract.orient``), so an upright page
costs no more than plain OCR; other engines get the geometric pass of
``extract.preprocess`` first.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, TypeVar

import numpy as np

from extract.engines.lines import carried
from extract.frame import resize_matrix, source_frame, upright_matrix
from extract.orient import find_level, place_box, read_upright
from extract.preprocess import (
    WORK_SIDE,
    detect_orientation,
    downscale,
    page_transform,
    turn,
    upright,
)
from extract.rectify import flatten
from extract.seal_ink import remove_seal_ink
from extract.sheet_frame import keep_sheet_frame, stamp_frame
from extract.turned_cards import second_look
from extract.types import LineOcrEngine
from extract.under_seal import read_under_seals
from extract.unread_ink import read_unread_ink
from extract.unsure_lines import reread_unsure
from kernel.reading import Image, PageReading, SealFound, TextLine

if TYPE_CHECKING:
    from extract.engines import Engines
    from kernel.inputs import SourcePage
    from kernel.settings import Settings

_T = TypeVar("_T")


def transform_lines(lines: list[TextLine], matrix: np.ndarray) -> list[TextLine]:
    """Carry text-layer lines (input pixels) onto the upright image with a 3x3 page transform."""
    return carried(lines, matrix, outline=True)


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

    ``timings`` (optional) receives seconds per step, for the benchmark; the reading carries
    a copy too (``PageReading.timings``), which the queue stores for the stage histograms.
    """
    t: dict[str, float] = timings if timings is not None else {}
    t0 = time.perf_counter()
    work, scale = downscale(page.image, WORK_SIDE)
    to_work = resize_matrix(page.image.shape, work.shape)  # input page → ``work``, kept up with it
    dpi = page.dpi * scale
    colour: Image | None = None
    if page.text_lines is None:
        work, warp = flatten(work)
        if warp is not None:
            dpi = 0.0  # the photo's resolution says nothing about the sheet: sized as A4
            to_work = warp @ to_work
    shape = work.shape
    if page.text_lines is not None:
        work, lines, rotation, skew = _text_layer(page, work, scale, engines)
        to_work = upright_matrix(shape, rotation, skew) @ to_work
        t["upright"] = time.perf_counter() - t0
        seals = _timed(t, "seals", lambda: _detect_seals(engines, work, dpi))
        t["ocr"] = 0.0
    elif isinstance(engines.ocr, LineOcrEngine):
        colour = work
        work, lines, rotation, skew, seals = _by_lines(engines.ocr, engines, work, dpi, t)
        to_work = upright_matrix(shape, rotation, skew) @ to_work
    else:
        work, rotation, skew = upright(work, flip=engines.flip, ocr=engines.ocr)
        to_work = upright_matrix(shape, rotation, skew, WORK_SIDE) @ to_work
        t["upright"] = time.perf_counter() - t0
        seals = _timed(t, "seals", lambda: _detect_seals(engines, work, dpi))
        lines = _timed(t, "ocr", lambda: engines.ocr.read(remove_seal_ink(work)))
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
        from_text_layer=page.text_lines is not None,
        image=work,
        colour=colour,
        timings=dict(t),
        frame=source_frame(page.image.shape, to_work, page.dpi),
    )


def _timed(t: dict[str, float], key: str, step: Callable[[], _T]) -> _T:
    start = time.perf_counter()
    out = step()
    t[key] = t.get(key, 0.0) + time.perf_counter() - start
    return out


def _text_layer(
    page: SourcePage, work: Image, scale: float, engines: Engines
) -> tuple[Image, list[TextLine], int, float]:
    """Digital PDF text is exact and placed upright; only a page stored turned needs turning."""
    rotation = 0
    if _sideways(page.text_lines or []):
        fallback = None if engines.flip else engines.ocr
        rotation = detect_orientation(work, flip=engines.flip, ocr=fallback)
        work = turn(work, rotation)
    matrix = page_transform(page.image.shape, rotation, 0.0, scale)
    return work, transform_lines(page.text_lines or [], matrix), rotation, 0.0


def _by_lines(
    ocr: LineOcrEngine, engines: Engines, work: Image, dpi: float, t: dict[str, float]
) -> tuple[Image, list[TextLine], int, float, list[SealFound]]:
    """Straighten and detect on the seal-free page, turn by the boxes, recognise from the same boxes.

    Seals are found on the colour page as scanned (turning and rotating a colour
    page costs ~30 ms) and their boxes carried over; the page kept for ticks and
    signatures is the straight, upright, seal-free gray one, where red ink can
    no longer be mistaken for a tick or a signature.
    """
    start = time.perf_counter()
    level = find_level(remove_seal_ink(work), ocr)
    t["upright"] = time.perf_counter() - start
    # the seals' ring text is read right after the page's lines, while the recogniser's weights
    # are still in the CPU's cache (read between the other steps, a ring cost about twice as much)
    seals = _timed(t, "seals", lambda: _detect_seals(engines, work, dpi, level.rotation, False))
    up = _timed(t, "ocr", lambda: read_upright(level, ocr, engines.flip))
    # a sheet of card copies keeps the sheet's way up, its cards' lines placed upright on it
    up = keep_sheet_frame(up)
    seals = _timed(t, "seals", lambda: _ring_texts(engines, work, seals, up.rotation))
    seals = [replace(s, box=place_box(s.box, work.shape, up.rotation, up.skew)) for s in seals]
    # and turned over where a stamp pressed on the sheet reads upside down
    up, seals = _timed(t, "ocr", lambda: stamp_frame(up, seals, ocr))
    # a card copied turned against the rest of the sheet is read again, its own way up
    lines = _timed(t, "ocr", lambda: second_look(up.image, up.lines, up.quads, ocr))
    # the lines printed under a seal, from a crop around it (the second look)
    lines = _timed(t, "ocr", lambda: read_under_seals(up.image, lines, seals, ocr))
    # and a line of ink the detector passed over, from a crop of its own
    lines = _timed(t, "ocr", lambda: read_unread_ink(up.image, lines, seals, ocr))
    # and the lines it read unsurely, once more by a second recogniser
    lines = _timed(t, "ocr", lambda: reread_unsure(up.image, lines, engines.second))
    return up.image, lines, up.rotation, up.skew, seals


def _detect_seals(
    engines: Engines, image: np.ndarray, dpi: float, rotation: int = 0, read_text: bool = True
) -> list[SealFound]:
    """Seals on the page, with their ring text when ``read_text`` (else read later: ``_ring_texts``)."""
    return engines.seals.detect(image, ocr=engines.ocr if read_text else None, dpi=dpi, rotation=rotation)


def _ring_texts(engines: Engines, image: Image, seals: list[SealFound], rotation: int) -> list[SealFound]:
    return engines.seals.with_ring_text(image, seals, engines.ocr, rotation)
