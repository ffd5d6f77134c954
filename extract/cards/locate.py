"""Where the cards lie on a copied sheet, and which text lines each holds.

Two kinds of evidence, the first that works wins: the card's face on the image (a
card-shaped, card-sized quadrilateral that stands out from the copier's background
by its brightness or its edge), then the text lines themselves (a card's lines lie
close together; two cards on one sheet are parted by a gap many lines high). A
cluster counts as a card only while it is card-sized: the lines of a whole form
make one cluster far larger than any card.

A card is photocopied a little askew, and two cards on one sheet each at their own
angle, so every card carries its own tilt, measured from its lines' top edges; the
reader compares rows and columns in the card's own frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import median

import cv2
import numpy as np

from extract.clusters import bounds, line_clusters
from extract.layout import v_overlap
from kernel.reading import Image, PageReading, PixelBox, TextLine

CARD_ASPECT = 85.6 / 54.0
ASPECT_RANGE = (1.35, 1.85)
# a card's short side as a share of the sheet's short side: real size on A4 is 0.26, enlarged
# copies up to ~0.45; anything larger is a page, not a card
SHORT_SIDE_RANGE = (0.14, 0.48)
MAX_CARD_SPAN = (0.75, 0.42)  # a text cluster wider / taller than this share of the page is no card
TALL = 1.5  # a line this much taller than wide was read running down the page (the recogniser's
# ``extract.engines.lines.crop_quad`` turns such a strip; not imported: the queue and the API load
# the card reader and never OCR code)
SIDEWAYS_SHARE = 0.6  # a card most of whose worded lines run down the page was read sideways
SIDEWAYS = 90.0  # its tilt: turned clockwise a quarter, its top to the right (``in_card_frame``)


@dataclass(frozen=True)
class CardRegion:
    """One card on the page: its lines, their bounding box in page pixels and its tilt (degrees,
    positive when the card's right side lies lower)."""

    lines: tuple[TextLine, ...]
    box: PixelBox
    angle: float


def _short_side(reading: PageReading) -> float:
    return float(max(1, min(reading.width, reading.height)))


def face_quads(image: Image, short_side: float) -> list[np.ndarray]:
    """Card-shaped quadrilaterals (4x2 corner arrays, page pixels) found on the image.

    Tried on two masks: bright regions above the sheet's own threshold (a light card on a
    gray copier background) and closed edges (a card's outline on a white sheet).
    """
    gray = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    scale = 800.0 / max(gray.shape)
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    small = cv2.GaussianBlur(small, (5, 5), 0)
    _, bright = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (5, 5))
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, kernel)
    edges = cv2.dilate(cv2.Canny(small, 40, 120), kernel)
    found: list[np.ndarray] = []
    for mask in (bright, edges):
        contours, _ = cv2.findContours(mask, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
        for contour in contours:
            quad = _card_quad(contour, short_side * scale)
            if quad is not None and not any(_same_quad(quad, q) for q in found):
                found.append(quad)
    return [q / scale for q in found]


def _card_quad(contour: np.ndarray, short_side: float) -> np.ndarray | None:
    """The contour's rotated rectangle when it is card-shaped, card-sized and filled by the contour."""
    (cx, cy), (w, h), angle = cv2.minAreaRect(contour)
    long, short = max(w, h), min(w, h)
    if short <= 0 or not ASPECT_RANGE[0] <= long / short <= ASPECT_RANGE[1]:
        return None
    if not SHORT_SIDE_RANGE[0] <= short / short_side <= SHORT_SIDE_RANGE[1]:
        return None
    if cv2.contourArea(contour) < 0.85 * w * h:
        return None
    return np.asarray(cv2.boxPoints(((cx, cy), (w, h), angle)), np.float64)


def _same_quad(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.linalg.norm(a.mean(axis=0) - b.mean(axis=0)) < 0.2 * math.dist(a[0], a[2]))


def line_angle(line: TextLine) -> float | None:
    """A line's tilt in degrees from its polygon's top edge (None without a polygon)."""
    if len(line.polygon) < 2:
        return None
    (x0, y0), (x1, y1) = line.polygon[0], line.polygon[1]
    if x1 - x0 <= 0:
        return None
    return math.degrees(math.atan2(y1 - y0, x1 - x0))


def read_sideways(lines: list[TextLine]) -> bool:
    """Whether a card's lines were read running down the page: a card laid on the glass with its
    top to the right, on a sheet upright by its other text. The recogniser turns a tall line a
    quarter turn counter-clockwise before reading it, so the lines it reads well are those of a
    card turned clockwise (a card turned the other way reads as scraps: ``extract.turned_cards``)."""
    worded = [ln for ln in lines if len(ln.text.strip()) >= 2]
    tall = [ln for ln in worded if ln.box[3] - ln.box[1] >= TALL * (ln.box[2] - ln.box[0])]
    return len(tall) >= 3 and len(tall) >= SIDEWAYS_SHARE * len(worded)


def tilt(lines: list[TextLine]) -> float:
    """The median tilt of a card's longer lines (0 when none tells)."""
    angles = [a for ln in lines if len(ln.text) >= 3 and (a := line_angle(ln)) is not None]
    return float(median(angles)) if angles else 0.0


def _inside(quad: np.ndarray, line: TextLine) -> bool:
    contour = quad.astype(np.float32).reshape(-1, 1, 2)
    return cv2.pointPolygonTest(contour, (float(line.cx), float(line.cy)), False) >= 0


def _card_sized(lines: list[TextLine], reading: PageReading) -> bool:
    x0, y0, x1, y1 = bounds(lines)
    portrait = reading.height >= reading.width
    across, down = (reading.width, reading.height) if portrait else (reading.height, reading.width)
    w, h = (x1 - x0, y1 - y0) if portrait else (y1 - y0, x1 - x0)
    return w <= MAX_CARD_SPAN[0] * across and h <= MAX_CARD_SPAN[1] * down


def _same_rows(cluster: list[TextLine], group: list[TextLine]) -> bool:
    """Whether a cluster of lines is the rest of a card an outline found: at least two of its lines
    stand on the rows of the card's lines, just left or right of them (its labels, 姓名 性别 …, where
    the outline found was an inner panel holding only the values)."""
    height = median(ln.height for ln in group)
    gx0, _, gx1, _ = bounds(group)
    cx0, _, cx1, _ = bounds(cluster)
    if max(cx0 - gx1, gx0 - cx1) > 2 * height:
        return False
    rows = sum(1 for ln in cluster if any(v_overlap(ln.box, other.box) >= 0.6 for other in group))
    return rows >= 2


def card_regions(reading: PageReading) -> list[CardRegion]:
    """The cards on a page (top to bottom), each with the lines it holds; empty for a page of
    text that no card-sized region or cluster holds."""
    text_lines = [ln for ln in reading.lines if ln.text.strip()]
    groups: list[list[TextLine]] = []
    if reading.image is not None and not reading.from_text_layer:
        for quad in face_quads(reading.image, _short_side(reading)):
            held = [ln for ln in text_lines if _inside(quad, ln)]
            if len(held) >= 2:
                groups.append(held)
    # a card whose outline the image search missed (a white card on a white sheet beside one on
    # gray) is still found by the cluster its lines make among the lines no outline holds
    outlined = {id(ln) for g in groups for ln in g}
    rest = [ln for ln in text_lines if id(ln) not in outlined]
    for cluster in line_clusters(rest):
        if len(cluster) < 2 or not _card_sized(cluster, reading):
            continue
        beside = next(
            (g for g in groups if _same_rows(cluster, g) and _card_sized([*g, *cluster], reading)), None
        )
        if beside is not None:
            beside.extend(cluster)  # a card's label column an outline inside the card left out
        else:
            groups.append(cluster)
    regions = [CardRegion(tuple(g), bounds(g), SIDEWAYS if read_sideways(g) else tilt(g)) for g in groups]
    return sorted(regions, key=lambda r: (r.box[1], r.box[0]))


def in_card_frame(line: TextLine, region: CardRegion) -> PixelBox:
    """A line's box turned into the card's frame (rows level), about the card's centre."""
    cx, cy = (region.box[0] + region.box[2]) / 2, (region.box[1] + region.box[3]) / 2
    a = math.radians(-region.angle)
    cos, sin = math.cos(a), math.sin(a)
    pts = line.polygon or (
        (line.box[0], line.box[1]),
        (line.box[2], line.box[1]),
        (line.box[2], line.box[3]),
        (line.box[0], line.box[3]),
    )
    xs, ys = [], []
    for x, y in pts:
        dx, dy = x - cx, y - cy
        xs.append(cx + dx * cos - dy * sin)
        ys.append(cy + dx * sin + dy * cos)
    return (min(xs), min(ys), max(xs), max(ys))
