"""Which pixels are seal ink on a colour page: strong red first, faint red when that finds nothing."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from extract.preprocess import cumulative_histogram, quantile, u8
from kernel.reading import Image

FAINT_REDNESS = 12  # red above green and blue, beyond the paper's own, for faint seal ink
FAINT_BLUENESS = 12  # blue (purple: blue and red) above green, beyond the paper's own; paler than red
GRAY_SPREAD = 8  # channel spread (99th percentile) up to which a BGR page is a gray scan


@dataclass(frozen=True)
class InkPlanes:
    """A colour page's HSV and its redness (red minus the larger of green and blue), computed once."""

    hsv: Image
    redness: Image
    red: Image


def colour_scan(image: Image) -> bool:
    """Whether a page was scanned in colour: its channels differ somewhere beyond JPEG's chroma noise.

    Not "has saturated colour": a faint seal on beige paper is a colour scan whose
    most saturated ink is at 45 of 255. A gray scan stored as BGR has equal channels.
    """
    if image.ndim == 2:
        return False
    step = max(1, max(image.shape[:2]) // 400)
    sample = np.ascontiguousarray(image[::step, ::step])
    b, g, r = cv2.split(sample)
    spread = cv2.subtract(cv2.max(cv2.max(b, g), r), cv2.min(cv2.min(b, g), r))
    hist = cumulative_histogram(u8(spread))
    # some clearly coloured ink (a seal on white paper), or a tinted sheet (99th percentile)
    coloured_ink = 1.0 - hist[3 * GRAY_SPREAD] / hist[-1] >= 0.0005
    return coloured_ink or int(quantile(hist, 0.99)) > GRAY_SPREAD


def ink_planes(image: Image) -> InkPlanes:
    b, g, r = (u8(cv2.extractChannel(image, i)) for i in range(3))
    return InkPlanes(u8(cv2.cvtColor(image, cv2.COLOR_BGR2HSV)), u8(cv2.subtract(r, cv2.max(g, b))), r)


def red_mask(image: Image, planes: InkPlanes | None = None) -> Image:
    """Red, orange-red and faded-red ink (255) on a BGR page."""
    p = planes or ink_planes(image)
    low = cv2.inRange(p.hsv, np.array([0, 50, 70], np.uint8), np.array([14, 255, 255], np.uint8))
    high = cv2.inRange(p.hsv, np.array([160, 50, 70], np.uint8), np.array([180, 255, 255], np.uint8))
    # faded ink: weakly saturated but clearly redder than green and blue
    faded = cv2.bitwise_and(
        cv2.threshold(p.redness, 35, 255, cv2.THRESH_BINARY)[1],
        cv2.threshold(p.red, 110, 255, cv2.THRESH_BINARY)[1],
    )
    return u8(cv2.bitwise_or(cv2.bitwise_or(low, high), faded))


def blue_mask(image: Image, planes: InkPlanes | None = None) -> Image:
    """Blue, violet and purple stamp ink (255) on a BGR page: the other inks offices stamp with.

    Hue 95-159 of OpenCV's 180 (cyan-blue through purple up to where ``red_mask``'s
    magenta-red begins), clearly saturated and not near black. Blue pen is in it
    too: only the frame and ring checks that follow tell a stamp from handwriting.
    """
    p = planes or ink_planes(image)
    return u8(cv2.inRange(p.hsv, np.array([95, 50, 40], np.uint8), np.array([159, 255, 255], np.uint8)))


def faint_red_mask(image: Image, planes: InkPlanes | None = None) -> Image:
    """Faded, pale or purplish seal ink (255) that ``red_mask`` misses, judged against the paper.

    A seal stamped with little ink, or scanned at low resolution and JPEG-blurred,
    keeps its hue but drops to 25-50 saturation and 20-30 redness (measured on
    the unseen set), where a fixed threshold would also take a pink sheet or a
    skin-toned photo. So redness counts above the page's own paper redness, and
    this mask is only tried when the strict one finds no seal; the shape and
    ring checks that follow are what tell a seal from a reddish smudge.
    """
    p = planes or ink_planes(image)
    low = cv2.inRange(p.hsv, np.array([0, 20, 70], np.uint8), np.array([14, 255, 255], np.uint8))
    high = cv2.inRange(p.hsv, np.array([150, 20, 70], np.uint8), np.array([180, 255, 255], np.uint8))
    return u8(cv2.bitwise_and(cv2.bitwise_or(low, high), _above_paper(p.redness, p.hsv, FAINT_REDNESS)))


def faint_blue_mask(image: Image, planes: InkPlanes | None = None) -> Image:
    """Pale blue, violet or purple stamp ink (255) that ``blue_mask`` misses, judged against the paper.

    A worn or lightly inked blue stamp keeps its hue but half its ring drops to
    saturation 25-50, where ``blue_mask`` keeps only the darkest strokes and the
    seal falls apart into pieces too small to be one; a pale purple one stamped over
    a card copy's gray sits at saturation 20-45, hue up to 165. Its ink must stand above green
    by more than the paper's own tint, as red must above the others in
    ``faint_red_mask``; it is only tried when the strict mask finds no stamp.
    """
    p = planes or ink_planes(image)
    hued = cv2.inRange(p.hsv, np.array([95, 20, 70], np.uint8), np.array([165, 255, 255], np.uint8))
    # blue ink stands above green in its blue, purple in its blue and its red
    blue, green, red = (cv2.extractChannel(image, i) for i in range(3))
    blueness = cv2.subtract(cv2.max(blue, red), green)
    return u8(cv2.bitwise_and(hued, _above_paper(u8(blueness), p.hsv, FAINT_BLUENESS)))


def _above_paper(plane: Image, hsv: Image, margin: int) -> Image:
    """Where a colour measure (redness, blueness) stands ``margin`` or more above the paper's own
    (255): the paper's is its median over the page's brighter half, sampled on a ~300 px grid."""
    step = max(1, max(plane.shape[:2]) // 300)
    sample_v, sample = hsv[::step, ::step, 2], plane[::step, ::step]
    paper = float(np.median(sample[sample_v >= np.median(sample_v)]))
    return u8(cv2.threshold(plane, min(254.0, paper + margin - 1), 255, cv2.THRESH_BINARY)[1])


CHROMA_INK = 25  # chroma (max - min channel) of ink above which a seal found by its shape is coloured


def coloured_ink(planes: InkPlanes, box: tuple[float, float, float, float]) -> bool:
    """Whether the ink in ``box`` (pixels of the planes) has a colour: a pale blue or purple stamp
    that only the shape searches found is still a stamp in coloured ink, not a photocopy.

    Ink is the box's darker quarter; toner and black print under the stamp have no
    chroma, so the stamp's own colour shows in the upper quartile of that ink.
    Chroma, not saturation: near black, JPEG noise of a few levels is a high
    saturation but stays a small chroma.
    """
    x0, y0, x1, y1 = (max(0, round(v)) for v in box)
    hsv = planes.hsv[y0:y1, x0:x1]
    if hsv.size == 0:
        return False
    value = hsv[:, :, 2].ravel().astype(np.float32)
    chroma = hsv[:, :, 1].ravel() * value / 255.0
    ink = chroma[value <= np.percentile(value, 25)]
    return bool(len(ink)) and float(np.percentile(ink, 75)) >= CHROMA_INK
