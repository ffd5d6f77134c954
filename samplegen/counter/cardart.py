"""The printed face of a card: background guilloche, photo, chip, emblem and printed logos.

None of these are seals; a copy sheet carries them so a stamp detector meets look-alikes.
"""

from __future__ import annotations

import math
import random

import numpy as np
from PIL import Image, ImageDraw

from samplegen.counter.canvas import RGB, Sheet

CARD_MM = (85.6, 54.0)


def blank_card(k: float, rng: random.Random, tint: RGB) -> Sheet:
    """A card-sized sheet at ``k`` pixels per mm, with a faint guilloche pattern."""
    w, h = round(CARD_MM[0] * k), round(CARD_MM[1] * k)
    img = Image.new("RGB", (w, h), tint)
    card = Sheet(img, round(k * 25.4), rng)
    draw = card.draw
    col = tuple(max(0, c - rng.randint(18, 36)) for c in tint)
    phase = rng.uniform(0, 6.28)
    period = rng.uniform(9, 16) * k
    for i in range(0, 28):
        base = h * i / 27
        amp = k * rng.uniform(1.0, 2.6)
        pts = [(x, base + amp * math.sin(x / period * 6.283 + phase + i * 0.35)) for x in range(0, w + 8, 6)]
        draw.line(pts, fill=col, width=1)
    for i in range(0, 9):
        r = k * (6 + i * 3.2)
        cx, cy = w * 0.72, h * 0.55
        draw.ellipse((cx - r, cy - r * 0.7, cx + r, cy + r * 0.7), outline=col, width=1)
    return card


def photo(card: Sheet, box: tuple[float, float, float, float], rng: random.Random) -> None:
    """A head-and-shoulders portrait: a photo, never a seal."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    grad = np.linspace(rng.randint(190, 230), rng.randint(150, 200), int(h))[:, None].repeat(int(w), 1)
    bg = np.stack([grad * 0.92, grad * 0.96, grad], axis=-1).astype(np.uint8)
    tile = Image.fromarray(bg, "RGB")
    d = ImageDraw.Draw(tile)
    skin = (rng.randint(170, 215), rng.randint(130, 170), rng.randint(105, 140))
    hair = (rng.randint(10, 50),) * 3
    cloth = rng.choice(((30, 40, 70), (50, 50, 55), (120, 30, 30), (220, 220, 225)))
    d.ellipse((w * 0.05, h * 0.68, w * 0.95, h * 1.35), fill=cloth)
    d.rectangle((w * 0.4, h * 0.55, w * 0.6, h * 0.75), fill=skin)
    d.ellipse((w * 0.26, h * 0.16, w * 0.74, h * 0.66), fill=skin)
    d.chord((w * 0.24, h * 0.1, w * 0.76, h * 0.52), 180, 360, fill=hair)
    d.ellipse((w * 0.38, h * 0.36, w * 0.44, h * 0.40), fill=(40, 30, 30))
    d.ellipse((w * 0.56, h * 0.36, w * 0.62, h * 0.40), fill=(40, 30, 30))
    d.line([(w * 0.44, h * 0.54), (w * 0.56, h * 0.54)], fill=(140, 70, 70), width=2)
    card.img.paste(tile, (round(x0), round(y0)))


def chip(card: Sheet, x: float, y: float, k: float) -> None:
    """The gold contact chip of a social-security card."""
    w, h = 11 * k, 9 * k
    d = card.draw
    d.rounded_rectangle(
        (x, y, x + w, y + h), radius=1.5 * k, fill=(205, 175, 95), outline=(150, 120, 60), width=2
    )
    for fx in (0.33, 0.67):
        d.line([(x + w * fx, y), (x + w * fx, y + h)], fill=(150, 120, 60), width=2)
    d.line([(x, y + h / 2), (x + w, y + h / 2)], fill=(150, 120, 60), width=2)
    d.rectangle((x + w * 0.38, y + h * 0.3, x + w * 0.62, y + h * 0.7), outline=(150, 120, 60), width=2)


def emblem(card: Sheet, cx: float, cy: float, r: float) -> None:
    """The national emblem printed on an ID card's back: red and gold, round, starred — and no seal."""
    d = card.draw
    red, gold = (200, 30, 35), (230, 185, 60)
    d.ellipse((cx - r, cy - r, cx + r, cy + r), fill=gold)
    d.ellipse((cx - r * 0.82, cy - r * 0.82, cx + r * 0.82, cy + r * 0.82), fill=red)
    for i in range(24):  # ears of grain around the rim
        a = math.radians(200 + i * 5.8) if i < 12 else math.radians(-20 - (i - 12) * 5.8)
        px, py = cx + r * 0.9 * math.cos(a), cy - r * 0.9 * math.sin(a)
        d.ellipse((px - r * 0.07, py - r * 0.05, px + r * 0.07, py + r * 0.05), fill=red)
    _star(d, cx - r * 0.32, cy - r * 0.42, r * 0.2, gold)
    for ang in (40, 15, -10, -35):
        a = math.radians(ang)
        _star(
            d, cx - r * 0.32 + r * 0.42 * math.cos(a), cy - r * 0.42 - r * 0.42 * math.sin(a), r * 0.08, gold
        )
    # the gate: a base, a hall and a roof
    d.rectangle((cx - r * 0.5, cy + r * 0.18, cx + r * 0.5, cy + r * 0.34), fill=gold)
    d.rectangle((cx - r * 0.36, cy - r * 0.02, cx + r * 0.36, cy + r * 0.18), fill=gold)
    d.polygon(
        [
            (cx - r * 0.48, cy - r * 0.02),
            (cx + r * 0.48, cy - r * 0.02),
            (cx + r * 0.3, cy - r * 0.14),
            (cx - r * 0.3, cy - r * 0.14),
        ],
        fill=gold,
    )
    for fx in (-0.2, 0.0, 0.2):
        d.rectangle((cx + r * fx - r * 0.04, cy + r * 0.06, cx + r * fx + r * 0.04, cy + r * 0.18), fill=red)
    d.ellipse((cx - r * 0.16, cy + r * 0.42, cx + r * 0.16, cy + r * 0.74), fill=gold)


