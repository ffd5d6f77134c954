"""Engine-independent glue between a text detector and a recogniser.

Every PP-OCR-style engine is "find line quadrilaterals, cut each out straight,
recognise the strips". Doing the cutting here (rather than inside a library's
pipeline call) lets the page code look at the quadrilaterals first (which way
the page is turned, how skewed it is) and then recognise from the same boxes,
so orientation costs no second detection pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from extract.preprocess import u8
from extract.simplify import to_simplified
from extract.types import LineOcrEngine
from kernel.reading import Image, Quad, TextLine


def as_bgr(image: Image) -> Image:
    """Engines want 3 channels; pages may be gray after seal-ink removal."""
    if image.ndim == 2:
        return u8(cv2.cvtColor(image, cv2.COLOR_GRAY2BGR))
    return image


def as_quad(points: Any) -> Quad:
    """Any (4, 2)-shaped corner list as a tuple of float pairs."""
    arr = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    return tuple((float(x), float(y)) for x, y in arr)


def quad_box(quad: Quad) -> tuple[float, float, float, float]:
    xs = [p[0] for p in quad]
    ys = [p[1] for p in quad]
    return (min(xs), min(ys), max(xs), max(ys))


def upright_corners(quad: Quad) -> npt.NDArray[np.float32]:
    """The quad's minimum-area rectangle, corners ordered top-left, top-right, bottom-right, bottom-left.

    Detectors return slightly irregular polygons; cutting along the fitted
    rectangle gives the recogniser a straight strip (as PP-OCR itself does).
    """
    rect = cv2.minAreaRect(np.asarray(quad, np.float32))
    pts = sorted((tuple(p) for p in cv2.boxPoints(rect)), key=lambda p: p[0])
    left = sorted(pts[:2], key=lambda p: p[1])
    right = sorted(pts[2:], key=lambda p: p[1])
    return np.array([left[0], right[0], right[1], left[1]], np.float32)


def crop_quad(image: Image, quad: Quad) -> Image:
    """The text line inside ``quad`` cut out and straightened; tall strips are turned to lie flat."""
    pts = upright_corners(quad)
    w = int(max(np.linalg.norm(pts[0] - pts[1]), np.linalg.norm(pts[2] - pts[3])))
    h = int(max(np.linalg.norm(pts[0] - pts[3]), np.linalg.norm(pts[1] - pts[2])))
    if w < 2 or h < 2:
        return u8(np.zeros((0, 0), np.uint8))
    dst = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    m = cv2.getPerspectiveTransform(pts, dst)
    out = cv2.warpPerspective(image, m, (w, h), borderMode=cv2.BORDER_REPLICATE, flags=cv2.INTER_CUBIC)
    if h / w >= 1.5:
        out = np.rot90(out)
    return u8(np.ascontiguousarray(out))


def tighten(crop: Image, margin: int = 2) -> Image:
    """The crop trimmed to its ink rows (plus ``margin``), never below 60 % of its height.

    Measured on this project's pages: PP-OCRv5's recogniser silently drops whole
    characters (广, 工, 月 at confidence 0.99) when the detector's box is a few
    pixels taller than the text, which happens with line spacing and small skews;
    the same strip trimmed to the text reads completely. Rows that are nearly
    all ink (a table rule the box grazed) do not count as text.
    """
    h = crop.shape[0]
    if h < 8 or crop.size == 0:
        return crop
    gray = crop if crop.ndim == 2 else cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY)
    _, ink = cv2.threshold(gray, 0, 1, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    profile = ink.mean(axis=1)
    rows = np.nonzero((profile > 0.01) & (profile < 0.7))[0]
    if len(rows) == 0:
        return crop
    top, bottom = int(rows[0]), int(rows[-1]) + 1
    need = int(0.6 * h)
    if bottom - top < need:
        top = max(0, (top + bottom) // 2 - need // 2)
        bottom = min(h, top + need)
    return u8(crop[max(0, top - margin) : min(h, bottom + margin)])


def sort_lines(lines: list[TextLine]) -> list[TextLine]:
    """Reading order: rows (lines whose vertical centres lie within half a line height), then x."""
    lines = sorted(lines, key=lambda ln: ln.cy)
    rows: list[list[TextLine]] = []
    for line in lines:
        if rows and abs(line.cy - rows[-1][-1].cy) < 0.5 * max(4.0, min(line.height, rows[-1][-1].height)):
            rows[-1].append(line)
        else:
            rows.append([line])
    return [ln for row in rows for ln in sorted(row, key=lambda ln: ln.box[0])]


def carried(
    lines: Sequence[TextLine], matrix: npt.NDArray[np.float64], outline: bool = False
) -> list[TextLine]:
    """Lines carried through a 3x3 transform (text-layer lines onto the upright page, lines read on
    a cut-out back onto the page): the box bounds the transformed corners, a polygon is transformed
    with them (one made from the box when ``outline``)."""
    out: list[TextLine] = []
    for line in lines:
        x0, y0, x1, y1 = line.box
        corners = ((x0, y0), (x1, y0), (x1, y1), (x0, y1))
        pts = line.polygon or corners
        arr = np.hstack([np.asarray(pts, np.float64), np.ones((len(pts), 1))]) @ matrix.T
        arr = arr[:, :2] / arr[:, 2:]
        polygon = tuple((float(x), float(y)) for x, y in arr) if line.polygon or outline else ()
        xs, ys = arr[:, 0], arr[:, 1]
        box = (float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()))
        out.append(TextLine(text=line.text, box=box, confidence=line.confidence, polygon=polygon))
    return out


def to_lines(texts: Sequence[str], scores: Sequence[float], polys: Sequence[Any]) -> list[TextLine]:
    """Engine output (parallel lists) to TextLines in reading order, traditional forms simplified."""
    lines: list[TextLine] = []
    for text, score, poly in zip(texts, scores, polys, strict=False):
        text = to_simplified(str(text).strip())
        if not text:
            continue
        quad = as_quad(poly)
        lines.append(TextLine(text=text, box=quad_box(quad), confidence=float(score), polygon=quad))
    return sort_lines(lines)


def recognize_quads(
    engine: LineOcrEngine, image: Image, quads: Sequence[Quad], placed: Sequence[Quad] | None = None
) -> list[TextLine]:
    """Recognise the lines cut from ``image`` at ``quads``; report them at ``placed`` (same order)
    when the boxes are to be given on another image (the deskewed page)."""
    keep = [(q, tighten(crop_quad(image, q))) for q in quads]
    idx = [i for i, (_, c) in enumerate(keep) if c.size > 0]
    results = engine.recognize([keep[i][1] for i in idx]) if idx else []
    where = placed if placed is not None else quads
    texts = [r[0] for r in results]
    scores = [r[1] for r in results]
    return to_lines(texts, scores, [where[i] for i in idx])


def read_by_lines(engine: LineOcrEngine, image: Image) -> list[TextLine]:
    """Detect, cut and recognise: what a two-stage engine's ``read`` is."""
    return recognize_quads(engine, image, engine.detect(image))
