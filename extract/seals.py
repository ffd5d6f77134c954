"""Seal detection by colour and shape, with ring text read by the OCR engine.

Red seals: two HSV hue ranges (red wraps around 0°; orange-red and faded ink
have lower saturation), a closing that joins the ring text, border and star
into one blob, then shape from the blob's ellipse fit and polygon. Gray scans
lose the colour, so there the evidence is geometry: Hough circles of seal size
(30-50 mm, sizes from the page assumed A4), kept only when the unwrapped ring
has a dark border at one radius in most directions, which text lines crossing
a random circle do not have. Ring text is read by unwrapping the ring with
``cv2.warpPolar`` into a strip for the OCR engine.
"""

from __future__ import annotations

from typing import Literal

import cv2
import numpy as np

from extract.preprocess import turn, u8
from extract.types import Image, LineOcrEngine, OcrEngine, PixelBox, SealFound

Shape = Literal["round", "oval", "square"]
A4_LONG_MM = 297.0
PLAUSIBLE_LONG_MM = (120.0, 440.0)  # long side of a scanned page, mm: a card copy on A6 up to A3


SEAL_PPM = 6.0  # red seals are looked for at no more than this many pixels per millimetre
GRAY_PPM = 4.5  # gray seals (a circle search) at no more than this
SOLID_DISC = 0.9  # angular ink coverage at every inner radius above which a circle is a filled disc
RING_SURE = 0.5  # recogniser score on the first ring strip above which the turned one is not read


def _halved(image: Image, ppm: float, most: float = SEAL_PPM) -> tuple[Image, float]:
    """The page halved (OpenCV's fast exact-half area path) while above ``most`` px/mm; a 30 mm
    seal stays over 60 px across."""
    factor = 1.0
    while ppm * factor > most:
        image = u8(cv2.resize(image, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA))
        factor *= 0.5
    return image, factor


def _scaled(seal: SealFound, k: float) -> SealFound:
    x0, y0, x1, y1 = seal.box
    return SealFound((x0 * k, y0 * k, x1 * k, y1 * k), seal.shape, seal.color, seal.confidence, seal.text)


def px_per_mm(image: Image, dpi: float | None = None) -> float:
    """Pixels per millimetre: from the recorded dpi when it gives a paper size, else the page's long
    side taken as A4.

    Files often record a resolution that is not the scan's: phone photos say 72
    dpi (a 4000 px photo would be 1.4 m of paper), scanners write a default 72 or
    96 into JPEGs they scanned at 150. A dpi is trusted only when the page it
    implies is between a card copy and A3 on its long side.
    """
    long_px = max(image.shape[:2])
    if dpi and PLAUSIBLE_LONG_MM[0] <= long_px / dpi * 25.4 <= PLAUSIBLE_LONG_MM[1]:
        return dpi / 25.4
    return long_px / A4_LONG_MM


def red_mask(image: Image) -> Image:
    """Red, orange-red and faded-red ink (255) on a BGR page."""
    hsv = cv2.cvtColor(image, cv2.COLOR_BGR2HSV)
    low = cv2.inRange(hsv, np.array([0, 50, 70], np.uint8), np.array([14, 255, 255], np.uint8))
    high = cv2.inRange(hsv, np.array([160, 50, 70], np.uint8), np.array([180, 255, 255], np.uint8))
    mask = u8(cv2.bitwise_or(low, high))
    # faded ink: weakly saturated but clearly redder than green and blue
    b, g, r = (c.astype(np.int16) for c in cv2.split(image))
    faded = ((r - np.maximum(g, b)) > 35) & (r > 110)
    mask[faded] = 255
    return mask


def _box_iou(a: PixelBox, b: PixelBox) -> float:
    ix = max(0.0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0.0, min(a[3], b[3]) - max(a[1], b[1]))
    inter = ix * iy
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - inter
    return inter / union if union > 0 else 0.0


def _ring_profile(
    mask: Image, cx: float, cy: float, rx: float, ry: float, bins: int = 72
) -> tuple[float, float]:
    """(border coverage, outside coverage): share of angle bins with ink at the rim vs just outside it."""
    h, w = mask.shape
    angles = np.linspace(0, 2 * np.pi, bins * 4, endpoint=False)

    def coverage(lo: float, hi: float) -> float:
        hit = np.zeros(bins, bool)
        for f in np.linspace(lo, hi, 6):
            xs = np.clip((cx + f * rx * np.cos(angles)).astype(int), 0, w - 1)
            ys = np.clip((cy + f * ry * np.sin(angles)).astype(int), 0, h - 1)
            ink = mask[ys, xs] > 0
            hit |= ink.reshape(bins, 4).any(axis=1)
        return float(hit.mean())

    return coverage(0.9, 1.04), coverage(1.15, 1.3)