def _star(d: ImageDraw.ImageDraw, cx: float, cy: float, r: float, fill: RGB) -> None:
    pts = []
    for k in range(10):
        rad = r if k % 2 == 0 else r * 0.38
        a = math.radians(90 + 36 * k)
        pts.append((cx + rad * math.cos(a), cy - rad * math.sin(a)))
    d.polygon(pts, fill=fill)


def logo(sheet: Sheet, cx: float, cy: float, r: float, colour: RGB, rng: random.Random) -> None:
    """A printed round logo (a bank's, an agency's): ring, initials or a device inside; not a seal."""
    d = sheet.draw
    w = max(2, int(r * 0.12))
    d.ellipse((cx - r, cy - r, cx + r, cy + r), outline=colour, width=w)
    style = rng.randrange(3)
    if style == 0:
        d.rectangle((cx - r * 0.35, cy - r * 0.35, cx + r * 0.35, cy + r * 0.35), outline=colour, width=w)
    elif style == 1:
        d.ellipse((cx - r * 0.5, cy - r * 0.5, cx + r * 0.5, cy + r * 0.5), fill=colour)
        d.ellipse((cx - r * 0.22, cy - r * 0.22, cx + r * 0.22, cy + r * 0.22), fill=(255, 255, 255))
    else:
        d.line([(cx - r * 0.6, cy), (cx + r * 0.6, cy)], fill=colour, width=w)
        d.line([(cx, cy - r * 0.6), (cx, cy + r * 0.6)], fill=colour, width=w)
        d.arc((cx - r * 0.6, cy - r * 0.6, cx + r * 0.6, cy + r * 0.6), 200, 340, fill=colour, width=w)


def qr(sheet: Sheet, x: float, y: float, size: float, rng: random.Random) -> None:
    """A QR-code-like square of modules with its three finder patterns."""
    n = 25
    cell = size / n
    d = sheet.draw
    grid = [[rng.random() < 0.5 for _ in range(n)] for _ in range(n)]
    for fx, fy in ((0, 0), (n - 7, 0), (0, n - 7)):
        for i in range(7):
            for j in range(7):
                ring = max(abs(i - 3), abs(j - 3))
                grid[fy + i][fx + j] = ring != 2
        for i in range(-1, 8):
            for j in range(-1, 8):
                if 0 <= fy + i < n and 0 <= fx + j < n and (i in (-1, 7) or j in (-1, 7)):
                    grid[fy + i][fx + j] = False
    for i in range(n):
        for j in range(n):
            if grid[i][j]:
                d.rectangle(
                    (x + j * cell, y + i * cell, x + (j + 1) * cell - 1, y + (i + 1) * cell - 1),
                    fill=(15, 15, 15),
                )
