"""Scanning damage applied to a clean page: what a window scanner or a phone does to paper.

Truth bboxes stay in clean-page coordinates (the pipeline deskews and turns pages back
upright), so damage is a pure image transform and nothing here touches truth. Only the
grayscale flag matters to truth, because a gray scan turns red seals gray.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from PIL import Image


@dataclass(frozen=True)
class Damage:
    """One scan's defects; the defaults are a decent flatbed scan."""

    skew: float = 0.0  # degrees, counter-clockwise
    quarter_turns: int = 0  # 1 = 90° counter-clockwise, 2 = upside down, 3 = 90° clockwise
    blur: float = 0.0  # Gaussian sigma in pixels
    noise: float = 3.0  # Gaussian noise sigma in grey levels
    contrast: float = 1.0  # < 1 washes the page out
    brightness: float = 0.0
    shadow: float = 0.0  # 0..0.5 darkening towards one edge (book fold, phone shadow)
    gray: bool = False
    perspective: float = 0.0  # 0..0.08 corner displacement as a fraction of the size (phone photo)
    paper_tint: tuple[int, int, int] = (250, 249, 245)


def random_damage(
    rng: np.random.Generator,
    *,
    gray: bool = False,
    quarter_turns: int = 0,
    phone: bool = False,
    heavy: bool = False,
) -> Damage:
    """Ordinary damage; ``heavy`` adds blur, low contrast and a shadow."""
    tint = (int(rng.integers(240, 253)), int(rng.integers(238, 251)), int(rng.integers(232, 248)))
    return Damage(
        skew=float(rng.uniform(-5, 5) if heavy or phone else rng.uniform(-2.0, 2.0)),
        quarter_turns=quarter_turns,
        blur=float(rng.uniform(0.6, 1.3) if heavy or phone else rng.uniform(0.0, 0.6)),
        noise=float(rng.uniform(1.5, 4.0)),
        contrast=float(rng.uniform(0.65, 0.8) if heavy else rng.uniform(0.85, 1.0)),
        brightness=float(rng.uniform(-10, 15)),
        shadow=float(rng.uniform(0.15, 0.35) if heavy or phone else rng.uniform(0.0, 0.1)),
        gray=gray,
        perspective=float(rng.uniform(0.03, 0.07)) if phone else 0.0,
        paper_tint=tint,
    )


def apply(img: Image.Image, d: Damage, rng: np.random.Generator) -> Image.Image:
    """The damaged scan of ``img`` (RGB, or L when ``d.gray``)."""
    a: np.ndarray = np.asarray(img.convert("RGB"), dtype=np.float32)
    tint = np.array(d.paper_tint, dtype=np.float32) / 255.0
    a = a * tint  # paper is never pure white
    h, w = a.shape[:2]
    bg = tuple(float(v) for v in (np.array(d.paper_tint) * 0.8))
    if d.skew:
        m = cv2.getRotationMatrix2D((w / 2, h / 2), d.skew, 1.0)
        a = cv2.warpAffine(
            a, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=bg
        )
    if d.perspective:
        p = d.perspective
        src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
        jit = rng.uniform(0, p, (4, 2)) * np.array([w, h], dtype=np.float32)
        dst = np.array(
            [
                [jit[0, 0], jit[0, 1]],
                [w - jit[1, 0], jit[1, 1]],
                [w - jit[2, 0], h - jit[2, 1]],
                [jit[3, 0], h - jit[3, 1]],
            ],
            dtype=np.float32,
        )
        m = cv2.getPerspectiveTransform(src, dst)
        a = cv2.warpPerspective(
            a,
            m,
            (w, h),
            flags=cv2.INTER_LINEAR,
            borderMode=cv2.BORDER_CONSTANT,
            borderValue=(70.0, 65.0, 60.0),
        )  # the desk under the paper
    if d.shadow:
        side = int(rng.integers(4))
        ramp = np.linspace(1.0 - d.shadow, 1.0, w if side < 2 else h, dtype=np.float32) ** 0.7
        if side % 2:
            ramp = ramp[::-1]
        a = a * (ramp[None, :, None] if side < 2 else ramp[:, None, None])
    if d.blur:
        a = cv2.GaussianBlur(a, (0, 0), d.blur)
    a = (a - 128.0) * d.contrast + 128.0 + d.brightness
    if d.gray:
        a = a @ np.array([0.299, 0.587, 0.114], dtype=np.float32)
        a = a + rng.normal(0, d.noise, a.shape).astype(np.float32)
    else:
        a = a + rng.normal(0, d.noise, a.shape[:2]).astype(np.float32)[:, :, None]
    out = np.clip(a, 0, 255).astype(np.uint8)
    if d.quarter_turns:
        out = np.ascontiguousarray(np.rot90(out, d.quarter_turns))
    return Image.fromarray(out, "L" if d.gray else "RGB")
