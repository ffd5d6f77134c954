"""Scanned pages into files: JPEG, PNG, (multi-page) TIFF and multi-page PDF, byte-reproducibly.

Window scanners write all of these; the generator must also give identical bytes for the same
seed, so nothing written carries a timestamp or a random identifier.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image


def _pdf_page(img: Image.Image) -> Image.Image:
    return img.convert("L") if img.mode == "1" else img


def write_file(path: Path, pages: list[Image.Image], dpi: int, jpeg_quality: int) -> None:
    """Write ``pages`` to ``path`` in the format its suffix names."""
    suffix = path.suffix.lower()
    first, rest = pages[0], pages[1:]
    if suffix == ".jpg":
        img = first.convert("L") if first.mode == "1" else first
        img.save(path, "JPEG", quality=jpeg_quality, dpi=(dpi, dpi), optimize=False)
    elif suffix == ".png":
        first.save(path, "PNG", dpi=(dpi, dpi), optimize=False)
    elif suffix == ".tif":
        bilevel = all(p.mode == "1" for p in pages)
        compression = "group4" if bilevel else "tiff_lzw"
        first.save(path, "TIFF", save_all=True, append_images=rest, compression=compression, dpi=(dpi, dpi))
    elif suffix == ".pdf":
        # JPEG-encode the page images first so that the PDF holds scanner-like DCT streams
        encoded = []
        for p in pages:
            buf = io.BytesIO()
            _pdf_page(p).save(buf, "JPEG", quality=jpeg_quality)
            buf.seek(0)
            encoded.append(Image.open(buf))
        encoded[0].save(
            path,
            "PDF",
            save_all=True,
            append_images=encoded[1:],
            resolution=float(dpi),
            title="scan",
            producer="scanner",
            creationDate=None,
            modDate=None,
        )
    else:
        raise ValueError(f"unsupported scan format {suffix}")
