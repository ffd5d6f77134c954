"""Scan files as a scanning station writes them: multi-page PDFs of JPEG (or CCITT) images,
single JPEG or PNG pages. Byte-for-byte the same for the same seed (no clock in the PDF)."""

from __future__ import annotations

import random
import time
from pathlib import Path

from PIL import Image

_FIXED = time.struct_time((2026, 1, 1, 0, 0, 0, 3, 1, 0))


def write_pdf(path: Path, pages: list[Image.Image], dpi: int, rng: random.Random) -> None:
    quality = rng.randint(55, 85)
    first, rest = pages[0], pages[1:]
    options: dict[str, object] = {
        "save_all": True,
        "append_images": rest,
        "resolution": float(dpi),
        "creationDate": _FIXED,
        "modDate": _FIXED,
        "producer": "counter scan station",
        "title": path.stem,
    }
    if all(p.mode != "1" for p in pages):  # black-and-white pages go in as CCITT G4, which takes no quality
        options["quality"] = quality
    first.save(path, "PDF", **options)


def write_jpeg(path: Path, img: Image.Image, dpi: int | None, rng: random.Random) -> None:
    """A JPEG; ``dpi`` None for a phone photo, which records none."""
    quality = rng.randint(50, 88)
    if img.mode == "1":
        img = img.convert("L")
    if dpi is None:
        img.save(path, "JPEG", quality=quality)
    else:
        img.save(path, "JPEG", quality=quality, dpi=(dpi, dpi))


def write_png(path: Path, img: Image.Image, dpi: int) -> None:
    img.save(path, "PNG", dpi=(dpi, dpi), optimize=False)
