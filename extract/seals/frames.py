"""Rectangular stamps found from their four sides, where the frame touches other ink.

A 复印件与原件一致, 已审核 or dated receipt stamp pressed across a card copy, a
table or printed words is one closed rectangle in the ink, but its outline
merges with the card's edge, a photo or the text it lies on into one contour,
so the searches that take a stamp for a contour of its own (``gray``,
``red``) do not see it. Here its long sides are found as straight segments
(``extract.seals.frame_sides``: LSD on a stroke mask, pieces on one line
joined), paired with a parallel segment at least half as long a stamp's height
away, the ends searched outward from them for the short sides, and the
rectangle they span is judged on the ink itself:

* its four sides are ink (two parallel lines of text are not a frame);
* its sides stop at its corners: a table cell's rules run on past them into
  the next cells, a stamp's frame does not;
* the words inside are sparse, and it is no filled box (a portrait's sides are
  steps from its fill to the card, its head a solid shape; a QR code or a chip
  fills its box).

Where words or a seal hide both long sides, the two short sides are paired instead. The
rectangle is spanned at one angle; where its sides are not quite parallel (a slanted photo), each
is moved a pixel or two onto its own ink before it is judged again.

Any tilt: the pair is found at whatever angle the stamp was pressed. A frame the
page's edge cut is closed at the edge (or found from its one long side facing the
edge) and judged on the sides left on the page.
"""

from __future__ import annotations

import math

import cv2
import numpy as np

from extract.preprocess import u8
from extract.seals.frame_sides import EDGE_INSET, Segment, edge_twins, facing_pairs, image_edges, segments
from extract.seals.geometry import RECT_SHORT, halved, is_new
from kernel.reading import Image, SealFound

FRAME_PPM = 4.0  # frames are searched at this many pixels per millimetre
MIN_SHORT_MM = 6.5  # a one-line stamp's frame is at least this high
MAX_SHORT_SHARE = 0.6  # and its height at most this share of its length (a square frame is a printed box's)
SIDE_INK = 0.75  # share of each side's length on ink
END_SETTLE_MM = 4.0  # a frame's end is the outermost closing line this far past the first one found
RUN_ON_MM = (1.0, 6.0)  # where a side's run-on past a corner is looked for, from the corner
RUN_ON_INK = 0.7  # a side continuing past its corner with this much ink runs on (a table's rule)
RUN_ON_BESIDE_MM = 1.5  # and a run-on is a line: the ink this far to either side of it
RUN_ON_BESIDE_INK = 0.5  # is at most this share
LEVEL_DEG = 1.5  # a frame within this of the page's axes lies as a table's cell does
MAX_RULED_CORNERS = 2  # a table's cell has a rule running on past three corners at least; a stamp
# pressed on words may seem to at one or two, where a row of print carries a side's line on
INSIDE_INK = (0.03, 0.4)  # share of ink inside the frame: a stamp's words, not a photo or a blank box
CONFIDENCE = 0.75  # the most a frame found this way is trusted (its sides' ink sets the rest)
FILL_PROBE_MM = (1.0, 1.5, 2.0, 2.5, 3.0)  # a box's fill is probed at these depths inside and outside
SOLID_MM = 1.2  # a shape still dark after an opening this wide is solid, not a stroke
SOLID_GRAY = 110  # dark: below this gray level
SOLID_SHARE = 0.08  # a box this much of whose inside is solid holds a picture, not words
FILL_STEP = 40  # and a side with this step (of 255) between them is a filled box's edge
CUT_MIN_MM = (12.0, 3.0)  # what is left of a cut frame: this long and this high at least
CUT_TILT = 0.06  # a cut side may stray from the edge by this share of its length (a 3-degree tilt)
SNAP_PX = 3  # a side's end may lie this many pixels (at FRAME_PPM) off the ink line it belongs to
SNAP_FROM = 0.3  # a frame's sides are moved onto their ink only where each lies this much on ink


def _pixels_at(image: Image, pts: np.ndarray) -> np.ndarray:
    """The pixels of ``image`` nearest to points (x, y in the last axis; any shape before it),
    points off the image taken at its edge."""
    xs = np.clip(np.rint(pts[..., 0]).astype(int), 0, image.shape[1] - 1)
    ys = np.clip(np.rint(pts[..., 1]).astype(int), 0, image.shape[0] - 1)
    return np.asarray(image[ys, xs])


