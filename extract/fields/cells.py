"""Ruled table cells found on the page image, so "the value is in the cell right of its label" works.

Declaration forms are ruled grids; OCR lines alone cannot tell an empty cell from a
value two cells further. Horizontal and vertical rules are isolated with
morphological opening (kernels relative to page size, so any resolution works),
and the enclosed white regions are the cells.
"""

from __future__ import annotations

from collections.abc import Sequence

import cv2
import numpy as np

from extract.layout import h_overlap, v_overlap
from kernel.reading import Image, PixelBox, TextLine

CELL_SIDE = 1600  # pages with a longer side are searched at half size


def _gray(image: Image) -> np.ndarray:
    return image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)


def detect_cells(image: Image | None) -> list[PixelBox]:
    """Boxes of ruled table cells (empty when the page has no grid)."""
    if image is None or image.size == 0:
        return []
    gray = _gray(image)
    scale = 0.5 if max(gray.shape) >= CELL_SIDE else 1.0  # an exact half: OpenCV's fast area path
    if scale < 1.0:
        # rules survive a 2x reduction (measured: the same cells on every sample page) at 1/4 the cost
        small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        return [(x0 / scale, y0 / scale, x1 / scale, y1 / scale) for x0, y0, x1, y1 in _cells(small)]
    return _cells(gray)


def _cells(gray: np.ndarray) -> list[PixelBox]:
    h, w = gray.shape
    binary = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    h_kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (max(20, w // 25), 1))
    v_kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(15, h // 60)))
    horiz = cv2.morphologyEx(binary, cv2.MORPH_OPEN, h_kernel)
    vert = cv2.morphologyEx(binary, cv2.MORPH_OPEN, v_kernel)
    grid = cv2.dilate(cv2.bitwise_or(horiz, vert), np.ones((3, 3), np.uint8))
    if int(np.count_nonzero(horiz)) < w or int(np.count_nonzero(vert)) < h // 10:
        return []
    # the cells are the white regions the rules enclose: each one's outer outline (the first level of
    # a two-level contour tree; its holes are the second) with its area less its holes'. Tracing
    # outlines costs half a labelling pass, which writes a 4-byte label for every pixel.
    free = cv2.bitwise_not(grid)
    outlines, tree = cv2.findContours(free, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_SIMPLE)
    if tree is None:
        return []
    holes: dict[int, float] = {}
    for i, (_, _, _, parent) in enumerate(tree[0]):
        if parent >= 0:
            holes[parent] = holes.get(parent, 0.0) + cv2.contourArea(outlines[i])
    cells: list[PixelBox] = []
    min_side = max(8, min(h, w) // 150)
    for i, outline in enumerate(outlines):
        if tree[0][i][3] >= 0:
            continue
        x, y, cw, ch = cv2.boundingRect(outline)
        if x <= 1 or y <= 1 or x + cw >= w - 1 or y + ch >= h - 1:
            continue  # touches the border: the page margin, not a cell
        area = cv2.contourArea(outline) - holes.get(i, 0.0)
        if cw < min_side * 2 or ch < min_side or cw * ch > 0.5 * w * h or area < 0.5 * cw * ch:
            continue
        cells.append((float(x), float(y), float(x + cw), float(y + ch)))
    return cells


def cell_of(box: PixelBox, cells: Sequence[PixelBox]) -> int | None:
    """Index of the cell holding a box's centre (the smallest, if nested)."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    hits = [i for i, c in enumerate(cells) if c[0] <= cx <= c[2] and c[1] <= cy <= c[3]]
    if not hits:
        return None
    return min(hits, key=lambda i: (cells[i][2] - cells[i][0]) * (cells[i][3] - cells[i][1]))


def right_cell(index: int, cells: Sequence[PixelBox]) -> int | None:
    """The neighbouring cell to the right on the same row."""
    c = cells[index]
    tol = max(6.0, 0.02 * (c[3] - c[1]) + 6)
    cands = [
        i
        for i, o in enumerate(cells)
        if i != index and o[0] >= c[2] - tol and o[0] - c[2] < 4 * tol and v_overlap(o, c) >= 0.5
    ]
    return min(cands, key=lambda i: cells[i][0]) if cands else None


def cell_below(index: int, cells: Sequence[PixelBox]) -> int | None:
    """The neighbouring cell under this one."""
    c = cells[index]
    tol = 8.0
    cands = [
        i
        for i, o in enumerate(cells)
        if i != index and o[1] >= c[3] - tol and o[1] - c[3] < 4 * tol and h_overlap(o, c) >= 0.5
    ]
    return min(cands, key=lambda i: cells[i][1]) if cands else None


def lines_in(cell: PixelBox, lines: Sequence[TextLine], cells: Sequence[PixelBox] = ()) -> list[int]:
    """Indices of lines that start inside a cell at its height (handwriting often overruns the rule,
    and a line's box may start a little left of the cell's rule).

    With the page's ``cells`` given, a line that starts in this cell but sank through
    its bottom rule (a phone number's last digit wrapped or drifted down) still
    belongs here, and not to the cell under it that holds its centre.
    """
    return [
        i
        for i, ln in enumerate(lines)
        if cell[0] - _slack(ln) <= ln.box[0] < cell[2] - 4 and ln.cx > cell[0] and _in_row(ln, cell, cells)
    ]


def _slack(ln: TextLine) -> float:
    """How far left of a cell's rule an OCR line box may start and still be the cell's: the
    recogniser's box takes in a few pixels of paper (a quarter of the line's height at most)."""
    return max(4.0, 0.25 * (ln.box[3] - ln.box[1]))


def _sank_from(ln: TextLine, cell: PixelBox, cells: Sequence[PixelBox]) -> bool:
    """A line starting in the cell whose centre lies just under its bottom rule: either in no cell
    (on the rule) or a fragment of a few characters (a wrapped or drifted last digit). A whole
    line under the rule is the next row's value, however close it is written."""
    h = ln.box[3] - ln.box[1]
    if not cell[1] <= ln.box[1] < cell[3] < ln.cy < cell[3] + 0.5 * h:
        return False
    return len(ln.text.strip()) <= 3 or cell_of(ln.box, cells) is None


def _in_row(ln: TextLine, cell: PixelBox, cells: Sequence[PixelBox]) -> bool:
    if not cells:
        return cell[1] <= ln.cy <= cell[3]
    if _sank_from(ln, cell, cells):
        return True
    if not cell[1] <= ln.cy <= cell[3]:
        return False
    return not any(
        c != cell and c[3] <= cell[1] + 2 and h_overlap(c, cell) >= 0.5 and _sank_from(ln, c, cells)
        for c in cells
    )
