"""Gray seals (gray and fax-like scans, photocopies): no colour, so geometry is the evidence.

Circles of seal size from a Hough search, kept only when the unwrapped ring has
a dark border at one radius in most directions, which text lines crossing a
random circle do not have (``ring_test``); ovals (a company's 业务专用章) as such
circles on the page stretched along one axis, and at any tilt from the shape their
closed rim encloses (``rims``); round seals a bilevel scan nearly erased from the star
at their centre (``stars``); squares as closed frames drawn thicker than text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import cv2
import numpy as np

from extract.preprocess import u8
from extract.seals.frames import find_frame_stamps
from extract.seals.geometry import RECT_SHORT, SAME_SEAL, box_iou, halved, is_new, scaled
from extract.seals.rims import find_gray_rims
from extract.seals.ring_test import ARC_CLEAN_OUTSIDE, CLEAN_OUTSIDE, verify_ring
from extract.seals.stars import find_star_seals
from kernel.reading import Image, SealFound

GRAY_PPM = 3.5  # gray rings are judged at no more than this many pixels per millimetre
SEARCH_PPM = 3.0  # and searched for at this many (a 22 mm seal is still 66 px across)
COARSE_SEARCH_PPM = 2.5  # for the black-ink seals left on colour pages, and for ovals (a second search)
# an oval of axis ratio 0.67-0.75 stretched by √2 is within 6 % of a circle, one of 0.58-0.66 by 1.65
OVAL_STRETCHES = (2**0.5, 1.65)
HOUGH_EDGE = 120  # edge strength the circle search starts from
BROKEN_EDGE = 60  # and the second search on a gray page: a thin ring a bilevel scan broke, blurred and
# shrunk for the search, is a weak edge (the ring test judges every circle proposed)
ROUND_WOBBLE = 0.03  # and such a ring strays this much from one radius: a pad pressed unevenly, a centre
# the coarse search placed a pixel or two off
OVAL_WOBBLE = 0.05  # and such a near-circle's rim strays this much from one radius
RECT_RATIO = 0.14  # and its short side over its long one (a one-line 复印件与原件核对无误, 55 x 9 mm)
THIN_FRAME = 0.92  # a thin frame's outline must be drawn nearly all round (no opening vouches for it)
THIN_FRAME_RATIO = 0.6  # and its short side at most this share of its long one (a line of words)
FRAME_MAX_TEXT = 0.4  # ink inside a frame above which it is a QR code, a chip or a photo, not words
FRAME_MAX_SOLID = 0.35  # share of a frame's inside left by the opening: bold words, not a solid block
ARC_EDGE = 100  # the arc-vote search on a gray page where no circle was found: Canny's upper threshold
ARC_VOTES = 25  # and the votes at a centre that propose a circle (every proposal is ring-tested)


def find_gray(
    image: Image, sppm: float, min_mm: float, max_mm: float, ovals: bool = True, rotation: int = 0
) -> list[SealFound]:
    """Round, oval and square gray seals on a page (BGR or gray), boxes in pixels of ``image``;
    ``rotation`` is the turn that makes the page upright. When ``ovals`` (a gray page), level
    ovals by one more circle search and ovals at any tilt by their rims (``rims``)."""
    gray = image if image.ndim == 2 else u8(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY))
    small, factor = halved(gray, sppm, GRAY_PPM)  # the circle search costs by the pixel
    blur = u8(cv2.GaussianBlur(small, (5, 5), 1.5))
    dark = dark_mask(blur)
    # on a colour scan only photocopied black-ink seals remain to find, dark and crisp: searched coarser
    search = SEARCH_PPM if ovals else COARSE_SEARCH_PPM
    coarse = coarser(blur, sppm * factor, search)  # one copy for every circle search below
    found = _circles(blur, dark, sppm * factor, min_mm, max_mm, search, coarse=coarse)
    if ovals:  # a gray page: rims a bilevel scan broke, proposed from weaker edges, judged laxer
        broken = _circles(
            blur, dark, sppm * factor, min_mm, max_mm, search, ROUND_WOBBLE, BROKEN_EDGE, coarse=coarse
        )
        found += [b for b in broken if is_new(b.box, found)]
    seals = [scaled(s, 1.0 / factor) for s in found]
    if not seals and ovals:
        sideways = rotation % 180 == 90
        found = find_gray_ovals(blur, dark, sppm * factor, min_mm, max_mm, sideways)
        seals = [scaled(s, 1.0 / factor) for s in found]
    if ovals:  # ovals at a tilt, and seals beside a round one: from the shapes closed rims enclose
        for rim in find_gray_rims(dark, sppm * factor, min_mm, max_mm):
            seal = scaled(rim, 1.0 / factor)
            if is_new(seal.box, seals):
                seals.append(seal)
        if not seals:  # a rim broken into arcs that no search proposed, proposed by the arcs' votes
            arcs = _circles(
                blur, dark, sppm * factor, min_mm, max_mm, search, ROUND_WOBBLE, arcs=True, coarse=coarse
            )
            seals = [scaled(s, 1.0 / factor) for s in arcs]
        # round seals a bilevel scan left little more of than their star
        known = [scaled(s, factor) for s in seals]
        seals += [scaled(s, 1.0 / factor) for s in find_star_seals(dark, sppm * factor, known)]
    # frames are told from ruling lines by their thickness: judged on the finer page
    for square in find_gray_squares(gray, sppm, min_mm, max_mm):
        if is_new(square.box, seals):
            seals.append(square)
    # and frames whose outline merges with what they were pressed on (a card, words), by their sides;
    # none along the sheet's edge in a photo, where the table's border and the edge look like one
    frames = find_frame_stamps(stroke_ink(gray, sppm), gray, sppm, min_mm, max_mm, seals)
    if frames:
        off = off_paper(gray, sppm)
        frames = [f for f in frames if not _touches(off, f.box)]
    return seals + frames


def off_paper(gray: Image, sppm: float) -> Image:
    """What lies beyond the sheet in a photo or a skewed scan (255): dark areas touching the
    image's border, larger than a hundredth of it, widened by two millimetres."""
    dark = u8(cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1])
    count, labels, stats, _ = cv2.connectedComponentsWithStats(dark, connectivity=8)
    h, w = dark.shape
    keep = np.zeros(count, bool)
    for i in range(1, count):
        x, y, bw, bh, area = stats[i]
        touches = x == 0 or y == 0 or x + bw >= w or y + bh >= h
        keep[i] = touches and area >= 0.01 * h * w
    off = u8(np.where(keep[labels], 255, 0).astype(np.uint8))
    k = max(3, int(2 * sppm)) | 1
    return u8(cv2.dilate(off, np.ones((k, k), np.uint8))) if keep.any() else off