def _along(image: Image, a: np.ndarray, b: np.ndarray, t0: float = 0.0, t1: float = 1.0) -> np.ndarray:
    """The pixels of ``image`` on the segment from ``a`` to ``b`` (one a pixel of its length), from
    ``t0`` to ``t1`` of the way along."""
    t = np.linspace(t0, t1, max(2, int(np.hypot(*(b - a)))))
    return _pixels_at(image, a + t[:, None] * (b - a))


def _on_ink(ink: Image, a: np.ndarray, b: np.ndarray) -> float:
    """Share of points from ``a`` to ``b`` (one per pixel) that fall on ink."""
    return float((_along(ink, a, b) > 0).mean())


def _inside(shape: tuple[int, ...], corners: np.ndarray) -> np.ndarray:
    """Where the rectangle's middle lies (True): its corners drawn in to 0.8 about its centre, off
    its sides' ink."""
    mask = np.zeros(shape[:2], np.uint8)
    centre = corners.mean(axis=0)
    cv2.fillConvexPoly(mask, np.rint(centre + (corners - centre) * 0.8).astype(np.int32), (255,))
    return mask > 0


def _cross_ink(
    ink: Image, origin: np.ndarray, u: np.ndarray, n: np.ndarray, xs: np.ndarray, c0: float, c1: float
) -> np.ndarray:
    """For each position ``x`` along ``u``: the share of the cross line from offset ``c0`` to ``c1``
    along ``n`` that lies on ink (one sample per pixel)."""
    ts = np.linspace(c0, c1, max(2, int(abs(c1 - c0))))
    pts = origin[None, None, :] + xs[:, None, None] * u[None, None, :] + ts[None, :, None] * n[None, None, :]
    return np.asarray((_pixels_at(ink, pts) > 0).mean(axis=1))


def _rectangle(
    s: Segment, t: Segment, ink: Image, ppm: float, max_len: float, along_s: bool = False
) -> np.ndarray | None:
    """The frame two facing sides belong to (4 x 2 corners, in order round it), its ends found
    along them where a cross line of ink (a short side) closes it; None when nothing closes it.

    The sides' own segments often cover only part of them (words pressed over a side hide the
    rest from the line search), so the ends are searched from the segments outwards. With
    ``along_s`` the frame follows ``s`` alone (``t`` is the image's edge that cut it off).
    """
    v = t.unit if float(np.dot(s.unit, t.unit)) >= 0 else -t.unit
    u = s.unit * s.length + v * t.length if not along_s else s.unit  # (t: the edge that cut the frame)
    u = u / max(float(np.hypot(*u)), 1e-6)
    n = np.array([-u[1], u[0]])
    origin = s.p0
    c0 = 0.5 * (float(np.dot(s.p0 - origin, n)) + float(np.dot(s.p1 - origin, n)))
    c1 = 0.5 * (float(np.dot(t.p0 - origin, n)) + float(np.dot(t.p1 - origin, n)))
    ends = [float(np.dot(p - origin, u)) for p in (s.p0, s.p1, t.p0, t.p1)]
    lo, hi = min(ends), max(ends)
    reach = max_len - (hi - lo)
    if reach < 0:
        return None
    inward = ppm  # a side's segment may run a millimetre past its corner
    left_xs = np.arange(lo + inward, lo - reach - 1, -1.0)
    right_xs = np.arange(hi - inward, hi + reach + 1, 1.0)
    left_on = np.nonzero(_cross_ink(ink, origin, u, n, left_xs, c0, c1) >= SIDE_INK)[0]
    right_on = np.nonzero(_cross_ink(ink, origin, u, n, right_xs, c0, c1) >= SIDE_INK)[0]
    # a stroke of the words inside may close the frame first: its own side is the outermost
    # closing line within a few millimetres of the first
    settle = END_SETTLE_MM * ppm
    if len(left_on):
        a = float(left_xs[left_on[left_on <= left_on[0] + settle].max()])
    else:  # nothing closes it this way: a stamp cut by the page's edge, where its sides run out
        a = -_to_edge(ink.shape, origin, -u, n, -lo, c0, c1, reach)
    if len(right_on):
        b = float(right_xs[right_on[right_on <= right_on[0] + settle].max()])
    else:
        b = _to_edge(ink.shape, origin, u, n, hi, c0, c1, reach)
    if math.isnan(a) or math.isnan(b):
        return None
    return np.array(
        [origin + a * u + c0 * n, origin + b * u + c0 * n, origin + b * u + c1 * n, origin + a * u + c1 * n]
    )


