"""A drawn A4 page: text and rules in millimetres, the boxes of field values, and stamps with truth.

Everything is drawn upright at ``DPI``; ``Page.stamp`` presses a seal (rotated, faded, maybe
struck twice) and records its tight box, clipped to the sheet, in pixels of this page.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
from PIL import Image, ImageDraw

from samplegen.stamps.fonts import font
from samplegen.stamps.ink import INKS, Array, impression, multiply
from samplegen.stamps.kinds import Press
from samplegen.stamps.seal import SHAPES, SealSpec, engrave

DPI = 200
A4_MM = (210.0, 297.0)
Box = tuple[float, float, float, float]


@dataclass
class StampMark:
    """One pressed seal: its box in page pixels and what the truth says about it."""

    box: Box
    shape: str
    text: str
    ink: str
    role: str
    kind: str
    double: bool


@dataclass
class Page:
    """An upright page being drawn, with the field boxes and stamps put on it."""

    rng: random.Random
    landscape: bool = False
    paper: tuple[int, int, int] = (252, 251, 247)
    img: Image.Image = field(init=False)
    draw: ImageDraw.ImageDraw = field(init=False)
    fields: dict[str, tuple[Any, Box | None]] = field(default_factory=dict)
    marks: list[StampMark] = field(default_factory=list)
    pending: list[tuple[SealSpec, float, float, float, str, str, bool, bool, bool]] = field(
        default_factory=list
    )

    def __post_init__(self) -> None:
        w_mm, h_mm = A4_MM[::-1] if self.landscape else A4_MM
        self.img = Image.new("RGB", (self.px(w_mm), self.px(h_mm)), self.paper)
        self.draw = ImageDraw.Draw(self.img)

    @staticmethod
    def px(mm: float) -> int:
        """Millimetres to pixels of the drawn page."""
        return round(mm * DPI / 25.4)

    @property
    def k(self) -> float:
        """Pixels per millimetre."""
        return DPI / 25.4

    def text(
        self,
        x_mm: float,
        y_mm: float,
        s: str,
        *,
        size_mm: float = 3.6,
        face: str = "serif",
        fill: tuple[int, int, int] = (25, 25, 25),
        anchor: str = "la",
    ) -> Box:
        """Draw a line of text (top-left anchored by default); returns its ink box in pixels."""
        f = font(face, int(size_mm * self.k))
        xy = (self.px(x_mm), self.px(y_mm))
        self.draw.text(xy, s, fill=fill, font=f, anchor=anchor)
        x0, y0, x1, y1 = self.draw.textbbox(xy, s, font=f, anchor=anchor)
        return (float(x0), float(y0), float(x1), float(y1))

    def hand(self, x_mm: float, y_mm: float, s: str, *, size_mm: float = 4.6, ink: str = "blue") -> Box:
        """Handwritten value (kai face, slightly uneven baseline); returns its box."""
        colour = (32, 48, 140) if ink == "blue" else (28, 28, 34)
        boxes: list[Box] = []
        x = x_mm
        for ch in s:
            dy = self.rng.uniform(-0.5, 0.5)
            sz = size_mm * self.rng.uniform(0.92, 1.08)
            box = self.text(x, y_mm + dy, ch, size_mm=sz, face="kai", fill=colour)
            boxes.append(box)
            x += (box[2] - box[0]) / self.k + self.rng.uniform(0.2, 0.9) if ch.strip() else sz * 0.5
        return union(boxes)

    def signature(self, x_mm: float, y_mm: float, name: str, ink: str = "black") -> Box:
        """A quick signature: the name in a large cursive hand with a flourish."""
        box = self.hand(x_mm, y_mm, name, size_mm=7.5, ink=ink)
        colour = (32, 48, 140) if ink == "blue" else (28, 28, 34)
        y = box[3] - 4
        pts = [(box[0] + i * (box[2] - box[0]) / 6, y + self.rng.uniform(-6, 6)) for i in range(7)]
        self.draw.line(pts, fill=colour, width=3)
        return union([box, (box[0], y - 8, box[2], y + 8)])

    def line(
        self, x0: float, y0: float, x1: float, y1: float, colour: tuple[int, int, int], w: float = 0.3
    ) -> None:
        """A rule in millimetres."""
        self.draw.line(
            (self.px(x0), self.px(y0), self.px(x1), self.px(y1)), fill=colour, width=max(1, self.px(w))
        )

    def rect(
        self, x0: float, y0: float, x1: float, y1: float, colour: tuple[int, int, int], w: float = 0.3
    ) -> None:
        """A rectangle outline in millimetres."""
        self.draw.rectangle(
            (self.px(x0), self.px(y0), self.px(x1), self.px(y1)), outline=colour, width=max(1, self.px(w))
        )

    def put(self, key: str, value: Any, box: Box | None) -> None:
        """Record a field's truth value and the box of its ink."""
        self.fields[key] = (value, box)

    def stamp(
        self,
        spec: SealSpec,
        cx_mm: float,
        cy_mm: float,
        *,
        ink: str,
        role: str,
        angle: float | None = None,
        faded: bool | None = None,
        dry: bool = False,
        double: bool = False,
    ) -> None:
        """Queue a seal centred at (cx, cy) mm; pressed after the page's print (``finish``)."""
        a = self.rng.uniform(-30, 30) if angle is None else angle
        f = self.rng.random() < 0.3 if faded is None else faded
        self.pending.append((spec, cx_mm, cy_mm, a, ink, role, f, dry, double))

    def press(self, spec: SealSpec, cx_mm: float, cy_mm: float, pr: Press, role: str) -> None:
        """Queue a seal pressed just as ``pr`` says: its ink, tilt, fading, dry pad and double strike."""
        self.stamp(
            spec,
            cx_mm,
            cy_mm,
            ink=pr.ink,
            role=role,
            angle=pr.angle,
            faded=pr.faded,
            dry=pr.dry,
            double=pr.double,
        )

    def finish(self, np_rng: np.random.Generator) -> Array:
        """Press the queued seals onto the printed page; returns the page as float RGB 0..255."""
        page = np.asarray(self.img, dtype=np.float32).copy()
        for spec, cx, cy, angle, ink, role, faded, dry, double in self.pending:
            self._press(page, np_rng, spec, cx, cy, angle, ink, role, faded, dry, double)
        return page

    def _press(
        self,
        page: Array,
        np_rng: np.random.Generator,
        spec: SealSpec,
        cx_mm: float,
        cy_mm: float,
        angle: float,
        ink: str,
        role: str,
        faded: bool,
        dry: bool,
        double: bool,
    ) -> None:
        alpha, outline = engrave(spec, self.k)
        alpha, outline = _rotate(alpha, angle), _rotate(outline, angle)
        density = float(np_rng.uniform(0.78, 0.97))
        h, w = alpha.shape
        x, y = self.px(cx_mm) - w // 2, self.px(cy_mm) - h // 2
        x, y = _keep_half_on(_mask_box(outline, x, y), x, y, page.shape[1], page.shape[0])
        boxes = [_mask_box(outline, x, y)]
        multiply(page, impression(np_rng, alpha, density=density, faded=faded, dry=dry), INKS[ink], x, y)
        if double:
            dx, dy = (int(np_rng.uniform(1.0, 3.0) * self.k * s) for s in np_rng.choice([-1, 1], 2))
            a2, o2 = _rotate(alpha, float(np_rng.uniform(-3, 3))), _rotate(outline, 0.0)
            second = impression(
                np_rng, a2, density=density * float(np_rng.uniform(0.35, 0.6)), faded=True, dry=dry
            )
            multiply(page, second, INKS[ink], x + dx, y + dy)
            boxes.append(_mask_box(o2, x + dx, y + dy))
        box = union(boxes)
        ph, pw = page.shape[:2]
        clipped = (max(0.0, box[0]), max(0.0, box[1]), min(float(pw), box[2]), min(float(ph), box[3]))
        self.marks.append(StampMark(clipped, SHAPES[spec.kind], spec.text, ink, role, spec.kind, double))


