"""Red seals: blobs of seal ink of seal size whose outline carries a ring (or a square frame)."""

from __future__ import annotations

import cv2
import numpy as np

from extract.seals.geometry import classify_shape, ring_profile, square_border
from extract.types import Image, SealFound


def find_red(
    image: Image, sppm: float, mask: Image, min_mm: float, max_mm: float, min_conf: float = 0.45
) -> list[SealFound]:
    """Seals in a seal-ink ``mask`` of ``image`` (``sppm`` pixels per millimetre), boxes in its pixels.

    A closing of 3 mm joins ring text, border and star into one blob; shape comes
    from the blob's ellipse fit and polygon, confidence from how much of the rim
    (or the square's edges) carries ink.
    """
    k = max(3, int(sppm * 3.0)) | 1
    closed = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
    contours, _ = cv2.findContours(closed, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    seals: list[SealFound] = []
    for c in contours:
        x, y, w, h = cv2.boundingRect(c)
        long_mm, short_mm = max(w, h) / sppm, min(w, h) / sppm
        if not (min_mm <= long_mm <= max_mm) or short_mm < min_mm * 0.5:
            continue
        ink = float(mask[y : y + h, x : x + w].mean() / 255.0)
        if ink < 0.04:
            continue
        shape, _ratio, _fill = classify_shape(c)
        if shape == "square":
            border = square_border(mask[y : y + h, x : x + w])
        else:
            border, _ = ring_profile(mask, x + w / 2, y + h / 2, w / 2, h / 2)
        size_ok = 1.0 if 28 <= long_mm <= 52 else 0.8
        conf = float(np.clip(0.35 + 0.6 * border, 0, 0.99) * size_ok)
        if conf < min_conf:
            continue
        box = (float(x), float(y), float(x + w), float(y + h))
        seals.append(SealFound(box=box, shape=shape, color="red", confidence=round(conf, 3)))
    return seals