def _to_edge(
    shape: tuple[int, ...],
    origin: np.ndarray,
    u: np.ndarray,
    n: np.ndarray,
    start: float,
    c0: float,
    c1: float,
    reach: float,
) -> float:
    """How far along ``u`` (from ``origin``) both sides of a frame leave the image, when that is
    within ``reach`` of ``start``, where they end as found; NaN otherwise (the frame is open)."""
    exits = []
    for c in (c0, c1):
        p = origin + c * n
        limits = [
            (edge - p[axis]) / u[axis]
            for axis, edge in image_edges(shape)
            if abs(u[axis]) > 1e-6 and (edge - p[axis]) / u[axis] > 0
        ]
        exits.append(min(limits, default=math.inf))
    out = min(exits) - EDGE_INSET
    # a tilted frame's one side leaves the image a little before the other side's end as found
    slack = 0.2 * abs(c1 - c0) + 2.0
    return out if start - slack <= out <= start + reach else math.nan


def _on_edge(shape: tuple[int, ...], a: np.ndarray, b: np.ndarray) -> bool:
    """Whether a side runs along the image's edge (a stamp cut there has no ink on that side)."""
    near = EDGE_INSET + 2.0 + CUT_TILT * float(np.hypot(*(b - a)))  # a frame pressed at a tilt
    return any(max(abs(a[axis] - edge), abs(b[axis] - edge)) <= near for axis, edge in image_edges(shape))


def _cut_sides(shape: tuple[int, ...], corners: np.ndarray) -> list[int]:
    """The sides (by their first corner) of a rectangle that run along the image's edge."""
    return [k for k in range(4) if _on_edge(shape, corners[k], corners[(k + 1) % 4])]


def _meet(p: np.ndarray, q: np.ndarray, r: np.ndarray, s: np.ndarray) -> np.ndarray | None:
    """Where the line through ``p`` and ``q`` meets the line through ``r`` and ``s`` (None: parallel)."""
    d, e = q - p, s - r
    det = float(d[0] * e[1] - d[1] * e[0])
    if abs(det) < 1e-9:
        return None
    t = float((r - p)[0] * e[1] - (r - p)[1] * e[0]) / det
    return np.asarray(p + t * d)


def _snapped(near_ink: Image, corners: np.ndarray) -> np.ndarray | None:
    """The rectangle with each side moved onto its own ink line, its corners where the moved sides
    meet; None where a side is not near ink at all.

    The rectangle is spanned from two facing sides' direction, one angle for all four sides; a frame
    pressed on a slant through a skewed scan, or a double frame whose two lines were each found in
    part, puts a side's far end a pixel or two off its line, and the side then seems to lie off ink
    for half its length. Each side's two ends are moved up to ``SNAP_PX`` across it, apart, to where
    the side lies most on ink; ties go to the smaller move. Only where every side as spanned lies
    partly on ink (``SNAP_FROM``): a side off ink is no frame's, and moved it would find a word."""
    steps = np.arange(-SNAP_PX, SNAP_PX + 1, dtype=float)
    i, j = (m.ravel() for m in np.meshgrid(steps, steps, indexing="ij"))  # each end's move, every pair
    moved: list[tuple[np.ndarray, np.ndarray]] = []
    for k in range(4):
        a, b = corners[k], corners[(k + 1) % 4]
        t = np.linspace(0.0, 1.0, max(2, int(np.hypot(*(b - a)))))
        d = (b - a) / max(float(np.hypot(*(b - a))), 1e-6)
        n = np.array([-d[1], d[0]])
        shift = (1.0 - t)[None, :] * i[:, None] + t[None, :] * j[:, None]  # across the side, per point
        pts = a[None, None, :] + t[None, :, None] * (b - a)[None, None, :] + shift[..., None] * n
        cover = (_pixels_at(near_ink, pts) > 0).mean(axis=1)
        if cover[(i == 0) & (j == 0)][0] < SNAP_FROM:
            return None  # a side off ink as spanned is no side to move onto a line nearby
        best = int(np.lexsort((np.abs(i) + np.abs(j), -cover))[0])  # most on ink, then least moved
        moved.append((a + i[best] * n, b + j[best] * n))
    out = [_meet(*moved[k - 1], *moved[k]) for k in range(4)]
    if any(c is None for c in out):
        return None
    return np.array(out)


def _short_of_ink(near_ink: Image, corners: np.ndarray) -> bool:
    """Whether a side of the rectangle lies on ink for less than ``SIDE_INK`` of its length: the
    one failing that moving the sides onto their ink (``_snapped``) can mend."""
    return min(_on_ink(near_ink, corners[k], corners[(k + 1) % 4]) for k in range(4)) < SIDE_INK