def _rotate(a: Array, angle: float) -> Array:
    if abs(angle) < 1e-6:
        return a
    h, w = a.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    cos, sin = abs(m[0, 0]), abs(m[0, 1])
    nw, nh = int(h * sin + w * cos) + 2, int(h * cos + w * sin) + 2
    m[0, 2] += nw / 2 - w / 2
    m[1, 2] += nh / 2 - h / 2
    out = cv2.warpAffine(a, m, (nw, nh), flags=cv2.INTER_LINEAR, borderValue=(0.0,))
    return np.asarray(out, dtype=np.float32)


def _keep_half_on(box: Box, x: int, y: int, pw: int, ph: int) -> tuple[int, int]:
    """Shift a stamp so that at least half its width and height lie on the sheet."""
    half_w, half_h = (box[2] - box[0]) / 2, (box[3] - box[1]) / 2
    x -= int(max(0.0, box[2] - pw - half_w)) - int(max(0.0, -box[0] - half_w))
    y -= int(max(0.0, box[3] - ph - half_h)) - int(max(0.0, -box[1] - half_h))
    return x, y


def _mask_box(mask: Array, x: int, y: int) -> Box:
    ys, xs = np.nonzero(mask > 0.5)
    return (float(x + xs.min()), float(y + ys.min()), float(x + xs.max() + 1), float(y + ys.max() + 1))


def union(boxes: list[Box]) -> Box:
    """The smallest box holding all the given boxes."""
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )
