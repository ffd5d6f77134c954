"""Card copies on A4: one or two cards a sheet, tilted, any of four orientations, copier gray.

Why: a copy sheet is the commonest proof; its cards land anywhere, turned any
way, and a photocopier greys the colours (the emblem and the photo too).
"""

from __future__ import annotations

import random

import numpy as np
from PIL import Image, ImageFilter, ImageOps

from samplegen.window.canvas import Page, StampMark, new_page
from samplegen.window.geometry import map_box, rotation_map


def place(sheet: Page, card: Page, center: tuple[float, float], angle: float, prefix: str = "") -> None:
    """Paste ``card`` rotated by ``angle`` (degrees, CCW) centred at ``center``; carry its boxes.

    Fields land on the sheet under ``prefix + key`` so two cards on one sheet keep apart.
    """
    w, h = card.size
    mask = Image.new("L", (w, h), 255)
    rot = card.image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=(255, 255, 255))
    rmask = mask.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
    f = rotation_map(w, h, angle, rot.width, rot.height)
    x0, y0 = int(center[0] - rot.width / 2), int(center[1] - rot.height / 2)
    sheet.image.paste(rot, (x0, y0), rmask)

    def shift(b: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        mb = map_box(b, f)
        return (mb[0] + x0, mb[1] + y0, mb[2] + x0, mb[3] + y0)

    for key, (value, box) in card.fields.items():
        sheet.fields[prefix + key] = (value, None if box is None else shift(box))
    for s in card.stamps:
        sheet.stamps.append(StampMark(shift(s.box), s.shape, s.ink, s.role, s.text, s.copied))


def copy_sheet(rng: random.Random, cards: list[Page], prefixes: list[str], gray: bool) -> Page:
    """An A4 copy with the given cards, each turned 0/90/180/270 plus a small tilt."""
    sheet = new_page(paper=(250, 250, 250))
    W, H = sheet.size
    slots = [
        (W * rng.uniform(0.4, 0.6), H * rng.uniform(0.22, 0.34)),
        (W * rng.uniform(0.4, 0.6), H * rng.uniform(0.6, 0.75)),
    ]
    if len(cards) == 1:
        slots = [(W * rng.uniform(0.35, 0.65), H * rng.uniform(0.25, 0.6))]
    turn_all = rng.choice([0, 0, 0, 90, 180, 270])
    for card, prefix, slot in zip(cards, prefixes, slots, strict=False):
        angle = turn_all + rng.uniform(-4, 4) + (rng.choice([0, 180]) if rng.random() < 0.15 else 0)
        place(sheet, card, slot, angle, prefix)
    if gray:
        sheet.image = copier(sheet.image, rng)
        for s in sheet.stamps:
            s.copied = True
    return sheet


def copier(img: Image.Image, rng: random.Random) -> Image.Image:
    """A photocopy: grayscale, raised contrast, gray cast, toner speckle; returned as RGB."""
    g = ImageOps.grayscale(img)
    arr = np.asarray(g, dtype=np.float32)
    gen = np.random.default_rng(rng.randrange(2**32))
    base = rng.uniform(212, 236)
    arr = np.clip((arr - 128) * rng.uniform(1.15, 1.4) + 128, 0, 255)
    arr = np.minimum(arr, base + gen.normal(0, 4, arr.shape))
    speck = gen.random(arr.shape) < 0.0008
    arr[speck] = 40
    out = Image.fromarray(arr.clip(0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.5))
    return out.convert("RGB")
