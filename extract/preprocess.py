"""Make a scanned page upright, straight and seal-free before OCR (pure functions).

Order matters and is cheap-first: a small gray copy (long side ~1200 px) tells
sideways from upright by text-line geometry (projection-profile sharpness of
rows vs columns, ruling lines removed), and gives the skew angle from the same
search. Only the upright-vs-upside-down question needs a model: a handful of
text-line crops go through the 0.6 MB text-line classifier (about a millisecond
each), or, without it, the recogniser's confidence on a few lines.
Conventions: ``rotation`` is the clockwise turn (0/90/180/270) applied to the
input; ``skew`` is the angle of the text found (counter-clockwise positive, as
in ``cv2.getRotationMatrix2D``), and the page is rotated by ``-skew``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import cv2
import numpy as np
import numpy.typing as npt

from kernel.reading import Image

if TYPE_CHECKING:
    from extract.engines.orientation import FlipClassifier
    from extract.types import OcrEngine

ANALYSIS_SIDE = 1200  # long side of the copy used for geometry
MAX_SKEW = 10.0
WORK_SIDE = 2400  # long side pages are brought down to (~200 dpi A4): OCR loses nothing, time halves


def u8(array: Any) -> Image:
    """OpenCV's stubs type every result as a generic array; our images are uint8 by construction."""
    return cast(Image, array)


_ROTATE = {90: cv2.ROTATE_90_CLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_COUNTERCLOCKWISE}


def cumulative_histogram(channel: Image, mask: Image | None = None) -> npt.NDArray[Any]:
    """The cumulative histogram of a uint8 image's values (where ``mask`` is set): quantiles from it
    cost a lookup, where numpy's percentile and median sort the pixels."""
    return np.cumsum(cv2.calcHist([channel], [0], mask, [256], [0, 256]).ravel())


def quantile(cumulative: npt.NDArray[Any], q: float) -> float:
    """The ``q`` quantile of the values a ``cumulative_histogram`` counts."""
    return float(np.searchsorted(cumulative, q * cumulative[-1]))


def to_gray(image: Image) -> Image:
    return image if image.ndim == 2 else u8(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY))


def resize_max(image: Image, side: int) -> Image:
    h, w = image.shape[:2]
    scale = side / max(h, w)
    if scale >= 1:
        return image
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    return u8(cv2.resize(image, size, interpolation=cv2.INTER_AREA))


def downscale(image: Image, max_side: int = WORK_SIDE) -> tuple[Image, float]:
    """Bring a page down to ``max_side`` (never up); returns the image and the scale used."""
    h, w = image.shape[:2]
    scale = min(1.0, max_side / max(h, w))
    return (resize_max(image, max_side), scale) if scale < 1 else (image, 1.0)


