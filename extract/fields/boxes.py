"""Check-box frames on the page image: where they are, how much ink is inside, which name each is.

A frame is a small near-square outline of about a line's height; the ink inside it
(its frame excluded) tells a ticked box from an empty one. Boxes are paired with the
choice names OCR read, in left-to-right order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import cv2
import numpy as np

from extract.fields.ink import INK_LEVEL, ink_density, ink_mask, outline_mask
from kernel.reading import Image, PixelBox


def find_squares(image: Image, band: PixelBox, *sizes: float) -> list[PixelBox]:
    """Small near-square outlines (check boxes) of about ``sizes[0]`` px inside a band of the page;
    where there are none of that size, of the next size given, and so on."""
    H, W = image.shape[:2]
    x0, y0, x1, y1 = max(0, int(band[0])), max(0, int(band[1])), min(W, int(band[2])), min(H, int(band[3]))
    if x1 - x0 < 4 or y1 - y0 < 4:
        return []
    patch = image[y0:y1, x0:x1]
    masks: dict[Callable[[Image], np.ndarray], np.ndarray] = {}  # each mask made once, for every pass
    # closed frames first (every edge inked), on the plain ink mask and then on the local-contrast
    # one for faint scans; a blurred photo loses whole sides of thin frames, so frames inked on
    # average are the last resort (bits of glyphs pass that test too, so only when nothing closed is)
    passes = ((ink_mask, True), (outline_mask, True), (ink_mask, False), (outline_mask, False))
    for size in sizes:
        for mask_of, closed in passes:
            if mask_of not in masks:
                masks[mask_of] = mask_of(patch).astype(np.uint8) * 255
            found = _squares_in(masks[mask_of], size, closed)
            if found:
                return [(b[0] + x0, b[1] + y0, b[2] + x0, b[3] + y0) for b in found]
    return []


def _squares_in(mask: np.ndarray, size: float, closed: bool = True) -> list[PixelBox]:
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    out: list[PixelBox] = []
    for c in contours:
        x, y, cw, ch = cv2.boundingRect(c)
        if 0.6 * size <= cw <= 1.4 * size and 0.6 * size <= ch <= 1.4 * size and 0.7 <= cw / ch <= 1.4:
            edges = _edge_cover(mask[y : y + ch, x : x + cw])
            if (min(edges) >= 0.5 and sum(edges) / 4 > 0.6) if closed else sum(edges) / 4 > 0.5:
                out.append((float(x), float(y), float(x + cw), float(y + ch)))
    if out:
        # the check boxes of one line are printed alike; closed bits of glyphs (口) are smaller
        largest = max(b[2] - b[0] for b in out)
        out = [b for b in out if (b[2] - b[0]) >= 0.7 * largest]
    return sorted(out, key=lambda b: b[0])


def _edge_cover(patch: np.ndarray) -> list[float]:
    """How much of each of a patch's four edges is ink: all high for a drawn box, some low for a
    glyph (whose strokes may close three sides, 日 匚, rarely all four).

    Each edge is a band a tenth of the side thick, not one pixel row: a frame drawn by
    hand, printed slightly askew or scanned blurred does not run along its bounding
    rectangle's outermost row.
    """
    if patch.shape[0] < 3 or patch.shape[1] < 3:
        return [0.0] * 4
    t = max(1, round(0.1 * min(patch.shape[:2])))
    ink = patch > 0
    edges = [ink[:t, :].any(axis=0), ink[-t:, :].any(axis=0), ink[:, :t].any(axis=1), ink[:, -t:].any(axis=1)]
    return [float(np.maximum(e, np.roll(e, 1)).mean()) for e in edges]


def square_ink(image: Image, square: PixelBox) -> float:
    """Ink inside a check box, its frame excluded: as thick as the frame is drawn (a blurred scan
    thickens it to a quarter of the box), a fifth of the side at least."""
    w, h = square[2] - square[0], square[3] - square[1]
    pad = max(2.0, 0.2 * min(w, h), _frame_thickness(image, square) + 1.0)
    pad = min(pad, 0.35 * min(w, h))
    inner = (square[0] + pad, square[1] + pad, square[2] - pad, square[3] - pad)
    return max(ink_density(image, inner), _pale_mark(image, square, inner))


PALE_MARK = 0.2  # share of a pale box's middle a mark fills at least
PALE_CONTRAST = 40  # paper this much lighter than the box's frame at least, for a pale print's mark


def _pale_mark(image: Image, square: PixelBox, inner: PixelBox) -> float:
    """Ink inside a box printed pale (a form in light gray or colour, its frame lighter than the
    fixed ink level): pixels darker than halfway from the paper to the box's own frame, the share
    of the inside's middle they fill. A mark made as pale as the print (● in a gray box) counts;
    paper does not."""
    H, W = image.shape[:2]
    x0, y0 = max(0, int(square[0])), max(0, int(square[1]))
    x1, y1 = min(W, int(square[2]) + 1), min(H, int(square[3]) + 1)
    ix0, iy0 = max(0, int(inner[0])), max(0, int(inner[1]))
    ix1, iy1 = min(W, int(inner[2])), min(H, int(inner[3]))
    if x1 - x0 < 6 or y1 - y0 < 6 or ix1 <= ix0 or iy1 <= iy0:
        return 0.0
    box = image[y0:y1, x0:x1]
    gray = box if box.ndim == 2 else cv2.cvtColor(box, cv2.COLOR_BGR2GRAY)
    ring = np.ones(gray.shape, bool)
    ring[iy0 - y0 : iy1 - y0, ix0 - x0 : ix1 - x0] = False  # the frame's band, the inside left out
    frame = float(np.percentile(gray[ring], 10))
    if frame < INK_LEVEL:
        return 0.0  # a frame the fixed level sees as ink: printed dark, measured as such
    around = image[
        max(0, y0 - (y1 - y0)) : min(H, y1 + (y1 - y0)), max(0, x0 - (x1 - x0)) : min(W, x1 + (x1 - x0))
    ]
    around_gray = around if around.ndim == 2 else cv2.cvtColor(around, cv2.COLOR_BGR2GRAY)
    paper = float(np.percentile(around_gray, 90))
    if paper - frame < PALE_CONTRAST:
        return 0.0
    # the inside's middle: a blurred scan's frame bleeds a few pixels inward, a mark fills the middle
    cw, ch = (ix1 - ix0) // 4, (iy1 - iy0) // 4
    inside = gray[iy0 - y0 + ch : iy1 - y0 - ch, ix0 - x0 + cw : ix1 - x0 - cw]
    if inside.size == 0:
        return 0.0
    share = float((inside < frame + 0.5 * (paper - frame)).mean())
    return share if share >= PALE_MARK else 0.0


def _frame_thickness(image: Image, square: PixelBox) -> float:
    """How thick a box's frame is drawn: the median run of ink inward from each side, measured
    across the side's middle half (where a tick rarely touches the frame)."""
    H, W = image.shape[:2]
    x0, y0 = max(0, int(square[0])), max(0, int(square[1]))
    x1, y1 = min(W, int(square[2])), min(H, int(square[3]))
    if x1 - x0 < 6 or y1 - y0 < 6:
        return 0.0
    mask = ink_mask(image[y0:y1, x0:x1])
    h, w = mask.shape
    rows, cols = mask[h // 4 : h - h // 4], mask[:, w // 4 : w - w // 4].T
    runs = [_run(line) for line in rows] + [_run(line[::-1]) for line in rows]
    runs += [_run(line) for line in cols] + [_run(line[::-1]) for line in cols]
    return float(np.median(runs)) if runs else 0.0


def _run(pixels: np.ndarray) -> int:
    """Length of the ink run a row of pixels starts with (a pixel or two of paper first allowed)."""
    k = 0
    while k < min(2, len(pixels)) and not pixels[k]:
        k += 1
    start = k
    while k < len(pixels) and pixels[k]:
        k += 1
    return k - start


def pair_squares(
    squares: Sequence[PixelBox], names: Sequence[tuple[float, bool]], h: float
) -> list[PixelBox | None]:
    """The check box of each name (its estimated left x, whether it opens its OCR line), or None.

    Boxes and names are paired in left-to-right order, one box per name at most, the
    most pairs first and then the closest. A name's start is estimated in proportion
    within its OCR line, whose box often has slack (blank paper, a neighbour's last
    character), so all names of a line may be off by the same amount: the pairing is
    tried under each shift that puts a box right before a name, the smallest shift
    winning ties. A box may be missing (a tick broke its frame) and a closed glyph
    inside a name may pass for one; a box lies just left of its name, or inside the
    line's box when the name opens the line (the recogniser dropped it).
    """
    if not squares or not names:
        return [None] * len(names)
    shifts = {0.0} | {
        sq[2] + 0.3 * h - x for sq in squares for x, _ in names if abs(sq[2] + 0.3 * h - x) < 2.5 * h
    }
    best: tuple[int, float, list[PixelBox | None]] | None = None
    for shift in sorted(shifts, key=abs):
        count, cost, pairs = _pair_at(squares, [(x + shift, opens) for x, opens in names], h)
        cost += abs(shift) / h
        if best is None or (count, -cost) > (best[0], -best[1]):
            best = (count, cost, pairs)
    return best[2] if best is not None else [None] * len(names)


def _pair_at(
    squares: Sequence[PixelBox], names: Sequence[tuple[float, bool]], h: float
) -> tuple[int, float, list[PixelBox | None]]:
    """Order-preserving pairing of boxes with names at fixed estimates: (pairs, cost, box per name)."""

    def cost(i: int, j: int) -> float | None:
        x, opens = names[i]
        gap = x - squares[j][2]  # positive: the box ends left of the name's estimated start
        if not (-1.6 if opens else -1.0) * h <= gap <= 2.0 * h:
            return None
        return min(abs(gap - 0.3 * h), abs(gap + 1.0 * h) if opens else 9 * h) / h

    n, m = len(names), len(squares)
    # best[i][j]: (pairs, -cost) using the first i names and the first j boxes
    best = [[(0, 0.0)] * (m + 1) for _ in range(n + 1)]
    step: dict[tuple[int, int], str] = {}
    for i in range(1, n + 1):
        for j in range(m + 1):
            moves = [(best[i - 1][j], "skip_name")]
            if j:
                moves.append((best[i][j - 1], "skip_box"))
                c = cost(i - 1, j - 1)
                if c is not None:
                    pairs, neg = best[i - 1][j - 1]
                    moves.append(((pairs + 1, neg - c), "pair"))
            best[i][j], step[i, j] = max(moves, key=lambda mv: mv[0])
    out: list[PixelBox | None] = [None] * n
    i, j = n, m
    while i > 0:
        move = step[i, j]
        if move == "pair":
            out[i - 1] = squares[j - 1]
            i, j = i - 1, j - 1
        elif move == "skip_box":
            j -= 1
        else:
            i -= 1
    return best[n][m][0], -best[n][m][1], out


def box_ink_left_of(image: Image, name_box: PixelBox) -> float | None:
    """Ink inside the check box just left of a category name (its frame excluded).

    The square is located as the largest near-square contour in a window one
    line-height left of the name; without one, the window itself is measured.
    """
    h = name_box[3] - name_box[1]
    win = (name_box[0] - 1.8 * h, name_box[1] - 0.2 * h, name_box[0] - 0.05 * h, name_box[3] + 0.2 * h)
    H, W = image.shape[:2]
    x0, y0, x1, y1 = max(0, int(win[0])), max(0, int(win[1])), min(W, int(win[2])), min(H, int(win[3]))
    if x1 - x0 < 4 or y1 - y0 < 4:
        return None
    mask = ink_mask(image[y0:y1, x0:x1]).astype(np.uint8) * 255
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    best = None
    for c in contours:
        x, y, cw, ch = cv2.boundingRect(c)
        squareish = cw >= 0.4 * h and ch >= 0.4 * h and 0.6 <= cw / ch <= 1.6
        if squareish and (best is None or cw * ch > best[2] * best[3]):
            best = (x, y, cw, ch)
    if best is None:
        return float(mask.mean() / 255)
    x, y, cw, ch = best
    pad = max(2, int(0.18 * min(cw, ch)))
    inner = mask[y + pad : y + ch - pad, x + pad : x + cw - pad]
    return float(inner.mean() / 255) if inner.size else 0.0
