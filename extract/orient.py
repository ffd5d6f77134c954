"""Page orientation from the text detector's own line boxes; skew from a projection search.

A sideways page is turned before the detector sees it: the small ink mask the
skew search builds anyway is smeared along rows and along columns, and text
lines join into long bars only along the reading direction (measured on the
samples: rows/columns ≥ 1.9 upright, ≤ 0.52 sideways; ~3 ms). The detector's
own boxes check that verdict: turned characters come out as tall, thin lines,
and a page the mask test left sideways is turned and detected again. Only
"upright or upside down" needs a model: the 0.6 MB text-line classifier looks
at a handful of the longest lines. So a page costs one detection, as plain OCR
would, unless the mask test was wrong or the skew needs a second look.

Skew is measured and removed *before* detection (a projection-profile search
on an 800 px copy, ~8 ms): measured on this project's pages, the recogniser
drops characters (广, 工, 月) from strips cut along a skewed line's box, whose
box comes out a few pixels taller than the text, while the box of the same
line detected on the straightened page is tight and reads right.

Conventions are those of ``extract.preprocess``: ``rotation`` is the clockwise
turn applied to the input, ``skew`` the angle of the text (CCW positive) and the
page is rotated by ``-skew``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import cv2
import numpy as np

from extract.engines.lines import crop_quad, recognize_quads, sort_lines
from extract.preprocess import best_angle, ink_points, line_evidence, resize_max, rotate_image, turn, u8
from extract.types import LineOcrEngine
from kernel.reading import Image, Quad, TextLine

if TYPE_CHECKING:
    from extract.engines.orientation import FlipClassifier

SKEW_SIDE = 800
SKEW_POINTS = 15000
MIN_SKEW = 0.15  # degrees: below this a rotation would only blur the page
RESIDUAL_SKEW = 0.5  # degrees left in the detected boxes that warrant a second pass
ELONGATED = 2.5  # long side / short side for a box to count as a line with a direction
SIDEWAYS = 1.5  # vertical line length must beat horizontal by this factor to turn the page
SIDEWAYS_MASK = 1.6  # the same test on the smeared ink mask, before detection (samples: ≥ 1.9 apart)
# longest lines shown to the flip classifier (two crops each: as cut and turned); 4 agreed with 6 on
# all 478 cached readings of the sample and unseen sets
FLIP_LINES = 4
# char-weighted recogniser score of those lines from which a page reads upright without asking the
# classifier: on the 146 OCR'd pages of the samples and four unseen sets, 132 upright pages scored
# 0.85 or more (the rest 0.38-0.84: poor scans) and the same lines turned 180° at most 0.71
READS_UPRIGHT = 0.85
MIN_READ_CHARS = 8


@dataclass(frozen=True)
class Upright:
    """Where the page's text is once turned upright (before deskewing)."""

    rotation: int  # clockwise turn applied to the input (0/90/180/270)
    skew: float  # text angle on the turned page (degrees CCW), already removed from ``image``
    image: Image  # the turned, straightened page that was detected on
    quads: list[Quad]  # line boxes in pixels of ``image``
    lines: list[TextLine] = field(default_factory=list)  # read from ``quads`` once known upright


def _sides(quad: Quad) -> tuple[float, float]:
    """(length along the top edge, length along the left edge)."""
    p = np.asarray(quad, np.float64)
    return float(np.hypot(*(p[1] - p[0]))), float(np.hypot(*(p[3] - p[0])))


def line_direction(quads: Sequence[Quad]) -> tuple[float, float]:
    """Total length of elongated boxes running across (rows) and down (columns) the image."""
    across = down = 0.0
    for q in quads:
        box = cv2.minAreaRect(np.asarray(q, np.float32))
        (w, h), angle = box[1], box[2]
        long_, short = max(w, h), min(w, h)
        if short <= 0 or long_ < ELONGATED * short:
            continue
        # direction of the long side, folded into [0, 180)
        theta = (angle if w >= h else angle + 90.0) % 180.0
        if theta < 45 or theta > 135:
            across += long_
        else:
            down += long_
    return across, down