def _judge(ink: Image, near_ink: Image, corners: np.ndarray, ppm: float, cut: list[int]) -> float | None:
    """How surely ``corners`` outline a stamp's frame (its sides' ink within a pixel or two, in
    ``near_ink``), or None when they do not. The sides in ``cut`` run along the image's edge (a
    stamp the page's edge cut) and are not looked at; one such side at most."""
    sides = [(corners[i], corners[(i + 1) % 4]) for i in range(4)]
    if len(cut) > 1:
        return None
    cover = [_on_ink(near_ink, a, b) for k, (a, b) in enumerate(sides) if k not in cut]
    if min(cover) < SIDE_INK:
        return None
    near, far = RUN_ON_MM[0] * ppm, RUN_ON_MM[1] * ppm
    ruled: set[int] = set()  # the corners a side runs on past
    for k, (a, b) in enumerate(sides):
        if k in cut:
            continue
        d = (b - a) / max(float(np.hypot(*(b - a))), 1e-6)
        side = np.array([-d[1], d[0]]) * RUN_ON_BESIDE_MM * ppm
        for corner, start, direction in (((k + 1) % 4, b, d), (k, a, -d)):
            p, q = start + near * direction, start + far * direction
            # a rule runs on as a line: ink on it, paper just beside it (words are ink all round)
            beside = max(_on_ink(ink, p + side, q + side), _on_ink(ink, p - side, q - side))
            if _on_ink(near_ink, p, q) >= RUN_ON_INK and beside <= RUN_ON_BESIDE_INK:
                ruled.add(corner)
    # a frame square to the page, as a table's cells are, must have no rule running on at all
    tilt = math.degrees(math.atan2(*(corners[1] - corners[0])[::-1])) % 90.0
    square_to_page = min(tilt, 90.0 - tilt) < LEVEL_DEG
    if len(ruled) > (0 if square_to_page else MAX_RULED_CORNERS):
        return None
    inside = _inside(ink.shape, corners)
    words = float((ink[inside] > 0).mean()) if inside.any() else 1.0
    if not INSIDE_INK[0] <= words <= INSIDE_INK[1]:
        return None
    return float(np.mean(cover))


def _stepped(page: Image, corners: np.ndarray, ppm: float) -> bool:
    """Whether the rectangle follows the edges of a filled box (a portrait, a black block) rather
    than lines drawn round words: at two of its sides or more the page just inside is much darker
    or lighter than just outside (a step, not a line; a stroke mask keeps only a filled box's
    outline, which looks like a frame). The inside is probed at a few depths: a fill is there at
    every one, while inside a double-ruled frame some depth is paper again, as outside."""
    centre = corners.mean(axis=0)
    depths = np.array(FILL_PROBE_MM) * ppm
    offsets = np.concatenate([depths, -depths])  # inside, then outside
    steps = 0
    for k in range(4):
        a, b = corners[k], corners[(k + 1) % 4]
        mid = (a + b) / 2
        inward = (centre - mid) / max(float(np.hypot(*(centre - mid))), 1e-6)
        t = np.linspace(0.1, 0.9, max(2, int(0.8 * np.hypot(*(b - a)))))  # away from the corners
        pts = a + t[None, :, None] * (b - a) + offsets[:, None, None] * inward  # (probe, point, xy)
        tone = _pixels_at(page, pts).mean(axis=1)
        inside, outside = tone[: len(depths)], tone[len(depths) :]
        steps += int(float(np.min(np.abs(inside - np.median(outside)))) > FILL_STEP)
    return steps >= 2


def _solid_shapes(page: Image, ppm: float) -> Image:
    """Dark shapes still there after an opening of ``SOLID_MM`` (255): a portrait's head or hair,
    where a stamp's words are strokes the opening clears. Once a page."""
    k = max(3, int(SOLID_MM * ppm))
    dark = u8(np.where(page < SOLID_GRAY, 255, 0).astype(np.uint8))
    return u8(cv2.morphologyEx(dark, cv2.MORPH_OPEN, np.ones((k, k), np.uint8)))


def _holds_picture(solid: Image, corners: np.ndarray) -> bool:
    """A portrait's box whose outline is no step (a light backdrop on a light card): the middle of
    the rectangle holds solid shapes."""
    held = _inside(solid.shape, corners)
    return bool(held.any()) and float((solid[held] > 0).mean()) > SOLID_SHARE


