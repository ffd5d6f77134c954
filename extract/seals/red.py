"""Coloured seals: blobs of seal ink of seal size whose outline carries a ring or a frame.

The same search serves every ink with a colour (red, blue, purple): a stamp is
a blob of one ink, sparse inside (ring text and a star, or a few words), whose
outline is a ring or a rectangular frame drawn all round. Filled shapes of one
colour (an emblem, a logo) are too dense inside to be a stamp.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from extract.seals.geometry import RECT_SHORT, classify_shape, ring_profile, square_border
from kernel.reading import Image, SealFound

MAX_INK = 0.45  # share of a stamp's box covered by its ink: ring, text and star (filled emblems ≥ 0.6)


NAME_SEAL_MM = (12.0, 26.0)  # a personal name seal (张三之印, 李四印): a square this many mm a side
NAME_SEAL_INK = (0.45, 0.97)  # cut in relief, white characters in solid ink: this share of it inked
NAME_SEAL_WHITE = 0.03  # and this share of its middle left white at least (its characters)
PALE_STROKE = 0.55  # a pixel of a seal's middle under this share of its ink's saturation is paper: a
# white character blurred pink is still seal ink to the mask, but far paler than the ink around it
OUTLINE_SEAL_INK = (0.12, 0.45)  # cut in outline, red characters in a red frame: this share inked
OUTLINE_SEAL_WORDS = 0.08  # and this share of its middle inked at least: characters, not an empty box


@dataclass(frozen=True)
class NameSealInk:
    """What a name seal is judged by beyond its ink's mask: the page's hue and saturation, and
    whether the ink is red (whose mask also holds a card's gold chip, told apart by hue)."""

    hue: Image
    saturation: Image
    red: bool


@dataclass(frozen=True)
class InkSearch:
    """Seals found in one ink's mask, and whether some blob of that ink was larger than any seal:
    the ink is then also print (a form printed in red), where a seal merges with the lines."""

    seals: list[SealFound]
    crowded: bool


def find_red(
    image: Image,
    sppm: float,
    mask: Image,
    min_mm: float,
    max_mm: float,
    min_conf: float = 0.45,
    names: NameSealInk | None = None,
) -> list[SealFound]:
    """Seals in a seal-ink ``mask`` of ``image`` (``sppm`` pixels per millimetre), boxes in its pixels."""
    return find_inked(sppm, mask, min_mm, max_mm, min_conf, names).seals


def find_inked(
    sppm: float,
    mask: Image,
    min_mm: float,
    max_mm: float,
    min_conf: float = 0.45,
    names: NameSealInk | None = None,
) -> InkSearch:
    """Seals in an ink ``mask`` (``sppm`` pixels per millimetre), boxes in its pixels.

    A closing of 3 mm joins ring text, border and star into one blob; shape comes
    from the blob's ellipse fit and polygon, confidence from how much of the rim
    (or the frame's edges) carries ink. With ``names``, personal name seals too
    (``_name_seal``): smaller than an office's seal, judged on their own.
    """
    k = max(3, int(sppm * 3.0)) | 1
    points = cv2.findNonZero(mask)
    if points is None:
        return InkSearch([], False)
    # the closing costs by the pixel: only over the ink's extent (a seal, a signature), with margin
    bx, by, bw, bh = cv2.boundingRect(points)
    ox, oy = max(0, bx - k), max(0, by - k)
    roi = mask[oy : by + bh + k, ox : bx + bw + k]
    closed = cv2.morphologyEx(roi, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    contours, _ = cv2.findContours(closed, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE, offset=(ox, oy))
    seals: list[SealFound] = []
    crowded = False
    for c in contours:
        x, y, w, h = cv2.boundingRect(c)
        long_mm, short_mm = max(w, h) / sppm, min(w, h) / sppm
        if long_mm > max_mm:
            crowded = crowded or short_mm >= min_mm * 0.5
            continue
        name_seal = _name_seal(mask, c, sppm, names) if names is not None else None
        if name_seal is not None:
            seals.append(name_seal)
            continue
        if long_mm < min_mm or short_mm < min_mm * RECT_SHORT:
            continue
        ink = _ink(mask, c)
        if not 0.04 <= ink <= MAX_INK:
            continue
        shape, _ratio, _fill = classify_shape(c)
        if shape != "square" and short_mm < min_mm * 0.5:
            continue
        if shape == "square":
            border = square_border(_straightened(mask, c))
        else:
            border, _ = ring_profile(mask, x + w / 2, y + h / 2, w / 2, h / 2)
        size_ok = 1.0 if 28 <= long_mm <= 52 else 0.8
        conf = float(np.clip(0.35 + 0.6 * border, 0, 0.99) * size_ok)
        if conf < min_conf:
            continue
        box = (float(x), float(y), float(x + w), float(y + h))
        seals.append(SealFound(box=box, shape=shape, color="red", confidence=round(conf, 3)))
    return InkSearch(seals, crowded)


def _straightened(mask: Image, contour: np.ndarray) -> Image:
    """The blob's minimal rotated rectangle cut out of ``mask`` (or any plane of the page) and
    turned level: a stamp pressed a few degrees askew has its frame along that rectangle's edges,
    not its upright box's, whose thin edge strips the frame leaves over part of their length."""
    (cx, cy), (w, h), angle = cv2.minAreaRect(contour)
    if w < 2 or h < 2:
        x, y, bw, bh = cv2.boundingRect(contour)
        return mask[y : y + bh, x : x + bw]
    corners = cv2.boxPoints(((cx, cy), (w, h), angle)).astype(np.float32)
    level = np.array([[0, h - 1], [0, 0], [w - 1, 0], [w - 1, h - 1]], np.float32)
    warp = cv2.getPerspectiveTransform(corners, level)
    return np.asarray(
        cv2.warpPerspective(mask, warp, (round(w), round(h)), flags=cv2.INTER_NEAREST), np.uint8
    )


RED_HUES = (8, 165)  # OpenCV hues at or below the first, or at or above the second, are seal red (a
# card's gold chip, hue 10-25, is in the red mask's orange-red band too)


def _red_hue(hue: Image, mask: Image, contour: np.ndarray) -> bool:
    """Whether a blob's ink is seal red rather than orange or gold: the median hue of its pixels."""
    x, y, w, h = cv2.boundingRect(contour)
    ink = hue[y : y + h, x : x + w][mask[y : y + h, x : x + w] > 0]
    if ink.size == 0:
        return False
    # hue wraps at 180: red lies at both ends, so measure the distance from 0 round the circle
    around = np.minimum(ink.astype(np.int16), 180 - ink.astype(np.int16))
    return float(np.median(around)) <= min(RED_HUES[0], 180 - RED_HUES[1])


def _ink(mask: Image, contour: np.ndarray) -> float:
    """Share of a blob's upright box that is ink."""
    x, y, w, h = cv2.boundingRect(contour)
    return float(mask[y : y + h, x : x + w].mean() / 255.0)


def _name_seal(mask: Image, contour: np.ndarray, sppm: float, names: NameSealInk) -> SealFound | None:
    """A personal name seal (个人名章, 张三之印): a square 12-26 mm a side, smaller than any
    office's seal, so judged on its own. Cut in relief, it is solid ink with its characters left
    white (denser than the filled emblems ``MAX_INK`` keeps out); cut in outline, a frame drawn all
    round with characters of the same ink inside it. Either way a square outline with straight
    edges; a filled logo, a red block or an empty box has no characters."""
    (_, _), (w, h), _ = cv2.minAreaRect(contour)
    if min(w, h) < 2:
        return None
    short_mm, long_mm = min(w, h) / sppm, max(w, h) / sppm
    if not (NAME_SEAL_MM[0] <= short_mm and long_mm <= NAME_SEAL_MM[1] and short_mm >= 0.8 * long_mm):
        return None
    ink = _ink(mask, contour)  # measured only for a blob of a name seal's size
    relief = NAME_SEAL_INK[0] <= ink <= NAME_SEAL_INK[1]
    if not (relief or OUTLINE_SEAL_INK[0] <= ink <= OUTLINE_SEAL_INK[1]):
        return None
    if cv2.contourArea(contour) < 0.9 * w * h:
        return None  # not a filled square: a blob, a round emblem
    if names.red and not _red_hue(names.hue, mask, contour):
        return None  # orange or gold: a card's chip
    solid = _straightened(mask, contour)
    if square_border(solid) < 0.9:
        return None  # no edge drawn all round
    inner = _middle(solid)
    if relief:
        white = max(float((inner == 0).mean()) if inner.size else 0.0, _pale_share(names, contour, solid))
        if not NAME_SEAL_WHITE <= white <= 0.6:
            return None  # no characters cut in it
    elif (float((inner > 0).mean()) if inner.size else 0.0) < OUTLINE_SEAL_WORDS:
        return None  # an empty frame
    x, y, bw, bh = cv2.boundingRect(contour)
    return SealFound(
        box=(float(x), float(y), float(x + bw), float(y + bh)), shape="square", color="red", confidence=0.7
    )


def _middle(square: Image) -> Image:
    """A square's middle: a sixth in from every edge, where its characters are and its frame is not."""
    h, w = square.shape[:2]
    return square[h // 6 : h - h // 6, w // 6 : w - w // 6]


def _pale_share(names: NameSealInk, contour: np.ndarray, solid: Image) -> float:
    """Share of a solid seal's middle far paler than its ink: the white characters, which blurring
    and a coarse scan leave pink enough for the ink mask, measured by saturation instead."""
    saturation = _straightened(names.saturation, contour)
    if saturation.shape != solid.shape or not solid.any():
        return 0.0
    level = float(np.median(saturation[solid > 0]))
    middle = _middle(saturation)
    return float((middle < PALE_STROKE * level).mean()) if middle.size else 0.0