def _touches(off: Image, box: tuple[float, float, float, float]) -> bool:
    x0, y0, x1, y1 = (round(v) for v in box)
    region = off[max(0, y0) : max(0, y1), max(0, x0) : max(0, x1)]
    return bool(region.size) and float((region > 0).mean()) > 0.02


def stroke_ink(gray: Image, sppm: float) -> Image:
    """Strokes darker than their surroundings (255): a frame stamped on a card copy's gray face or
    a photo's edge stays a line, where a global threshold takes the whole card for ink."""
    block = int(3 * sppm) | 1
    return u8(cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 12))


def dark_mask(blur: Image) -> Image:
    """Ink of a gray page: below Otsu's level, or clearly darker than the paper around it.

    A faint ring on gray paper (a phone photo, faded toner) is lighter than
    Otsu's level but darker than its surroundings: the local threshold keeps it.
    """
    _, dark = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    local = cv2.adaptiveThreshold(blur, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 10)
    return u8(cv2.bitwise_or(dark, local))


def _circles(
    blur: Image,
    dark: Image,
    sppm: float,
    min_mm: float,
    max_mm: float,
    search_ppm: float,
    wobble: float = 0.0,
    edge: float | None = None,
    arcs: bool = False,
    coarse: Image | None = None,
) -> list[SealFound]:
    """Circles of seal size found on a coarser copy (the search costs by the pixel: 19 ms a page
    at 3.5 px/mm, about 12 at 3), each ring then judged on the finer ink mask. With ``edge`` the
    search starts from edges that weak and the ring test takes broken rims (``verify_ring``).
    With ``arcs`` the circles are proposed by votes along the edges (the classic gradient search):
    a rim a bilevel scan broke into arcs still gathers its votes at the centre, where the default
    search, which scores how whole a contour is, proposes nothing; judged as broken rims.
    ``coarse``: ``blur`` already brought to ``search_ppm`` (``coarser``), when the caller has it."""
    k = min(1.0, search_ppm / sppm)
    coarse = coarser(blur, sppm, search_ppm) if coarse is None else coarse
    # the vote search (arcs), or the one that scores how whole a contour is
    method, dp, strength, votes = (
        (cv2.HOUGH_GRADIENT, 1.0, ARC_EDGE, ARC_VOTES)
        if arcs
        else (cv2.HOUGH_GRADIENT_ALT, 1.5, HOUGH_EDGE if edge is None else edge, 0.75)
    )
    circles = cv2.HoughCircles(
        coarse,
        method,
        dp=dp,
        minDist=sppm * k * 20,
        param1=strength,
        param2=votes,
        minRadius=int(sppm * k * min_mm / 2),
        maxRadius=int(sppm * k * max_mm / 2),
    )
    broken, clean = edge is not None or arcs, ARC_CLEAN_OUTSIDE if arcs else CLEAN_OUTSIDE
    seals: list[SealFound] = []
    for cx, cy, r in (circles[0] if circles is not None else np.zeros((0, 3))).astype(float) / k:
        best = verify_ring(dark, cx, cy, r, wobble, broken, clean)
        if best is None and arcs:  # votes place a broken rim's centre coarsely: fitted to its ink
            fit = _fitted(dark, cx, cy, r)
            best = None if fit is None else verify_ring(dark, *fit, wobble, True, clean)
            if best is not None and fit is not None:
                cx, cy = fit[0], fit[1]
        if best is None:
            continue
        conf, r_fit = best
        box = (float(cx - r_fit), float(cy - r_fit), float(cx + r_fit), float(cy + r_fit))
        if any(box_iou(box, s.box) > SAME_SEAL for s in seals):
            continue
        seals.append(SealFound(box=box, shape="round", color="gray", confidence=round(conf, 3)))
    return seals


