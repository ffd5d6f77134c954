"""What the scanning station (or a phone) makes of a sheet: skew, turned pages, perspective,
uneven light, noise, gray or black-and-white. The truth stays on the upright sheet; the matrix
from the scan back to it goes into ``page_frames``."""

from __future__ import annotations

import random
from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image


@dataclass
class Scan:
    image: Image.Image  # the input page as the file will hold it
    matrix: list[list[float]]  # input pixel -> upright page pixel (3x3, [2][2] = 1)
    phone: bool


def scan(page: Image.Image, mode: str, rng: random.Random, phone: bool = False, turn: int = 0) -> Scan:
    """Scan the upright ``page`` in ``mode`` (color | gray | bilevel); ``turn`` lays it on the
    glass 0/90/180/270 degrees round."""
    nrng = np.random.default_rng(rng.randrange(2**32))
    src = np.asarray(page.convert("RGB"), dtype=np.uint8)
    h, w = src.shape[:2]
    if phone:
        fwd, size, bg = _phone_geometry(w, h, rng)
    else:
        fwd, size, bg = _scanner_geometry(w, h, rng, turn)
    out = cv2.warpPerspective(
        src, fwd, size, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=(255, 255, 255)
    )
    if phone:
        cover = cv2.warpPerspective(np.full((h, w), 255, np.uint8), fwd, size, flags=cv2.INTER_LINEAR)
        a = (cover.astype(np.float32) / 255.0)[..., None]
        background = _table(size, bg, nrng)
        out = (out.astype(np.float32) * a + background * (1 - a)).astype(np.uint8)
    arr = _light(out.astype(np.float32), rng, nrng, strong=phone)
    sigma = rng.uniform(0.25, 0.9) if not phone else rng.uniform(0.6, 1.3)
    blurred = np.asarray(cv2.GaussianBlur(arr, (0, 0), sigma), dtype=np.float32)
    grain = nrng.normal(0, rng.uniform(1.5, 5.5), blurred.shape[:2]).astype(np.float32)
    arr = np.clip(blurred + grain[..., None], 0, 255).astype(np.uint8)
    img: Image.Image
    if mode == "color":
        img = Image.fromarray(arr, "RGB")
    else:
        gray = cv2.cvtColor(arr, cv2.COLOR_RGB2GRAY)
        if mode == "gray":
            img = Image.fromarray(gray, "L")
        else:
            img = Image.fromarray(_bilevel(gray, rng), "L").convert("1", dither=Image.Dither.NONE)
    inv = np.linalg.inv(fwd)
    inv = inv / inv[2, 2]
    return Scan(img, [[round(float(v), 8) for v in row] for row in inv], phone)


def _scanner_geometry(
    w: int, h: int, rng: random.Random, turn: int
) -> tuple[np.ndarray, tuple[int, int], tuple[int, int, int]]:
    angle = rng.uniform(-3.0, 3.0) if rng.random() < 0.8 else rng.uniform(-0.5, 0.5)
    dx, dy = rng.uniform(-0.012, 0.012) * w, rng.uniform(-0.01, 0.01) * h
    size = (w, h) if turn in (0, 180) else (h, w)
    a = np.deg2rad(angle + turn)
    c, s = np.cos(a), np.sin(a)
    cx, cy = w / 2, h / 2
    ox, oy = size[0] / 2 + dx, size[1] / 2 + dy
    fwd = np.array([[c, s, ox - c * cx - s * cy], [-s, c, oy + s * cx - c * cy], [0, 0, 1.0]])
    return fwd, size, (255, 255, 255)


def _phone_geometry(
    w: int, h: int, rng: random.Random
) -> tuple[np.ndarray, tuple[int, int], tuple[int, int, int]]:
    scale = rng.uniform(0.8, 1.0)
    ow, oh = int(w * scale * 1.12), int(h * scale * 1.1)
    mx, my = ow * 0.06, oh * 0.05
    j = lambda r: rng.uniform(-r, r)  # noqa: E731
    dst = np.array(
        [
            [mx + j(mx * 0.8), my + j(my * 0.8)],
            [ow - mx + j(mx * 0.8), my + j(my * 0.8)],
            [ow - mx + j(mx * 0.8), oh - my + j(my * 0.8)],
            [mx + j(mx * 0.8), oh - my + j(my * 0.8)],
        ],
        dtype=np.float32,
    )
    srcq = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    fwd = cv2.getPerspectiveTransform(srcq, dst).astype(np.float64)
    bg = rng.choice(((120, 90, 60), (70, 70, 75), (160, 150, 130), (40, 45, 55)))
    return fwd, (ow, oh), bg


def _table(size: tuple[int, int], bg: tuple[int, int, int], nrng: np.random.Generator) -> np.ndarray:
    w, h = size
    base = np.array(bg, dtype=np.float32)[None, None, :].repeat(h, 0).repeat(w, 1)
    grain = cv2.resize(nrng.normal(0, 12, (h // 8 + 1, w // 32 + 1)).astype(np.float32), (w, h))
    return np.clip(base + grain[..., None], 0, 255)


def _light(arr: np.ndarray, rng: random.Random, nrng: np.random.Generator, strong: bool) -> np.ndarray:
    h, w = arr.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    ang = rng.uniform(0, 2 * np.pi)
    ramp = ((xx / w - 0.5) * np.cos(ang) + (yy / h - 0.5) * np.sin(ang)) + 0.5
    depth = rng.uniform(0.12, 0.3) if strong else rng.uniform(0.0, 0.1)
    gain = 1.0 - depth * np.clip(ramp, 0, 1)
    if strong and rng.random() < 0.5:  # the phone's shadow across a corner
        sx, sy = rng.uniform(0, w), rng.uniform(0, h)
        d = np.hypot(xx - sx, yy - sy) / max(w, h)
        gain *= 1.0 - 0.25 * np.clip(0.5 - d, 0, 1) * 2
    tint = np.array([1.0, rng.uniform(0.97, 1.0), rng.uniform(0.9, 1.0)], dtype=np.float32)
    return arr * gain[..., None] * tint[None, None, :]


def _bilevel(gray: np.ndarray, rng: random.Random) -> np.ndarray:
    """Fax-like black and white: a global threshold, or a local one as cheap scanners do."""
    if rng.random() < 0.5:
        t = rng.uniform(150, 185)
        return np.where(gray > t, 255, 0).astype(np.uint8)
    block = 31 if gray.shape[1] < 1400 else 41
    return cv2.adaptiveThreshold(
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, block, rng.uniform(10, 18)
    )