def stroke_mask(gray: Image) -> Image:
    """Ink strokes of a small copy of the page (255 = ink), for skew and direction.

    A local threshold takes strokes only; a global (Otsu) one also takes tinted
    card backgrounds and photos as ink, whose edges then decide the angle (a
    residence permit came out at -9.5°).
    """
    small = resize_max(gray, SKEW_SIDE)
    return u8(cv2.adaptiveThreshold(small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 15, 12))


def text_skew(gray: Image, mask: Image | None = None) -> float:
    """Angle of the text rows in degrees (CCW positive), searched in ±10° on a small copy; 0 when
    the page has no clear rows (ruling lines count: they run with the text)."""
    mask = stroke_mask(gray) if mask is None else mask
    angle, sharp = best_angle(ink_points(mask, SKEW_POINTS), axis=1)
    return angle if sharp > 1.05 and abs(angle) >= MIN_SKEW else 0.0


def looks_sideways(mask: Image) -> bool:
    """Text lines of the stroke mask run down the page clearly more than across it."""
    across, down = line_evidence(mask)
    return down > SIDEWAYS_MASK * across


def quad_skew(quads: Sequence[Quad]) -> float:
    """Length-weighted median angle of the long line boxes (degrees CCW); 0 without enough of them."""
    angles: list[float] = []
    weights: list[float] = []
    for q in quads:
        top, left = _sides(q)
        if top >= 4 * max(left, 1.0):
            (x0, y0), (x1, y1) = q[0], q[1]
            angles.append(-math.degrees(math.atan2(y1 - y0, x1 - x0)))
            weights.append(top)
    if len(angles) < 3:
        return 0.0
    order = np.argsort(angles)
    cum = np.cumsum(np.asarray(weights)[order])
    return float(np.asarray(angles)[order][int(np.searchsorted(cum, cum[-1] / 2))])


def straighten(gray: Image, skew: float | None = None, mask: Image | None = None) -> tuple[Image, float]:
    """The page rotated so its rows are level (by ``skew``, measured when not given), and the skew."""
    skew = text_skew(gray, mask) if skew is None else skew
    return (rotate_image(gray, -skew) if skew else gray), skew


def turn_quads(quads: Sequence[Quad], shape: tuple[int, ...], rotation: int) -> list[Quad]:
    """Quads on an image of ``shape`` carried onto the same image turned clockwise by ``rotation``;
    the corners are re-ordered so each quad still starts at its text's top left."""
    h, w = shape[:2]
    rotation %= 360
    out: list[Quad] = []
    for q in quads:
        if rotation == 90:
            pts = [(h - 1 - y, x) for x, y in q]
        elif rotation == 180:
            pts = [(w - 1 - x, h - 1 - y) for x, y in q]
        elif rotation == 270:
            pts = [(y, w - 1 - x) for x, y in q]
        else:
            pts = list(q)
        shift = {0: 0, 90: 3, 180: 2, 270: 1}[rotation]
        out.append(tuple(pts[(i + shift) % 4] for i in range(4)))
    return out


def place_box(
    box: tuple[float, float, float, float], shape: tuple[int, ...], rotation: int, skew: float
) -> tuple[float, float, float, float]:
    """A box on the input page carried onto the upright, straightened page: the corners turned
    exactly, then the centre rotated by the deskew (the box keeps its size: seals are round)."""
    turned = turn_quads(
        [((box[0], box[1]), (box[2], box[1]), (box[2], box[3]), (box[0], box[3]))], shape, rotation
    )
    xs = [p[0] for p in turned[0]]
    ys = [p[1] for p in turned[0]]
    x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
    if not skew:
        return (x0, y0, x1, y1)
    h, w = shape[:2]
    size = (h, w) if rotation % 180 else (w, h)  # (width, height) of the turned page
    m = cv2.getRotationMatrix2D((size[0] / 2, size[1] / 2), -skew, 1.0)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    nx = m[0, 0] * cx + m[0, 1] * cy + m[0, 2]
    ny = m[1, 0] * cx + m[1, 1] * cy + m[1, 2]
    return (nx - (x1 - x0) / 2, ny - (y1 - y0) / 2, nx + (x1 - x0) / 2, ny + (y1 - y0) / 2)


def _long_lines(quads: Sequence[Quad], limit: int) -> list[Quad]:
    flat = [(q, _sides(q)) for q in quads]
    flat = [(q, s) for q, s in flat if s[0] >= 3 * max(s[1], 1.0)]
    flat.sort(key=lambda item: -item[1][0])
    return [q for q, _ in flat[:limit]]