def coarser(blur: Image, sppm: float, search_ppm: float) -> Image:
    """``blur`` (at ``sppm`` px/mm) brought down to ``search_ppm`` for the circle search."""
    k = min(1.0, search_ppm / sppm)
    return blur if k == 1.0 else u8(cv2.resize(blur, None, fx=k, fy=k, interpolation=cv2.INTER_AREA))


def _fitted(dark: Image, cx: float, cy: float, r: float) -> tuple[float, float, float] | None:
    """The circle fitted (least squares, Kåsa) to the ink within a tenth of ``r`` of a proposed
    rim: its centre and radius, or None where too little ink lies there to fit."""
    x0, y0 = max(0, int(cx - 1.2 * r)), max(0, int(cy - 1.2 * r))
    ys, xs = np.nonzero(dark[y0 : int(cy + 1.2 * r) + 1, x0 : int(cx + 1.2 * r) + 1])
    xs, ys = xs + x0, ys + y0
    d = np.hypot(xs - cx, ys - cy)
    near = (d > 0.9 * r) & (d < 1.1 * r)
    if near.sum() < 20:
        return None
    x, y = xs[near].astype(float), ys[near].astype(float)
    a = np.column_stack([x, y, np.ones_like(x)])
    (p, q, c), *_ = np.linalg.lstsq(a, x * x + y * y, rcond=None)
    fx, fy = p / 2, q / 2
    radius2 = c + fx * fx + fy * fy
    return (float(fx), float(fy), float(np.sqrt(radius2))) if radius2 > 0 else None


def find_gray_ovals(
    blur: Image, dark: Image, sppm: float, min_mm: float, max_mm: float, sideways: bool = False
) -> list[SealFound]:
    """Oval seals (a company's 业务专用章, 40x30 or 45x30 mm): the page stretched across the oval's
    long axis by √2 turns such an oval into a near-circle, which the circle search and ring test
    then judge as they judge round seals. Ovals stand level on the upright page, so on a page
    still lying on its side (``sideways``) the stretch is along the other axis."""
    seals: list[SealFound] = []
    for stretch in OVAL_STRETCHES:
        sx, sy = (stretch, 1.0) if sideways else (1.0, stretch)
        wide = u8(cv2.resize(blur, None, fx=sx, fy=sy, interpolation=cv2.INTER_LINEAR))
        wide_dark = u8(cv2.resize(dark, None, fx=sx, fy=sy, interpolation=cv2.INTER_NEAREST))
        # sizes along the stretched axis grow: search up to the stretched long side
        found = _circles(wide, wide_dark, sppm, min_mm, max_mm * stretch, COARSE_SEARCH_PPM, OVAL_WOBBLE)
        for seal in found:
            x0, y0, x1, y1 = seal.box
            box = (x0 / sx, y0 / sy, x1 / sx, y1 / sy)
            if min(box[2] - box[0], box[3] - box[1]) < 0.55 * max(box[2] - box[0], box[3] - box[1]):
                continue
            if is_new(box, seals):
                seals.append(SealFound(box=box, shape="oval", color="gray", confidence=seal.confidence))
        if seals:
            break  # the first stretch that finds an oval: one per seal
    return seals