def classify_shape(contour: np.ndarray) -> tuple[Shape, float, float]:
    """Shape of a seal blob and its ellipse axis ratio and rectangle fill (hull area / minAreaRect area)."""
    hull = cv2.convexHull(contour)
    (_, _), (rw, rh), _ = cv2.minAreaRect(hull)
    fill = cv2.contourArea(hull) / max(1.0, rw * rh)
    approx = cv2.approxPolyDP(hull, 0.04 * cv2.arcLength(hull, True), True)
    if len(hull) >= 5:
        (_, _), (a1, a2), _ = cv2.fitEllipse(hull)
        ratio = min(a1, a2) / max(a1, a2, 1e-6)
    else:
        ratio = min(rw, rh) / max(rw, rh, 1e-6)
    if fill > 0.9 and len(approx) <= 6:
        return "square", ratio, fill
    return ("round" if ratio > 0.86 else "oval"), ratio, fill


class ColorShapeSealDetector:
    """Finds red seals by colour, gray seals by ring geometry; reads ring text when given an OCR engine."""

    name = "color-shape"

    def __init__(self, min_mm: float = 22.0, max_mm: float = 60.0) -> None:
        self.min_mm = min_mm
        self.max_mm = max_mm

    def detect(
        self,
        image: Image,
        ocr: OcrEngine | None = None,
        dpi: float | None = None,
        red_only: bool = False,
        rotation: int = 0,
    ) -> list[SealFound]:
        """Seals on a page (BGR or gray); boxes in pixels of ``image``.

        ``rotation`` is the clockwise turn that makes the page upright, so that a
        seal's ring text can be read on a page that was not turned itself.
        """
        ppm = px_per_mm(image, dpi)
        small, factor = _halved(image, ppm)
        sppm = ppm * factor
        found: list[SealFound] = []
        if small.ndim == 3:
            found = self._red(small, sppm)
        if not red_only and not found:
            # a colour scan shows its seals red; the circle search is for gray and fax-like pages
            # (and colour pages where no red seal was found: black-ink seals)
            for seal in self._gray(small, sppm):
                if all(_box_iou(seal.box, f.box) < 0.2 for f in found):
                    found.append(seal)
        found = [_scaled(seal, 1.0 / factor) for seal in found]
        if ocr is not None:
            found = [self._with_text(image, s, ocr, rotation) for s in found]
        return sorted(found, key=lambda s: (s.box[1], s.box[0]))

    # -- red ---------------------------------------------------------------
    def _red(self, image: Image, sppm: float) -> list[SealFound]:
        mask = red_mask(image)
        k = max(3, int(sppm * 3.0)) | 1
        closed = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k)))
        contours, _ = cv2.findContours(closed, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        seals: list[SealFound] = []
        for c in contours:
            x, y, w, h = cv2.boundingRect(c)
            long_mm, short_mm = max(w, h) / sppm, min(w, h) / sppm
            if not (self.min_mm <= long_mm <= self.max_mm) or short_mm < self.min_mm * 0.5:
                continue
            ink = float(mask[y : y + h, x : x + w].mean() / 255.0)
            if ink < 0.04:
                continue
            shape, _ratio, _fill = classify_shape(c)
            if shape == "square":
                border = self._square_border(mask[y : y + h, x : x + w])
            else:
                border, _ = _ring_profile(mask, x + w / 2, y + h / 2, w / 2, h / 2)
            size_ok = 1.0 if 28 <= long_mm <= 52 else 0.8
            conf = float(np.clip(0.35 + 0.6 * border, 0, 0.99) * size_ok)
            if conf < 0.45:
                continue
            box = (float(x), float(y), float(x + w), float(y + h))
            seals.append(SealFound(box=box, shape=shape, color="red", confidence=round(conf, 3)))
        return seals

    @staticmethod
    def _square_border(mask: Image) -> float:
        """Share of the four edges (outer 8 %) that carry ink, sampled in 40 segments each."""
        h, w = mask.shape
        bw, bh = max(2, w // 12), max(2, h // 12)
        strips = [mask[:bh, :], mask[-bh:, :], mask[:, :bw].T, mask[:, -bw:].T]
        hits: list[bool] = []
        for s in strips:
            segs = np.array_split(s.max(axis=0), 40)
            hits.extend(bool(seg.any()) for seg in segs)
        return float(np.mean(hits))

    # -- gray --------------------------------------------------------------
    def _gray(self, image: Image, sppm: float) -> list[SealFound]:
        gray = image if image.ndim == 2 else u8(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY))
        small, factor = _halved(gray, sppm, GRAY_PPM)  # the circle search costs by the pixel
        sppm *= factor
        blur = cv2.GaussianBlur(small, (5, 5), 1.5)
        circles = cv2.HoughCircles(
            blur,
            cv2.HOUGH_GRADIENT_ALT,
            dp=1.5,
            minDist=sppm * 20,
            param1=120,
            param2=0.75,
            minRadius=int(sppm * self.min_mm / 2),
            maxRadius=int(sppm * self.max_mm / 2),
        )
        _, dark = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
        seals: list[SealFound] = []
        for cx, cy, r in (circles[0] if circles is not None else np.zeros((0, 3))).astype(float):
            best = self._verify_ring(u8(dark), cx, cy, r)
            if best is None:
                continue
            conf, r_fit = best
            k = 1.0 / factor
            box = (float(cx - r_fit) * k, float(cy - r_fit) * k, float(cx + r_fit) * k, float(cy + r_fit) * k)
            if any(_box_iou(box, s.box) > 0.3 for s in seals):
                continue
            seals.append(SealFound(box=box, shape="round", color="gray", confidence=round(conf, 3)))
        for square in self._gray_squares(small, sppm):
            scaled = _scaled(square, 1.0 / factor)
            if all(_box_iou(scaled.box, s.box) < 0.3 for s in seals):
                seals.append(scaled)
        return seals

    def _gray_squares(self, gray: Image, sppm: float) -> list[SealFound]:
        """Square seals on a gray page: closed frames of seal size drawn in strokes thicker than text.

        A seal's frame is about 1 mm of ink while printed and written strokes are
        well under 0.5 mm, so an opening of 0.7 mm leaves frames (and heavy table
        rules) and drops the text that touches a stamped frame. A table is told apart
        by its size, a round seal by its fill of the rotated rectangle.
        """
        # a lighter blur than the circle search's, which would glue touching text onto the frame
        soft = cv2.GaussianBlur(gray, (3, 3), 0)
        _, dark = cv2.threshold(soft, 0, 255, cv2.THRESH_BINARY_INV | cv2.THRESH_OTSU)
        k = max(2, round(0.7 * sppm))
        thick = cv2.morphologyEx(dark, cv2.MORPH_OPEN, np.ones((k, k), np.uint8))
        contours, _ = cv2.findContours(thick, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        out: list[SealFound] = []
        for c in contours:
            (_, _), (w, h), _ = cv2.minAreaRect(c)
            if not (self.min_mm <= min(w, h) / sppm and max(w, h) / sppm <= self.max_mm):
                continue
            fill = cv2.contourArea(c) / max(1.0, w * h)
            if min(w, h) / max(w, h) < 0.8 or fill < 0.9:
                continue
            x, y, bw, bh = cv2.boundingRect(c)
            filled = np.zeros_like(thick)
            cv2.drawContours(filled, [c], -1, (255,), thickness=cv2.FILLED)
            band = filled > cv2.erode(filled, np.ones((k, k), np.uint8))  # the outline's inner k px
            on_frame = float((thick[band] > 0).mean()) if band.any() else 0.0
            inner = cv2.erode(filled, np.ones((3 * k, 3 * k), np.uint8))
            text_ink = float((dark[inner > 0] > 0).mean()) if inner.any() else 0.0
            if on_frame < 0.8 or text_ink < 0.05:
                continue
            conf = float(np.clip(0.3 + 0.6 * on_frame, 0, 0.95))
            box = (float(x), float(y), float(x + bw), float(y + bh))
            out.append(SealFound(box=box, shape="square", color="gray", confidence=round(conf, 3)))
        return out

    @staticmethod
    def _verify_ring(dark: Image, cx: float, cy: float, r: float) -> tuple[float, float] | None:
        """Unwrap around the centre: a seal has one radius where ink is present in nearly every direction."""
        rmax = r * 1.4
        polar = cv2.warpPolar(dark, (int(rmax), 180), (cx, cy), rmax, cv2.WARP_POLAR_LINEAR)
        hit = (polar > 0).astype(np.float32)
        # rows = angles, cols = radius; coverage of each radius over angles, tolerant to 1 px wobble
        cov = cv2.dilate(hit, np.ones((1, 3), np.uint8)).mean(axis=0)
        cols = np.arange(len(cov)) * rmax / len(cov)
        rim = (cols > r * 0.8) & (cols < r * 1.12)
        if not rim.any():
            return None
        i = int(np.argmax(np.where(rim, cov, -1)))
        rim_cov = float(cov[i])
        r_fit = float(cols[i])
        outside = cov[(cols > r_fit * 1.12) & (cols < r_fit * 1.35)]
        inside = cov[(cols > r_fit * 0.3) & (cols < r_fit * 0.85)]
        out_cov = float(outside.mean()) if len(outside) else 0.0
        in_cov = float(inside.max()) if len(inside) else 0.0  # ring text or star: some ink inside
        # and some gap: between ring text and star a seal is open in most directions, while a
        # filled disc (the portrait on a card copy) is ink at every radius (samples: seals ≤ 0.71)
        in_gap = float(inside.min()) if len(inside) else 0.0
        if rim_cov < 0.85 or rim_cov - out_cov < 0.3 or in_cov < 0.12 or in_gap >= SOLID_DISC:
            return None
        conf = float(np.clip(0.3 + 0.7 * (rim_cov - out_cov) + 0.2 * min(in_cov, 0.5), 0, 0.97))
        return conf, r_fit

    # -- ring text ------------------------------------------------------------
    def _with_text(self, image: Image, seal: SealFound, ocr: OcrEngine, rotation: int = 0) -> SealFound:
        text = read_ring_text(image, seal, ocr, rotation)
        return SealFound(seal.box, seal.shape, seal.color, seal.confidence, text)


def ring_strips(image: Image, seal: SealFound, rotation: int = 0) -> list[Image]:
    """The ring band of a round/oval seal unwrapped into a horizontal strip, and that strip turned 180°.

    The strip starts at the bottom of the seal (where ring text has its gap),
    so the arc of text comes out in one piece. Square seals are returned as is.
    """
    x0, y0, x1, y1 = (round(v) for v in seal.box)
    crop = turn(image[max(0, y0) : y1, max(0, x0) : x1], rotation)
    if crop.size == 0:
        return []
    if seal.color == "red" and crop.ndim == 3:
        crop = u8(cv2.bitwise_not(red_mask(crop)))  # red ink as black on white; text under it disappears
    elif crop.ndim == 3:
        crop = u8(cv2.cvtColor(crop, cv2.COLOR_BGR2GRAY))
    if seal.shape == "square":
        return [crop]
    h, w = crop.shape[:2]
    side = max(h, w)
    crop = u8(cv2.resize(crop, (side, side)))  # ovals become circles: text follows one radius
    r = side / 2
    n_angles = int(2 * np.pi * r)
    polar = cv2.warpPolar(crop, (int(r), n_angles), (r, r), r, cv2.WARP_POLAR_LINEAR + cv2.INTER_LINEAR)
    polar = np.roll(polar, -n_angles // 4, axis=0)  # rows now start at the bottom (90° in image coords)
    gap = n_angles // 10  # the bottom 72° hold no ring text: the recogniser's cost is by width
    band = polar[gap : n_angles - gap, int(r * 0.55) : int(r * 0.95)]
    strip = cv2.rotate(band, cv2.ROTATE_90_COUNTERCLOCKWISE)
    return [u8(strip), u8(cv2.rotate(strip, cv2.ROTATE_180))]


def read_ring_text(image: Image, seal: SealFound, ocr: OcrEngine, rotation: int = 0) -> str:
    """OCR the unwrapped ring, the turned strip only when the first reading is unsure.

    On an upright page the first strip is the one that reads (every seal of the
    samples); the turned one covers seals stamped upside down. A two-stage
    engine reads a strip with its recogniser alone: a ring is one line.
    """
    strips = ring_strips(image, seal, rotation)
    if isinstance(ocr, LineOcrEngine):
        best, best_score = "", 0.0
        for strip in strips:
            text, score = ocr.recognize([strip])[0]
            if score * len(text) > best_score:
                best, best_score = text, score * len(text)
            if len(text) >= 3 and score >= RING_SURE:
                break
        return best
    best, best_score = "", 0.0
    for strip in strips:
        lines = ocr.read(strip)
        text = "".join(ln.text for ln in lines)
        n = sum(len(ln.text) for ln in lines)
        mean_conf = sum(ln.confidence * len(ln.text) for ln in lines) / max(1, n)
        if mean_conf * n > best_score:
            best, best_score = text, mean_conf * n
        if n >= 3 and mean_conf >= 0.9:
            break
    return best
