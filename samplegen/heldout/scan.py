"""From a clean drawn sheet to a scan as it arrives: geometry, light, noise and colour mode.

Every geometric step (skew, phone perspective) is a matrix also applied to the recorded ink
boxes, so truth stays on the ink. A final quarter turn is not applied to the boxes: the
RESULT.json contract measures boxes on the upright page, and a quarter turn only relabels
coordinates (``to_saved`` maps them back, for checks against the saved file).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
from PIL import Image

from samplegen.heldout.canvas import SealMark, Sheet

BBox = list[float]


@dataclass
class Damage:
    """What happens to one page between the desk and the file."""

    mode: str = "rgb"  # rgb | gray | bilevel
    skew: float = 0.0
    quarter: int = 0  # counter-clockwise quarter turns of the saved image
    phone: bool = False
    blur: float = 0.0
    noise: float = 2.0
    shadow: float = 0.0
    copier: bool = False
    tint: tuple[int, int, int] = (255, 255, 255)
    jpeg_quality: int = 85
    dpi: int = 200

    def describe(self) -> dict[str, object]:
        return {k: v for k, v in self.__dict__.items() if k != "tint"}


@dataclass
class ScannedPage:
    """The saved image and its truth: value boxes and seals, as fractions of the upright page."""

    image: Image.Image
    boxes: dict[tuple[str, str], BBox]
    seals: list[tuple[SealMark, BBox]]
    damage: Damage
    extra: dict[str, object] = field(default_factory=dict)


def _hull(pts: np.ndarray, w: int, h: int) -> BBox | None:
    x0, y0 = max(0.0, float(pts[:, 0].min())), max(0.0, float(pts[:, 1].min()))
    x1, y1 = min(float(w), float(pts[:, 0].max())), min(float(h), float(pts[:, 1].max()))
    if x1 - x0 < 1 or y1 - y0 < 1:
        return None
    return [round(x0 / w, 4), round(y0 / h, 4), round(x1 / w, 4), round(y1 / h, 4)]


def _corners(r: tuple[float, float, float, float]) -> np.ndarray:
    return np.array([[r[0], r[1]], [r[2], r[1]], [r[2], r[3]], [r[0], r[3]]], np.float32)


def scan(sheet: Sheet, dmg: Damage, rng: random.Random) -> ScannedPage:
    """Apply ``dmg`` to ``sheet``; boxes follow every geometric step."""
    nrng = np.random.default_rng(rng.randrange(2**32))
    img: Any = sheet.arr.astype(np.float32)
    h, w = img.shape[:2]
    img *= np.asarray(dmg.tint, np.float32) / 255.0
    if dmg.copier:  # photocopier: gray paper, toner dust, darker edges
        img = img * 0.9 + 8
        dust = nrng.random((h, w)) < 0.0008
        img[dust] = nrng.uniform(40, 120)
    matrix = np.eye(3, dtype=np.float32)
    bg = (236.0, 236.0, 234.0) if not dmg.copier else (200.0, 200.0, 198.0)
    if dmg.skew:
        m = cv2.getRotationMatrix2D((w / 2, h / 2), dmg.skew, 1.0)
        img = cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=bg)
        matrix = np.vstack([m, [0, 0, 1]]).astype(np.float32) @ matrix
    if dmg.phone:
        pw, ph = int(w * 1.08), int(h * 1.06)
        j = lambda a: rng.uniform(0.01, a)  # noqa: E731
        dst = np.array(
            [
                [pw * j(0.08), ph * j(0.05)],
                [pw * (1 - j(0.08)), ph * j(0.06)],
                [pw * (1 - j(0.04)), ph * (1 - j(0.04))],
                [pw * j(0.04), ph * (1 - j(0.05))],
            ],
            np.float32,
        )
        src = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
        hm = cv2.getPerspectiveTransform(src, dst).astype(np.float32)
        table = tuple(float(c) for c in rng.choice(((92, 80, 70), (60, 62, 66), (150, 140, 128))))
        img = cv2.warpPerspective(img, hm, (pw, ph), flags=cv2.INTER_LINEAR, borderValue=table)
        matrix = hm @ matrix
        h, w = ph, pw
    if dmg.shadow:
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        ang = rng.uniform(0, 2 * np.pi)
        ramp = (xx / w) * np.cos(ang) + (yy / h) * np.sin(ang)
        ramp = (ramp - ramp.min()) / max(1e-6, float(ramp.max() - ramp.min()))
        img *= (1 - dmg.shadow * ramp)[..., None]
    if dmg.blur:
        img = cv2.GaussianBlur(img, (0, 0), dmg.blur)
    if dmg.noise:
        img += nrng.normal(0, dmg.noise, img.shape).astype(np.float32)
    out = np.clip(img, 0, 255).astype(np.uint8)
    if dmg.mode == "rgb":
        pil = Image.fromarray(out, "RGB")
    else:
        gray = cv2.cvtColor(out, cv2.COLOR_RGB2GRAY)
        if dmg.mode == "gray":
            pil = Image.fromarray(gray, "L")
        else:
            thr = rng.uniform(150, 175)
            bw = np.where(gray > thr, 255, 0).astype(np.uint8)
            flips = nrng.random(bw.shape) < 0.0015
            bw[flips] = 255 - bw[flips]
            pil = Image.fromarray(bw, "L").convert("1", dither=Image.Dither.NONE)
    boxes: dict[tuple[str, str], BBox] = {}
    for key, rects in sheet.marks.items():
        pts = np.concatenate([_corners(r) for r in rects])
        moved = cv2.perspectiveTransform(pts[None], matrix)[0]
        box = _hull(moved, w, h)
        if box is not None:
            boxes[key] = box
    seals = []
    for seal in sheet.seals:
        moved = cv2.perspectiveTransform(_corners(seal.rect)[None], matrix)[0]
        box = _hull(moved, w, h)
        if box is not None:
            seals.append((seal, box))
    if dmg.quarter:
        pil = pil.transpose(
            (Image.Transpose.ROTATE_90, Image.Transpose.ROTATE_180, Image.Transpose.ROTATE_270)[
                dmg.quarter - 1
            ]
        )
    return ScannedPage(pil, boxes, seals, dmg)


def to_saved(box: BBox, quarter: int) -> BBox:
    """An upright-page box as fractions of the saved image turned ``quarter`` times counter-clockwise."""
    x0, y0, x1, y1 = box
    if quarter == 1:
        return [y0, 1 - x1, y1, 1 - x0]
    if quarter == 2:
        return [1 - x1, 1 - y1, 1 - x0, 1 - y0]
    if quarter == 3:
        return [1 - y1, x0, 1 - y0, x1]
    return [x0, y0, x1, y1]