def find_gray_squares(gray: Image, sppm: float, min_mm: float, max_mm: float) -> list[SealFound]:
    """Square and rectangular seals on a gray page: closed frames of seal size drawn in strokes
    thicker than text, with sparse text inside.

    A seal's frame is about 1 mm of ink while printed and written strokes are
    well under 0.5 mm, so an opening of 0.7 mm leaves frames (and heavy table
    rules) and drops the text that touches a stamped frame. A table is told apart
    by its size (its rules join into one contour), a round seal by its fill of
    the rotated rectangle, a QR code, a chip or a portrait by the ink inside: a
    stamp's words cover well under half of it. Rectangular stamps (复印件与原件一致,
    已审核, a dated 收讫) are as long as a seal but may be less than half as high.
    """
    # a lighter blur than the circle search's, which would glue touching text onto the frame
    soft = cv2.GaussianBlur(gray, (3, 3), 0)
    dark = u8(cv2.threshold(soft, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)[1])
    k = max(2, round(0.7 * sppm))
    thick = u8(cv2.morphologyEx(dark, cv2.MORPH_OPEN, np.ones((k, k), np.uint8)))
    contours, _ = cv2.findContours(thick, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    out = _frames(contours, thick, dark, sppm, min_mm, max_mm, k)
    # a stamp framed in thin lines (复印件与原件一致 in a double rule) the opening wipes out: a frame
    # standing alone on the sheet is an outer contour of its own (a table cell never is)
    # Only an elongated one (a line of words): a thin square or portrait frame is as likely a
    # printed box (a photo's place on a form), which only a thick stamped rule tells apart.
    thin, _ = cv2.findContours(dark, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    for seal in _frames(thin, dark, dark, sppm, min_mm, max_mm, 2, THIN_FRAME):
        x0, y0, x1, y1 = seal.box
        elongated = min(x1 - x0, y1 - y0) <= THIN_FRAME_RATIO * max(x1 - x0, y1 - y0)
        if elongated and is_new(seal.box, out):
            out.append(seal)
    return out


def _frames(
    contours: Sequence[np.ndarray],
    frame_ink: Image,
    dark: Image,
    sppm: float,
    min_mm: float,
    max_mm: float,
    k: int,
    min_frame: float = 0.8,
) -> list[SealFound]:
    """The contours that are stamp frames: seal-sized closed rectangles whose outline (its inner
    ``k`` px) is ink in ``frame_ink`` (at least ``min_frame`` of it), with sparse words inside."""
    out: list[SealFound] = []
    for c in contours:
        (_, _), (w, h), _ = cv2.minAreaRect(c)
        short_mm, long_mm = min(w, h) / sppm, max(w, h) / sppm
        if not (min_mm * RECT_SHORT <= short_mm and min_mm <= long_mm <= max_mm):
            continue
        fill = cv2.contourArea(c) / max(1.0, w * h)
        if short_mm / long_mm < RECT_RATIO or fill < 0.9:
            continue
        x, y, bw, bh = cv2.boundingRect(c)
        filled = np.zeros_like(dark)
        cv2.drawContours(filled, [c], -1, (255,), thickness=cv2.FILLED)
        band = filled > cv2.erode(filled, np.ones((k, k), np.uint8))  # the outline's inner k px
        on_frame = float((frame_ink[band] > 0).mean()) if band.any() else 0.0
        inner = cv2.erode(filled, np.ones((3 * k, 3 * k), np.uint8))
        text_ink = float((dark[inner > 0] > 0).mean()) if inner.any() else 0.0
        # the frame stands alone: inside it, what survives the opening is thin (no solid block)
        opened = frame_ink is not dark
        solid = float((frame_ink[inner > 0] > 0).mean()) if inner.any() and opened else 0.0
        if on_frame < min_frame or not 0.05 <= text_ink <= FRAME_MAX_TEXT or solid > FRAME_MAX_SOLID:
            continue
        conf = float(np.clip(0.3 + 0.6 * on_frame, 0, 0.95))
        box = (float(x), float(y), float(x + bw), float(y + bh))
        out.append(SealFound(box=box, shape="square", color="gray", confidence=round(conf, 3)))
    return out


def find_mask_rings(mask: Image, sppm: float, min_mm: float, max_mm: float) -> list[SealFound]:
    """Round and oval seals in one ink's mask where that ink is also print (a red e-invoice): the
    seal merges with the printed lines into one blob, but its rim is still a ring at one radius,
    which the circle search and ring test find in the mask as they do on a gray page, and a tilted
    oval's closed rim encloses a solid ellipse there as it does on a gray page (``rims``)."""
    small, factor = halved(mask, sppm, GRAY_PPM)
    dark = u8(cv2.threshold(small, 127, 255, cv2.THRESH_BINARY)[1])
    blur = u8(cv2.GaussianBlur(cv2.bitwise_not(dark), (5, 5), 1.5))
    found = _circles(blur, dark, sppm * factor, min_mm, max_mm, COARSE_SEARCH_PPM)
    ovals = find_gray_ovals(blur, dark, sppm * factor, min_mm, max_mm)
    # and seals stamped at a tilt, from the shapes their closed rims enclose (a hand-pressed oval)
    for oval in ovals + find_gray_rims(dark, sppm * factor, min_mm, max_mm):
        if is_new(oval.box, found):
            found.append(oval)
    return [replace(scaled(s, 1.0 / factor), color="red") for s in found]