def _short_sides(found: list[Segment], near: float, far: float) -> list[tuple[Segment, Segment, bool]]:
    """Pairs of a frame's two short sides (``near`` to ``far`` px apart, each at most
    ``MAX_SHORT_SHARE`` of that apart), for a frame whose long sides the line search did not see:
    words or a round seal pressed along them, a double rule worn into dashes."""
    short = [s for s in found if s.length <= MAX_SHORT_SHARE * far]
    out: list[tuple[Segment, Segment, bool]] = []
    for i, j in facing_pairs(short, near, far):
        s, t = short[i], short[j]
        gap = (t.p0 + t.p1) / 2 - (s.p0 + s.p1) / 2
        across = abs(float(s.unit[0] * gap[1] - s.unit[1] * gap[0]))
        if max(s.length, t.length) <= MAX_SHORT_SHARE * across:
            out.append((s, t, False) if s.length >= t.length else (t, s, False))
    return out


def find_frame_stamps(
    ink: Image, gray: Image, sppm: float, min_mm: float, max_mm: float, known: list[SealFound]
) -> list[SealFound]:
    """Rectangular stamps in an ink mask (255 = ink, ``sppm`` px/mm) of the page ``gray`` that no
    seal in ``known`` covers; boxes in pixels of ``ink``."""
    small, factor = halved(ink, sppm, FRAME_PPM)
    page, _ = halved(gray, sppm, FRAME_PPM)
    small = u8(cv2.threshold(small, 96, 255, cv2.THRESH_BINARY)[1])
    ppm = sppm * factor
    min_short = max(MIN_SHORT_MM, min_mm * RECT_SHORT)
    found = segments(small, ppm, min_mm * 0.8, max_mm)
    scored: list[tuple[float, tuple[float, float, float, float]]] = []
    near_ink = u8(cv2.dilate(small, np.ones((3, 3), np.uint8)))
    solid: Image | None = None  # made for the first candidate that needs it
    pairs: list[tuple[Segment, Segment, bool]] = []
    for i, j in facing_pairs(found, min_short * ppm, max_mm * MAX_SHORT_SHARE * ppm):
        longer, other = (i, j) if found[i].length >= found[j].length else (j, i)
        pairs.append((found[longer], found[other], False))
    pairs += _short_sides(found, min_mm * ppm, max_mm * ppm)
    # a frame the page's edge cut along its length: one long side left, facing the edge
    edge_far = max_mm * MAX_SHORT_SHARE * ppm
    pairs += [(s, t, True) for s, t in edge_twins(found, small.shape, CUT_MIN_MM[1] * ppm, edge_far)]
    for s, t, along_s in pairs:
        corners = _rectangle(s, t, near_ink, ppm, max_mm * ppm, along_s)
        if corners is None:
            continue
        if np.hypot(*(corners[1] - corners[0])) < np.hypot(*(corners[2] - corners[1])):
            corners = np.roll(corners, -1, axis=0)  # spanned from its short sides: the long one first
        long_px = float(np.hypot(*(corners[1] - corners[0])))
        short_px = float(np.hypot(*(corners[2] - corners[1])))
        cut = _cut_sides(small.shape, corners)
        least_long, least_short = (CUT_MIN_MM[0], CUT_MIN_MM[1]) if cut else (min_mm, min_short)
        if not (
            least_long * ppm <= long_px <= max_mm * ppm
            and least_short * ppm <= short_px <= (1.0 if cut else MAX_SHORT_SHARE) * long_px
        ):
            continue
        score = _judge(small, near_ink, corners, ppm, cut)
        if score is None and not cut and _short_of_ink(near_ink, corners):  # sides a pixel or two
            snapped = _snapped(near_ink, corners)  # off their ink: judged again on it
            if snapped is not None:
                corners, score = snapped, _judge(small, near_ink, snapped, ppm, cut)
        if score is None or _stepped(page, corners, ppm):
            continue
        solid = _solid_shapes(page, ppm) if solid is None else solid
        if _holds_picture(solid, corners):
            continue
        x0, y0 = corners.min(axis=0) / factor
        x1, y1 = corners.max(axis=0) / factor
        scored.append((score, (float(x0), float(y0), float(x1), float(y1))))
    out: list[SealFound] = []
    for score, box in sorted(scored, reverse=True):
        if not is_new(box, [*known, *out]):
            continue
        conf = round(float(np.clip(0.3 + 0.6 * score, 0, CONFIDENCE)), 3)
        out.append(SealFound(box=box, shape="square", color="gray", confidence=conf))
    return out
