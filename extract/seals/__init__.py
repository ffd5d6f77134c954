"""Seal detection by colour and shape, with ring text read by the OCR engine.

Coloured seals (``red``): seal ink by colour (``masks``: strong red, else faint
red judged against the paper; blue and purple), a closing that joins ring text,
border and star into one blob, shape from its outline; a red seal on a page
printed in red as a ring in the red mask. An image that is one seal and nothing
else is recognised first (``crop``): no page scale fits it. Gray scans lose the colour, so there the
evidence is geometry (``gray``): circles, ovals and square frames of seal size
whose rim carries ink. Sizes are in millimetres, from the page (``geometry``).
Ring text (``ring_text``) is the ring unwrapped into a strip for the recogniser.
"""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np

from extract.seals.crop import find_crop_seal
from extract.seals.geometry import SAME_SEAL, Shape, box_iou, halved, is_new, one_per_seal, px_per_mm, scaled
from extract.seals.gray import find_gray, find_mask_rings
from extract.seals.masks import (
    InkPlanes,
    blue_mask,
    colour_scan,
    coloured_ink,
    faint_blue_mask,
    faint_red_mask,
    ink_planes,
    red_mask,
)
from extract.seals.red import NameSealInk, find_inked, find_red
from extract.seals.ring_text import read_ring_text, ring_strips
from extract.types import OcrEngine
from kernel.reading import Image, SealFound

__all__ = ["ColorShapeSealDetector", "Shape", "px_per_mm", "read_ring_text", "red_mask", "ring_strips"]

FAINT_MIN_CONF = 0.55  # a faint seal must show more of its ring than a strong one
FAINT_BLUE_MIN_CONF = 0.8  # a pale one, more of it (see ``_coloured``)
BLUE_MIN_CONF = 0.75  # a blue or purple stamp: most of its rim or frame (blue pen writes in that ink)


def _with_ring(found: list[SealFound], ring: SealFound) -> list[SealFound]:
    """``found`` with a seal's whole ring from an ink that is also print: where print merged with
    part of the seal, the blob search kept only the part left free (the top of an oval whose lower
    half touches a table's rule); the ring, surer and holding that part, replaces it."""
    overlapping = [f for f in found if box_iou(ring.box, f.box) >= SAME_SEAL]
    if not overlapping:
        return [*found, ring]
    if all(f.confidence < ring.confidence and _holds(ring.box, f.box) for f in overlapping):
        return [f for f in found if f not in overlapping] + [ring]
    return found


def _holds(outer: tuple[float, float, float, float], inner: tuple[float, float, float, float]) -> bool:
    """Whether ``inner`` lies within ``outer``, give or take a tenth of ``outer``'s size."""
    mx, my = 0.1 * (outer[2] - outer[0]), 0.1 * (outer[3] - outer[1])
    return (
        inner[0] >= outer[0] - mx
        and inner[1] >= outer[1] - my
        and inner[2] <= outer[2] + mx
        and inner[3] <= outer[3] + my
    )


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
        small, factor = halved(image, ppm)
        sppm = ppm * factor
        colour = colour_scan(image)
        planes = ink_planes(small) if colour else None
        crop = find_crop_seal(small, sppm, self.max_mm, colour)
        if crop is not None:
            found = [crop]
        elif planes is not None:
            found = self._coloured(small, sppm, planes)
        else:
            found = []
        if crop is None and not red_only:
            # the gray search is for gray and fax-like pages, and on a colour page for the seals that
            # have no colour: photocopied ones, and black-ink stamps beside a red seal (复印件与原件一致
            # stamped in black on a page whose red seal was found)
            gray = find_gray(small, sppm, self.min_mm, self.max_mm, ovals=not colour, rotation=rotation)
            if planes is not None:
                gray = [replace(s, color="red") if coloured_ink(planes, s.box) else s for s in gray]
                if found:  # beside coloured seals, only black ink is new: a coloured find is one of them
                    gray = [s for s in gray if s.color == "gray" and is_new(s.box, found)]
            found = found + gray
        found = [scaled(seal, 1.0 / factor) for seal in one_per_seal(found)]
        if ocr is not None:
            found = self.with_ring_text(image, found, ocr, rotation)
        return sorted(found, key=lambda s: (s.box[1], s.box[0]))

    def _coloured(self, small: Image, sppm: float, planes: InkPlanes) -> list[SealFound]:
        """Seals in coloured ink: red (strong, else faint), then blue and purple.

        A red seal merged with red print (an e-invoice printed in red) is looked
        for as a ring in the red mask; blue ink must show more of its frame than
        red, since blue pen writes in it.
        """
        red = red_mask(small, planes)
        hue, saturation = planes.hsv[:, :, 0], planes.hsv[:, :, 1]
        search = find_inked(sppm, red, self.min_mm, self.max_mm, names=NameSealInk(hue, saturation, True))
        found = list(search.seals)
        if not found:
            faint = faint_red_mask(small, planes)
            # the thinnest ring of the smallest seal: half a millimetre of ink around 22 mm
            if cv2.countNonZero(faint) >= 0.5 * np.pi * self.min_mm * sppm * sppm * 0.5:
                found = find_red(small, sppm, faint, self.min_mm, self.max_mm, FAINT_MIN_CONF)
        if search.crowded:
            for ring in find_mask_rings(red, sppm, self.min_mm, self.max_mm):
                found = _with_ring(found, ring)
        names = NameSealInk(hue, saturation, False)
        # the faint mask only where the strict one found no stamp, as for red, and surer of its
        # frame: a photo's pale blue backdrop is faint blue ink's colour too
        for mask, least in (
            (blue_mask(small, planes), BLUE_MIN_CONF),
            (faint_blue_mask(small, planes), FAINT_BLUE_MIN_CONF),
        ):
            if cv2.countNonZero(mask) < 0.5 * np.pi * self.min_mm * sppm * sppm * 0.5:
                continue
            blue = [
                s
                for s in find_red(small, sppm, mask, self.min_mm, self.max_mm, least, names)
                if is_new(s.box, found)
            ]
            found += blue
            if blue:
                break
        return found

    @staticmethod
    def with_ring_text(
        image: Image, seals: list[SealFound], ocr: OcrEngine, rotation: int = 0
    ) -> list[SealFound]:
        """The seals (found on ``image``) with their ring text read; for a caller that detects
        without an OCR engine and reads the rings at a moment of its choosing."""
        return [replace(s, text=read_ring_text(image, s, ocr, rotation)) for s in seals]
