"""Scan damage worse than the main set's: low resolution, heavy JPEG, strong skew, phone
photos of a sheet lying on a dark desk, uneven light, fax-like bilevel with speckle, faded
toner, a crease, punch holes, a cropped margin, upside-down and sideways pages.

Damage never moves truth: boxes stay in clean-page fractions (the pipeline's job is to find
the sheet, turn it upright and deskew it). The one exception is ``crop``, which cuts a strip
off the sheet itself, so the caller remaps truth boxes with ``crop_box``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import cv2
import numpy as np
from PIL import Image

from samplegen.canvas import Box


@dataclass(frozen=True)
class Damage:
    """One page's scan; ``grade`` is clean | moderate | bad."""

    grade: str = "clean"
    skew: float = 0.0
    quarter_turns: int = 0
    blur: float = 0.0
    noise: float = 2.0
    contrast: float = 1.0
    brightness: float = 0.0
    light: float = 0.0  # uneven lighting strength (0..0.5)
    gray: bool = False
    bilevel: bool = False  # fax: thresholded, speckled (saved as gray JPEG/PNG or G4 TIFF)
    phone: bool = False  # sheet photographed on a desk, perspective
    scale: float = 1.0  # resample factor (< 1: lower effective dpi)
    quality: int = 80
    crease: bool = False
    holes: bool = False
    crop: tuple[str, float] | None = None  # side (l/r/t/b) and fraction cut off the sheet


def draw(
    rng: np.random.Generator, grade: str, *, turns: int = 0, gray: bool | None = None, fax: bool = False
) -> Damage:
    """Random damage of a grade: about a third of pages each clean, moderate and bad.

    ``fax``: the page will be thresholded to bilevel (G4 TIFF), so no phone photo, mild light
    and blur (a sheet fed through a fax or an MFP, not a photo binarised into black blotches).
    """
    d = _draw(rng, grade, turns, gray)
    if fax:
        d = replace(
            d,
            phone=False,
            light=min(d.light, 0.1),
            blur=min(d.blur, 0.8),
            scale=max(d.scale, 0.75),
            brightness=max(d.brightness, -5.0),
        )
    return d


def _draw(rng: np.random.Generator, grade: str, turns: int, gray: bool | None) -> Damage:
    u = lambda a, b: float(rng.uniform(a, b))  # noqa: E731
    if grade == "clean":
        return Damage(
            grade,
            skew=u(-1.2, 1.2),
            quarter_turns=turns,
            blur=u(0, 0.4),
            noise=u(1, 2.5),
            gray=bool(rng.random() < 0.2) if gray is None else gray,
            quality=int(rng.integers(75, 92)),
        )
    if grade == "moderate":
        return Damage(
            grade,
            skew=u(-4, 4),
            quarter_turns=turns,
            blur=u(0.5, 1.1),
            noise=u(2, 5),
            contrast=u(0.75, 0.95),
            brightness=u(-10, 20),
            light=u(0.05, 0.25),
            gray=bool(rng.random() < 0.3) if gray is None else gray,
            scale=u(0.8, 1.0),
            quality=int(rng.integers(45, 66)),
            holes=bool(rng.random() < 0.25),
            crease=bool(rng.random() < 0.2),
        )
    kind = rng.choice(["phone", "fax", "faded", "lowres", "phone", "lowres"])
    return Damage(
        grade,
        skew=u(-8, 8),
        quarter_turns=turns,
        blur=u(1.0, 1.9) if kind != "fax" else u(0.3, 0.8),
        noise=u(3, 8),
        contrast=u(0.4, 0.6) if kind == "faded" else u(0.65, 0.9),
        brightness=u(25, 45) if kind == "faded" else u(-25, 10),
        light=u(0.2, 0.35) if kind == "phone" else u(0, 0.2),
        gray=(kind == "fax" or bool(rng.random() < 0.3)) if gray is None else gray,
        bilevel=kind == "fax",
        phone=kind == "phone",
        scale=u(0.62, 0.8) if kind in ("lowres", "fax") else u(0.8, 1.0),
        quality=int(rng.integers(25, 51)),
        crease=bool(rng.random() < 0.35),
        holes=bool(rng.random() < 0.3),
        crop=(str(rng.choice(["l", "r", "t", "b"])), u(0.015, 0.04)) if rng.random() < 0.3 else None,
    )


def crop_box(box: Box, size: tuple[int, int], crop: tuple[str, float] | None) -> tuple[Box, tuple[int, int]]:
    """A clean-page pixel box in the frame of the cropped sheet, and that sheet's size."""
    if crop is None:
        return box, size
    w, h = size
    side, frac = crop
    cut = round((w if side in "lr" else h) * frac)
    x0, y0, x1, y1 = box
    if side == "l":
        return (max(0, x0 - cut), y0, max(1, x1 - cut), y1), (w - cut, h)
    if side == "t":
        return (x0, max(0, y0 - cut), x1, max(1, y1 - cut)), (w, h - cut)
    if side == "r":
        return (x0, y0, min(x1, w - cut), y1), (w - cut, h)
    return (x0, y0, x1, min(y1, h - cut)), (w, h - cut)


