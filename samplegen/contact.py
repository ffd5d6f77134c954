"""A contact sheet of a generated set: one thumbnail per document page, labelled.

The README of the committed samples embeds it, so people see what the scans look like
without opening a dozen files; PDFs are rasterised with pypdfium2, TIFF pages via Pillow.
"""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2
from PIL import Image, ImageDraw, ImageOps

from samplegen.canvas import HEI, font


def page_image(path: Path, page: int) -> Image.Image:
    """Page ``page`` (1-based) of a JPEG/PNG/TIFF/PDF file as an RGB image."""
    if path.suffix.lower() == ".pdf":
        pdf = pypdfium2.PdfDocument(str(path))
        try:
            return pdf[page - 1].render(scale=60 / 72).to_pil().convert("RGB")
        finally:
            pdf.close()
    img = Image.open(path)
    img.seek(page - 1)
    return img.convert("RGB")


def contact_sheet(root: Path, out: Path, thumb_w: int = 260, cols: int = 6, limit: int = 24) -> Path:
    """Thumbnails of the first ``limit`` non-duplicate document pages below ``root``."""
    items: list[tuple[Image.Image, str]] = []
    for truth in sorted(root.glob("packet_*/truth.json")):
        data = json.loads(truth.read_text(encoding="utf-8"))
        for doc in data["documents"]:
            if doc.get("duplicate_of") or len(items) >= limit:
                continue
            img = page_image(truth.parent / doc["source"], doc["pages"][0])
            img.thumbnail((thumb_w, round(thumb_w * 1.5)))
            items.append((img, f"{truth.parent.name[-3:]} {doc['doc_type']}"))
    rows = (len(items) + cols - 1) // cols
    cell_h = round(thumb_w * 1.5) + 30
    sheet = Image.new("RGB", (cols * (thumb_w + 12) + 12, rows * cell_h + 12), (235, 235, 235))
    draw = ImageDraw.Draw(sheet)
    f = font(HEI, 14)
    for k, (img, label) in enumerate(items):
        x, y = 12 + (k % cols) * (thumb_w + 12), 12 + (k // cols) * cell_h
        sheet.paste(ImageOps.expand(img, 1, (120, 120, 120)), (x, y))
        draw.text((x, y + cell_h - 26), label, font=f, fill=(20, 20, 20))
    # a 256-colour palette keeps the sheet small enough to commit
    sheet.quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        out, "PNG", optimize=True
    )
    return out