def flip_vote(
    image: Image, quads: Sequence[Quad], flip: FlipClassifier | None, engine: LineOcrEngine
) -> float:
    """> 0 when the lines read upside down: the classifier's vote, else the recogniser's confidence.

    Each crop is shown as cut and turned 180°, and the difference of the two
    answers is used, which cancels the classifier's bias on odd crops (digits,
    box rules).
    """
    crops = [c for c in (crop_quad(image, q) for q in _long_lines(quads, FLIP_LINES)) if c.size]
    if not crops:
        return 0.0
    turned = [u8(cv2.rotate(c, cv2.ROTATE_180)) for c in crops]
    if flip is not None:
        probs = flip.prob_flipped(crops + turned)  # one run of the classifier for both halves
        return float(np.mean(probs[: len(crops)]) - np.mean(probs[len(crops) :]))
    sample = crops[:3]
    now = engine.recognize(sample)
    back = engine.recognize(turned[:3])

    def mean_conf(results: list[tuple[str, float]]) -> float:
        n = sum(len(t) for t, _ in results)
        return sum(s * len(t) for t, s in results) / max(1, n)

    return mean_conf(back) - mean_conf(now)


def find_upright(clean: Image, engine: LineOcrEngine, flip: FlipClassifier | None) -> Upright:
    """The page turned upright and straightened, its line boxes and the lines read from them
    (``find_level``, then ``read_upright``)."""
    return read_upright(find_level(clean, engine), engine, flip)


def find_level(clean: Image, engine: LineOcrEngine) -> Upright:
    """Turn a sideways page, straighten, detect lines (turn, straighten and detect again when the
    boxes still run down the page). Returns the straight page, upright or upside down, and its
    line boxes; nothing is read yet.

    The line boxes double-check the skew: when the long ones still lean by half
    a degree or more, the page is rotated by that much more and detected again.
    """
    rotation = 0
    mask = stroke_mask(clean)
    if looks_sideways(mask):
        rotation = 90
        clean, mask = turn(clean, 90), turn(mask, 90)
    straight, skew = straighten(clean, mask=mask)
    quads = engine.detect(straight)
    across, down = line_direction(quads)
    if down > SIDEWAYS * across:
        rotation = (rotation + 90) % 360
        clean = turn(clean, 90)
        straight, skew = straighten(clean)
        quads = engine.detect(straight)
    left = quad_skew(quads)
    if abs(left) >= RESIDUAL_SKEW:  # the projection search was misled (photos, tinted cards): redo
        straight, skew = straighten(clean, skew + left)
        quads = engine.detect(straight)
    return Upright(rotation, skew, straight, quads)


def reads_upright(lines: Sequence[TextLine]) -> bool:
    """The recogniser read these lines (the page's longest) confidently: the page is upright."""
    chars = sum(len(ln.text) for ln in lines)
    if chars < MIN_READ_CHARS:
        return False
    return sum(ln.confidence * len(ln.text) for ln in lines) / chars >= READS_UPRIGHT


def read_upright(level: Upright, engine: LineOcrEngine, flip: FlipClassifier | None) -> Upright:
    """Read a level page's lines, turning it 180° first where it lies upside down.

    The longest lines are recognised first: when they read confidently, the page
    is upright and the rest is read (the lines are needed anyway, so the check
    costs nothing). Only otherwise (upside down, or a poor scan) does the flip
    classifier vote, and an upside-down page is turned and read whole, the first
    few lines read in vain.
    """
    long_ = set(_long_lines(level.quads, FLIP_LINES))
    first = recognize_quads(engine, level.image, [q for q in level.quads if q in long_])
    if not reads_upright(first) and flip_vote(level.image, level.quads, flip, engine) > 0:
        quads = turn_quads(level.quads, level.image.shape, 180)
        image = turn(level.image, 180)
        up = Upright((level.rotation + 180) % 360, level.skew, image, quads)
        return replace(up, lines=recognize_quads(engine, image, quads))
    rest = recognize_quads(engine, level.image, [q for q in level.quads if q not in long_])
    return replace(level, lines=sort_lines(first + rest))