def _crop(a: np.ndarray, crop: tuple[str, float]) -> np.ndarray:
    h, w = a.shape[:2]
    side, frac = crop
    cut = round((w if side in "lr" else h) * frac)
    return {"l": a[:, cut:], "r": a[:, : w - cut], "t": a[cut:], "b": a[: h - cut]}[side]


def _phone(a: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The sheet on a dark desk, seen at an angle: frame bigger than the sheet, corners moved."""
    h, w = a.shape[:2]
    pad = float(rng.uniform(0.06, 0.14))
    W, H = round(w * (1 + 2 * pad)), round(h * (1 + 2 * pad))
    desk = np.array(rng.choice([[45, 40, 38], [70, 60, 50], [30, 32, 38], [95, 80, 65]]), dtype=np.float32)
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    jit = rng.uniform(-0.06, 0.06, (4, 2)) * np.array([w, h], dtype=np.float32)
    dst = src + np.array([w * pad, h * pad], dtype=np.float32) + jit
    m = cv2.getPerspectiveTransform(src, dst.astype(np.float32))
    out = cv2.warpPerspective(
        a,
        m,
        (W, H),
        flags=cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=tuple(float(v) for v in desk),
    )
    coarse = rng.normal(0, 6, (H // 8 + 1, W // 8 + 1)).astype(np.float32)
    texture = cv2.resize(coarse, (W, H))
    mask = cv2.warpPerspective(np.ones((h, w), np.float32), m, (W, H))
    out = out + (texture * (1 - mask))[:, :, None]
    return out


def _light(a: np.ndarray, strength: float, rng: np.random.Generator) -> np.ndarray:
    """A lamp on one side: a radial hot spot and a falloff into shadow."""
    h, w = a.shape[:2]
    cy, cx = float(rng.uniform(0, h)), float(rng.uniform(0, w))
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    d = np.sqrt(((yy - cy) / h) ** 2 + ((xx - cx) / w) ** 2)
    gain = np.maximum(0.62, 1.0 + strength * 0.15 - strength * np.clip(d, 0, 1.2))
    return a * gain[:, :, None]


def _crease(a: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A fold across the sheet: a dark line with a lighter band beside it."""
    h, w = a.shape[:2]
    if rng.random() < 0.5:
        y = int(rng.uniform(0.3, 0.7) * h)
        a[max(0, y - 2) : y + 1] *= 0.72
        a[y + 1 : y + 6] = np.minimum(255, a[y + 1 : y + 6] * 1.06)
    else:
        x = int(rng.uniform(0.3, 0.7) * w)
        a[:, max(0, x - 2) : x + 1] *= 0.72
        a[:, x + 1 : x + 6] = np.minimum(255, a[:, x + 1 : x + 6] * 1.06)
    return a


def _holes(a: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Two punch holes in the left margin, showing the dark scanner lid."""
    h, w = a.shape[:2]
    r = max(4, round(w * 0.028))
    x = round(w * 0.045)
    for fy in (0.33, 0.67):
        cv2.circle(a, (x, round(h * fy)), r, (35.0, 35.0, 35.0), -1)
    return a


def apply(img: Image.Image, d: Damage, rng: np.random.Generator) -> Image.Image:
    """The damaged scan of a clean page (RGB, or L when gray / bilevel)."""
    a: np.ndarray = np.asarray(img.convert("RGB"), dtype=np.float32)
    tint = np.array([rng.uniform(236, 253), rng.uniform(234, 251), rng.uniform(226, 247)], dtype=np.float32)
    a = a * (tint / 255.0)
    if d.crop:
        a = np.ascontiguousarray(_crop(a, d.crop))
    if d.holes:
        a = _holes(a, rng)
    if d.crease:
        a = _crease(a, rng)
    h, w = a.shape[:2]
    if d.skew:
        m = cv2.getRotationMatrix2D((w / 2, h / 2), d.skew, 1.0)
        border = (
            (40.0, 40.0, 40.0)
            if d.grade == "bad" and rng.random() < 0.5
            else tuple(float(v) * 0.85 for v in tint)
        )
        a = cv2.warpAffine(
            a, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=border
        )
    if d.phone:
        a = _phone(a, rng)
    if d.light:
        a = _light(a, d.light, rng)
    if d.scale < 1.0:
        hh, ww = a.shape[:2]
        a = cv2.resize(a, (round(ww * d.scale), round(hh * d.scale)), interpolation=cv2.INTER_AREA)
    if d.blur:
        a = cv2.GaussianBlur(a, (0, 0), d.blur)
    a = (a - 128.0) * d.contrast + 128.0 + d.brightness
    if d.gray or d.bilevel:
        a = a @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
        a = a + rng.normal(0, d.noise, a.shape).astype(np.float32)
        if d.bilevel:
            a = np.where(a > float(rng.uniform(135, 175)), 255.0, 0.0)
            speck = rng.random(a.shape)
            a[speck < 0.004] = 0.0
            a[speck > 0.997] = 255.0
    else:
        a = a + rng.normal(0, d.noise, a.shape[:2]).astype(np.float32)[:, :, None]
    out = np.clip(a, 0, 255).astype(np.uint8)
    if d.quarter_turns:
        out = np.ascontiguousarray(np.rot90(out, d.quarter_turns))
    return Image.fromarray(out, "L" if (d.gray or d.bilevel) else "RGB")