def text_mask(gray: Image) -> Image:
    """Ink mask (255 = ink) without long ruling lines, which would dominate the geometry."""
    blur = cv2.GaussianBlur(gray, (3, 3), 0)
    _, mask = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
    h, w = mask.shape
    horiz = cv2.morphologyEx(
        mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(15, w // 12), 1))
    )
    vert = cv2.morphologyEx(
        mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, max(15, h // 12)))
    )
    return u8(cv2.subtract(mask, cv2.bitwise_or(horiz, vert)))


def ink_points(mask: Image, limit: int = 60000) -> npt.NDArray[np.float64]:
    ys, xs = np.nonzero(mask)
    if len(xs) > limit:
        step = len(xs) // limit + 1
        xs, ys = xs[::step], ys[::step]
    return np.stack([xs, ys], axis=1).astype(np.float64)


def _sharpness(coord: npt.NDArray[np.float64]) -> float:
    """How peaked a 1-D projection is: 1 for uniform, large for text lines separated by gaps."""
    if len(coord) < 50:
        return 0.0
    c = np.round(coord - coord.min()).astype(np.int64)
    hist = np.bincount(c).astype(np.float64)
    n = float(hist.sum())
    return float(len(hist) * np.square(hist).sum() / (n * n)) if n else 0.0


def best_angle(pts: npt.NDArray[np.float64], axis: int) -> tuple[float, float]:
    """Skew angle (deg) making rows (axis=1) or columns (axis=0) sharpest, and that sharpness."""
    if len(pts) < 50:
        return 0.0, 0.0

    def score(angle: float) -> float:
        t = np.radians(angle)
        c, s = np.cos(t), np.sin(t)
        # coordinates after rotating the page by -angle (undoing a CCW skew of +angle)
        coord = c * pts[:, 1] + s * pts[:, 0] if axis == 1 else c * pts[:, 0] - s * pts[:, 1]
        return _sharpness(coord)

    coarse = np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.5)
    scores = [score(float(a)) for a in coarse]
    best = float(coarse[int(np.argmax(scores))])
    fine = np.arange(best - 0.45, best + 0.46, 0.05)
    fine_scores = [score(float(a)) for a in fine]
    i = int(np.argmax(fine_scores))
    return float(fine[i]), float(fine_scores[i])


def _analysis(image: Image) -> tuple[Image, float]:
    from extract.seal_ink import remove_seal_ink  # imported here: seal_ink builds on this module

    small = resize_max(image, ANALYSIS_SIDE)
    gray = remove_seal_ink(small)
    return gray, small.shape[0] / image.shape[0]


def estimate_skew(image: Image) -> float:
    """Angle of the text lines in degrees (CCW positive), searched in ±10°; 0 on an empty page."""
    gray, _ = _analysis(image)
    angle, sharp = best_angle(ink_points(text_mask(gray)), axis=1)
    return angle if sharp > 1.05 else 0.0


def rotate_image(image: Image, angle: float) -> Image:
    """Rotate about the centre by ``angle`` degrees CCW, same canvas, white fill."""
    h, w = image.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    border = (255.0,) if image.ndim == 2 else (255.0, 255.0, 255.0)
    return u8(cv2.warpAffine(image, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=border))


def deskew(image: Image, min_angle: float = 0.15) -> tuple[Image, float]:
    """Straighten a page skewed by up to ±10°; returns the image and the skew found (0 if negligible)."""
    angle = estimate_skew(image)
    if abs(angle) < min_angle:
        return image, 0.0
    return rotate_image(image, -angle), angle


def turn(image: Image, rotation: int) -> Image:
    """Turn clockwise by 0/90/180/270 (lossless)."""
    rotation %= 360
    return image if rotation == 0 else u8(cv2.rotate(image, _ROTATE[rotation]))


def _line_crops(gray: Image, limit: int = 12) -> list[Image]:
    """The longest horizontal text-line crops of an (upright or upside-down) gray page."""
    mask = text_mask(gray)
    _, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    heights = stats[1:, cv2.CC_STAT_HEIGHT][(stats[1:, cv2.CC_STAT_AREA] > 8)]
    if len(heights) == 0:
        return []
    ch = float(np.median(heights[heights > 2])) if np.any(heights > 2) else 8.0
    kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, int(ch * 1.2)), 1))
    lines = cv2.dilate(mask, kernel)
    _n, _, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
    boxes = [
        (int(x), int(y), int(w), int(h))
        for x, y, w, h, _a in stats[1:]
        if w > 3 * h and 0.6 * ch <= h <= 3.0 * ch
    ]
    boxes.sort(key=lambda b: -b[2])
    crops = []
    for x, y, w, h in boxes[:limit]:
        pad = max(2, h // 4)
        crops.append(gray[max(0, y - pad) : y + h + pad, max(0, x - pad) : x + w + pad])
    return crops


def char_size(mask: Image) -> float:
    """Median height of ink blobs of character size (pixels); 8 when the page is empty."""
    _, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    sizes = np.maximum(stats[1:, cv2.CC_STAT_HEIGHT], stats[1:, cv2.CC_STAT_WIDTH])
    sizes = sizes[(sizes > 3) & (sizes < max(mask.shape) // 20)]
    return float(np.median(sizes)) if len(sizes) else 8.0


def line_evidence(mask: Image) -> tuple[float, float]:
    """Length of text lines running along rows vs along columns.

    Projection profiles cannot tell: Chinese type sits on a square grid, so
    columns line up as well as rows. What differs is spacing: characters in a
    line nearly touch, lines are further apart. Smearing by half a character
    joins a line into a long bar only along the reading direction.
    """
    ch = char_size(mask)
    k = max(3, round(0.5 * ch))
    out = []
    for kernel, along in (((k, 1), 0), ((1, k), 1)):
        smeared = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        _, _, stats, _ = cv2.connectedComponentsWithStats(smeared, connectivity=8)
        w, h = stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT]
        long_, short = (w, h) if along == 0 else (h, w)
        keep = (long_ >= 4 * short) & (long_ >= 3 * ch)  # a line of 3+ characters, not one tall stroke
        out.append(float(long_[keep].sum()))
    return out[0], out[1]


def _flip_score(crops: list[Image], flip: FlipClassifier | None, ocr: OcrEngine | None) -> float:
    """> 0 when the crops look upside down: classifier vote, else recogniser confidence."""
    if not crops:
        return 0.0
    if flip is not None:
        p_now = flip.prob_flipped(crops)
        p_turned = flip.prob_flipped([u8(cv2.rotate(c, cv2.ROTATE_180)) for c in crops])
        return float(np.mean(p_now) - np.mean(p_turned))
    if ocr is not None:
        sample = crops[:3]
        width = max(c.shape[1] for c in sample)
        stack = np.vstack(
            [
                cv2.copyMakeBorder(c, 8, 8, 8, 8 + width - c.shape[1], cv2.BORDER_CONSTANT, value=(255.0,))
                for c in sample
            ]
        )

        def conf(img: Image) -> float:
            got = ocr.read(img)
            return float(sum(ln.confidence * len(ln.text) for ln in got)) / max(
                1, sum(len(ln.text) for ln in got)
            )

        return conf(u8(cv2.rotate(stack, cv2.ROTATE_180))) - conf(u8(stack))
    return 0.0


def analyse_page(
    image: Image, flip: FlipClassifier | None = None, ocr: OcrEngine | None = None
) -> tuple[int, float]:
    """(rotation, skew) from one pass over a small copy: geometry, skew search, then the flip test.

    Geometry decides sideways or not (free) and gives the skew on the dominant
    axis (turning by multiples of 90° does not change a skew angle); the flip
    classifier (or, without it, the OCR engine's confidence on three lines)
    decides 0 vs 180. When geometry is ambiguous (a nearly empty page), both the
    0° and the 90° candidates are tried and the more decided one wins.
    """
    gray, _ = _analysis(image)
    mask = text_mask(gray)
    along_rows, along_cols = line_evidence(mask)
    if along_rows >= 1.3 * along_cols:
        candidates = [0]
    elif along_cols >= 1.3 * along_rows:
        candidates = [90]
    else:
        candidates = [0, 90]
    best, best_margin = 0, -1.0
    for base in candidates:
        turned = turn(gray, base)
        score = _flip_score(_line_crops(turned), flip, ocr)
        rotation = (base + 180) % 360 if score > 0 else base
        if abs(score) > best_margin:
            best, best_margin = rotation, abs(score)
    angle, sharp = best_angle(ink_points(mask), axis=1 if best in (0, 180) else 0)
    return best, angle if sharp > 1.05 else 0.0


def detect_orientation(image: Image, flip: FlipClassifier | None = None, ocr: OcrEngine | None = None) -> int:
    """Clockwise turn (0/90/180/270) that makes the page upright (see ``analyse_page``)."""
    return analyse_page(image, flip=flip, ocr=ocr)[0]


def upright(
    image: Image,
    flip: FlipClassifier | None = None,
    ocr: OcrEngine | None = None,
    max_side: int = WORK_SIDE,
    min_skew: float = 0.15,
) -> tuple[Image, int, float]:
    """Downscale to ``max_side``, turn upright, deskew: (image, rotation, skew). Colour is kept."""
    work, _ = downscale(image, max_side)
    rotation, skew = analyse_page(work, flip=flip, ocr=ocr)
    work = turn(work, rotation)
    if abs(skew) < min_skew:
        return work, rotation, 0.0
    return rotate_image(work, -skew), rotation, skew


def page_transform(
    shape: tuple[int, ...], rotation: int, skew: float, scale: float
) -> npt.NDArray[np.float64]:
    """3x3 matrix mapping pixel (x, y) of the input page to the upright page ``upright`` produced.

    Used to carry PDF text-layer boxes (given in input pixels) onto the upright image.
    """
    h, w = shape[:2]
    sw, sh = round(w * scale) if scale < 1 else w, round(h * scale) if scale < 1 else h
    s = np.diag([sw / w, sh / h, 1.0])
    rotation %= 360
    if rotation == 90:
        r = np.array([[0, -1, sh - 1], [1, 0, 0], [0, 0, 1]], np.float64)
        uw, uh = sh, sw
    elif rotation == 180:
        r = np.array([[-1, 0, sw - 1], [0, -1, sh - 1], [0, 0, 1]], np.float64)
        uw, uh = sw, sh
    elif rotation == 270:
        r = np.array([[0, 1, 0], [-1, 0, sw - 1], [0, 0, 1]], np.float64)
        uw, uh = sh, sw
    else:
        r = np.eye(3)
        uw, uh = sw, sh
    k = np.eye(3)
    if skew:
        k[:2] = cv2.getRotationMatrix2D((uw / 2, uh / 2), -skew, 1.0)
    return k @ r @ s
