"""Phone photos: find the sheet in the frame and warp it flat.

A phone photo of a form shows the desk around the sheet and the sheet as a
trapezoid. Left as it is, every box is given in fractions of the photo rather
than of the page, seal sizes in millimetres are wrong, and text lines near the
far edge are smaller and slanted. The sheet is brighter than what it lies on,
so on a small copy the largest bright region, closed over its text, is the
sheet; its outline reduced to four corners gives the warp.

Nothing happens unless the evidence is clear: the bright region must leave a
dark margin along most of the frame's border (a flatbed scan fills the frame
with paper, and is left alone), cover a good part of the frame, and reduce to
a convex quadrilateral that its outline nearly fills.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

from extract.preprocess import resize_max, u8
from kernel.reading import Image

FIND_SIDE = 640  # long side of the copy the sheet is looked for on
MIN_AREA = 0.30  # the sheet covers at least this share of the frame
MIN_MARGIN = 0.55  # share of the frame's border that must be background, not paper
MIN_FILL = 0.93  # share of the quadrilateral the bright region fills
MIN_CONTRAST = 40  # grey levels between paper and background
A_SERIES = 2**0.5  # long side / short side of A4, A5 …


def find_sheet(image: Image) -> npt.NDArray[np.float32] | None:
    """The sheet's four corners in pixels of ``image`` (TL, TR, BR, BL), or None without clear evidence."""
    if not _dark_border(image):
        return None  # paper to the frame's edge: a scan (~1 ms to tell)
    small = resize_max(image, FIND_SIDE)
    k = image.shape[0] / small.shape[0]
    gray = small if small.ndim == 2 else u8(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY))
    gray = u8(cv2.GaussianBlur(gray, (5, 5), 0))
    _, bright = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    paper = float(np.median(gray[bright > 0])) if bright.any() else 0.0
    ground = float(np.median(gray[bright == 0])) if (bright == 0).any() else 255.0
    if paper - ground < MIN_CONTRAST:
        return None
    side = max(3, round(0.03 * max(gray.shape))) | 1
    bright = u8(cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((side, side), np.uint8)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(bright, connectivity=4)
    if n < 2:
        return None
    largest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    sheet = u8((labels == largest).astype(np.uint8) * 255)
    h, w = sheet.shape
    if stats[largest, cv2.CC_STAT_AREA] < MIN_AREA * h * w or _border_paper(sheet) > 1 - MIN_MARGIN:
        return None
    contours, _ = cv2.findContours(sheet, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    hull = cv2.convexHull(max(contours, key=cv2.contourArea))
    quad = _four_corners(hull)
    if quad is None:
        return None
    area = cv2.contourArea(quad)
    if area <= 0 or stats[largest, cv2.CC_STAT_AREA] < MIN_FILL * area:
        return None
    return (_ordered(quad.reshape(4, 2)) * k).astype(np.float32)


def _dark_border(image: Image) -> bool:
    """Whether much of the frame's edge is clearly darker than the middle of the picture.

    Read on a strided sample (no resize), so the usual case, a scan with paper
    to every edge, is dismissed before any real work.
    """
    step = max(1, max(image.shape[:2]) // 200)
    sample = image[::step, ::step]
    gray = sample if sample.ndim == 2 else u8(cv2.cvtColor(np.ascontiguousarray(sample), cv2.COLOR_BGR2GRAY))
    h, w = gray.shape
    band = max(1, min(h, w) // 40)
    edge = np.concatenate(
        [gray[:band].ravel(), gray[-band:].ravel(), gray[:, :band].ravel(), gray[:, -band:].ravel()]
    )
    middle = float(np.percentile(gray[h // 4 : 3 * h // 4, w // 4 : 3 * w // 4], 75))
    return float((edge < middle - MIN_CONTRAST).mean()) >= MIN_MARGIN


def _border_paper(sheet: Image) -> float:
    """Share of the frame's outermost pixels that belong to the sheet."""
    edge = np.concatenate([sheet[0, :], sheet[-1, :], sheet[:, 0], sheet[:, -1]])
    return float((edge > 0).mean())


def _four_corners(hull: npt.NDArray[Any]) -> npt.NDArray[np.int32] | None:
    """The hull simplified to a convex quadrilateral (the loosest tolerance that gives four points)."""
    perimeter = cv2.arcLength(hull, True)
    for eps in (0.01, 0.02, 0.03, 0.04, 0.06):
        approx = cv2.approxPolyDP(hull, eps * perimeter, True)
        if len(approx) == 4 and cv2.isContourConvex(approx):
            return np.asarray(approx, np.int32)
        if len(approx) < 4:
            return None
    return None


def _ordered(pts: npt.NDArray[np.int32]) -> npt.NDArray[np.float64]:
    """Corners as top-left, top-right, bottom-right, bottom-left."""
    p = pts.astype(np.float64)
    s, d = p.sum(axis=1), p[:, 1] - p[:, 0]
    return np.array([p[np.argmin(s)], p[np.argmin(d)], p[np.argmax(s)], p[np.argmax(d)]])


def _paper_shape(width: int, height: int) -> tuple[int, int]:
    """The output size, with the sides set to 1:√2 when they come out near it.

    One view of a trapezoid does not tell the sheet's true proportions (the far
    edge is foreshortened), but forms are printed on A4 or A5, which are 1:√2:
    a measured ratio within 15 % of that is taken to be that.
    """
    long_, short = max(width, height), min(width, height)
    if abs(long_ / short / A_SERIES - 1) > 0.15:
        return width, height
    short = round(long_ / A_SERIES)
    return (short, long_) if height >= width else (long_, short)


def rectify(image: Image) -> tuple[Image, bool]:
    """The sheet warped to a flat rectangle when a photo shows one, else the image as it is."""
    flat, warp = flatten(image)
    return flat, warp is not None


def flatten(image: Image) -> tuple[Image, npt.NDArray[np.float64] | None]:
    """``rectify``, with the perspective matrix it warped by (None when the image is left as it is):
    the page frame (``extract.frame``) needs it to take boxes back onto the photo."""
    corners = find_sheet(image)
    if corners is None:
        return image, None
    tl, tr, br, bl = corners
    width = round(max(np.linalg.norm(tr - tl), np.linalg.norm(br - bl)))
    height = round(max(np.linalg.norm(bl - tl), np.linalg.norm(br - tr)))
    if width < 100 or height < 100:
        return image, None
    width, height = _paper_shape(width, height)
    target = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], np.float32)
    m = cv2.getPerspectiveTransform(corners, target)
    border = (255.0,) if image.ndim == 2 else (255.0, 255.0, 255.0)
    flat = cv2.warpPerspective(image, m, (width, height), flags=cv2.INTER_LINEAR, borderValue=border)
    return u8(flat), np.asarray(m, np.float64)
