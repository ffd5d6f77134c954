"""Seals of the unseen set: off-colour inks, faded prints, ovals, squares, seals over text.

Builds on ``samplegen.seals`` (the ring, arc text, star and eroded ink) with a wider range of
inks (orange-red, dark red, purplish), sizes and fades, and records each seal in the
document's truth with its role.
"""

from __future__ import annotations

import numpy as np

from samplegen.canvas import Box
from samplegen.model import SealMark
from samplegen.seals import SealSpec, stamp
from samplegen.unseen.doc import UDoc

SEAL_INKS = (
    (205, 25, 35),
    (225, 70, 35),  # orange-red
    (150, 18, 32),  # dark red
    (150, 45, 115),  # purplish (old ink pad)
    (235, 100, 65),  # light, over-inked orange
    (185, 30, 60),
    (215, 40, 45),
)


def spec(
    nrng: np.random.Generator, text: str, bottom: str = "", shape: str = "round", faded: bool | None = None
) -> SealSpec:
    """A seal of ``shape``; sometimes faded to a partial print."""
    color = SEAL_INKS[int(nrng.integers(len(SEAL_INKS)))]
    if faded is None:
        faded = bool(nrng.random() < 0.25)
    fade = float(nrng.uniform(0.42, 0.62)) if faded else float(nrng.uniform(0.05, 0.32))
    if shape == "square":
        size = float(nrng.uniform(18, 28))
    elif shape == "oval":
        size = float(nrng.uniform(40, 48))
    else:
        size = float(nrng.uniform(36, 46))
    return SealSpec(text, bottom, shape, size, color, fade, float(nrng.uniform(-35, 35)))


def put(
    doc: UDoc,
    text: str,
    center_mm: tuple[float, float],
    nrng: np.random.Generator,
    role: str,
    *,
    bottom: str = "",
    shape: str = "round",
    page: int | None = None,
) -> Box:
    """Stamp a seal on page ``page`` (default: the last) of ``doc`` and record it."""
    idx = len(doc.pages) - 1 if page is None else page
    s = spec(nrng, text, bottom, shape)
    box = stamp(doc.pages[idx], s, center_mm, nrng)
    doc.seal(SealMark(box, s.shape, s.text, role), idx)
    return box
