"""The page a reviewer sees: upright, straightened, in colour, seals and all.

``read_page`` keeps, for the engines that read a cleaned gray copy, the colour
page as scanned plus the turn and skew it found; this module applies them, so
the stored page image and every field box (fractions of the upright page) line
up. The gray copy can be rebuilt from the colour one (``clean_copy``), which is
what a resumed task does with a stored page.
"""

from __future__ import annotations

from extract.preprocess import rotate_image, turn
from extract.seal_ink import remove_seal_ink
from kernel.reading import Image, PageReading


def display_image(reading: PageReading) -> Image | None:
    """The upright colour page of a reading (the reading's own image when it is not a cleaned copy)."""
    if reading.colour is None:
        return reading.image
    return upright_colour(reading.colour, reading.rotation, reading.skew)


def upright_colour(image: Image, rotation: int, skew: float) -> Image:
    """Apply ``find_upright``'s steps to the scanned page: a sideways turn, the deskew, then a flip."""
    rotation %= 360
    if rotation in (90, 270):
        image = turn(image, 90)
    if skew:
        image = rotate_image(image, -skew)
    if rotation in (180, 270):
        image = turn(image, 180)
    return image


def clean_copy(upright: Image) -> Image:
    """The seal-free gray page the field extractor judges ticks and signatures on."""
    return remove_seal_ink(upright)
