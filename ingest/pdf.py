"""PDF files to rendered pages, with the text layer when the PDF has a real one.

PDFium renders (fast, tolerant of damaged files and the only one that tells an
encrypted file from a broken one); pdfplumber reads the text layer because it
already groups characters into lines. Text is only trusted when it reads as
Chinese/ASCII, not as ``(cid:12)`` glyph soup, so garbage never bypasses OCR.
"""

from __future__ import annotations

import contextlib
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ingest.raster import RenderedPage
from kernel.inputs import IngestError
from kernel.reading import Image as Raster
from kernel.reading import TextLine

MIN_TEXT_CHARS = 8  # fewer characters than this is a stray label, not a text layer
MIN_GOOD_RATIO = 0.85
_CID = re.compile(r"\(cid:\d+\)")


class PdfiumRasteriser:
    """The shipped ``PdfRasteriser``: PDFium renders, pdfplumber reads the text layer."""

    name = "pdfium"

    def count_pages(self, path: Path) -> int:
        return count_pdf_pages(path)

    def pages(
        self, path: Path, source: str, *, dpi: int, max_pages: int, max_pixels: int
    ) -> Iterator[RenderedPage]:
        for image, used_dpi, lines, notes in iter_pdf_pages(
            path, source, dpi=dpi, max_pages=max_pages, max_pixels=max_pixels
        ):
            yield RenderedPage(image=image, dpi=used_dpi, text_lines=lines, notes=notes)


def open_pdf(path: Path, source: str, max_pages: int) -> pdfium.PdfDocument:
    """The opened document, or the IngestError that says why it cannot be read."""
    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise IngestError("pdf_encrypted", f"{source}: the PDF is password-protected.") from exc
        raise IngestError("pdf_corrupt", f"{source}: the PDF is damaged or truncated ({exc}).") from exc
    pages = len(pdf)
    if pages == 0:
        pdf.close()
        raise IngestError("pdf_corrupt", f"{source}: the PDF has no readable pages.")
    if pages > max_pages:
        pdf.close()
        raise IngestError("too_many_pages", f"{source}: {pages} pages is more than the limit of {max_pages}.")
    return pdf


def count_pdf_pages(path: Path) -> int:
    """Pages of a PDF without rendering (raises on unreadable files)."""
    pdf = pdfium.PdfDocument(path)
    try:
        return len(pdf)
    finally:
        pdf.close()


def iter_pdf_pages(
    path: Path, source: str, *, dpi: int, max_pages: int, max_pixels: int
) -> Iterator[tuple[Raster, int, list[TextLine] | None, list[str]]]:
    """Per page: BGR image, the dpi it was rendered at, text-layer lines (or None), notes."""
    pdf = open_pdf(path, source, max_pages)
    plumber: Any = None
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                image, used_dpi, notes = _render(page, source, index, dpi, max_pixels)
                has_text = _char_count(page) >= MIN_TEXT_CHARS
            finally:
                page.close()
            lines = None
            if has_text:
                if plumber is None:
                    plumber = _open_plumber(path)
                lines = _text_layer(plumber, index, image.shape[1], image.shape[0], notes)
            yield image, used_dpi, lines, notes
    finally:
        if plumber is not None:
            plumber.close()
        pdf.close()


def _render(
    page: pdfium.PdfPage, source: str, index: int, dpi: int, max_pixels: int
) -> tuple[Raster, int, list[str]]:
    notes: list[str] = []
    width_pt, height_pt = page.get_size()
    if width_pt <= 0 or height_pt <= 0:
        raise IngestError("pdf_corrupt", f"{source}: page {index + 1} has no size.")
    pixels = width_pt * height_pt * (dpi / 72) ** 2
    if pixels > max_pixels:  # a poster-sized page: render it smaller rather than exhaust memory
        dpi = max(1, int(dpi * (max_pixels / pixels) ** 0.5))
        notes.append(f"page rendered at {dpi} dpi to stay within {max_pixels} pixels")
    try:
        bitmap = page.render(scale=dpi / 72)
        array = bitmap.to_numpy()
    except pdfium.PdfiumError as exc:
        raise IngestError("pdf_corrupt", f"{source}: page {index + 1} cannot be rendered ({exc}).") from exc
    if array.ndim == 2:
        array = np.repeat(array[:, :, None], 3, axis=2)
    return np.array(array[:, :, :3], dtype=np.uint8, copy=True, order="C"), dpi, notes  # own the memory


def _char_count(page: pdfium.PdfPage) -> int:
    try:
        textpage = page.get_textpage()
        try:
            return int(textpage.count_chars())
        finally:
            textpage.close()
    except pdfium.PdfiumError:
        return 0


def _open_plumber(path: Path) -> Any:
    try:
        return pdfplumber.open(path)
    except Exception:  # pdfminer is stricter than PDFium; the page is still OCR-able
        return False


def _text_layer(plumber: Any, index: int, img_w: int, img_h: int, notes: list[str]) -> list[TextLine] | None:
    if plumber is False:
        notes.append("text layer unreadable; OCR instead")
        return None
    try:
        page = plumber.pages[index]
        raw = [
            seg
            for line in page.extract_text_lines(strip=True, return_chars=True)
            for seg in split_at_gaps(line)
        ]
        crop = page.cropbox
    except Exception:  # same reason as above: fall back to OCR, never fail the file
        notes.append("text layer unreadable; OCR instead")
        return None
    finally:
        with contextlib.suppress(Exception):
            plumber.pages[index].close()
    if not usable_text("".join(line["text"] for line in raw)):
        notes.append("text layer present but not usable; OCR instead")
        return None
    crop_w, crop_h = crop[2] - crop[0], crop[3] - crop[1]
    sx, sy = img_w / crop_w, img_h / crop_h
    if crop_w <= 0 or crop_h <= 0 or abs(sx - sy) > 0.02 * max(sx, sy):
        notes.append("text layer does not match the rendered page; OCR instead")
        return None
    lines = []
    for line in raw:
        box = (
            (line["x0"] - crop[0]) * sx,
            (line["top"] - crop[1]) * sy,
            (line["x1"] - crop[0]) * sx,
            (line["bottom"] - crop[1]) * sy,
        )
        if box[2] <= 0 or box[3] <= 0 or box[0] >= img_w or box[1] >= img_h:
            continue  # outside the visible crop box
        clipped = (max(0.0, box[0]), max(0.0, box[1]), min(float(img_w), box[2]), min(float(img_h), box[3]))
        lines.append(TextLine(text=line["text"], box=clipped, confidence=1.0))
    notes.append("text layer used")
    return lines


def split_at_gaps(line: dict[str, Any], gap_em: float = 1.2) -> list[dict[str, Any]]:
    """A text-layer line cut where the gap between two glyphs is wider than ``gap_em`` of their size.

    pdfplumber joins everything on one baseline into a line, so a form's label,
    its value three centimetres further and the next label become one string;
    OCR would have read them as separate pieces, and the field extractor relies
    on that geometry (value right of its label, check box left of its option).
    """
    chars = [c for c in line.get("chars") or [] if str(c.get("text", "")).strip()]
    if not chars:
        return [line]
    segments: list[list[dict[str, Any]]] = [[chars[0]]]
    for prev, ch in itertools.pairwise(chars):
        size = max(float(prev["bottom"]) - float(prev["top"]), float(ch["bottom"]) - float(ch["top"]), 1.0)
        if float(ch["x0"]) - float(prev["x1"]) > gap_em * size:
            segments.append([ch])
        else:
            segments[-1].append(ch)
    if len(segments) == 1:
        return [line]
    out = []
    for seg in segments:
        text = "".join(str(c["text"]) for c in seg)
        out.append(
            {
                "text": text,
                "x0": min(float(c["x0"]) for c in seg),
                "x1": max(float(c["x1"]) for c in seg),
                "top": min(float(c["top"]) for c in seg),
                "bottom": max(float(c["bottom"]) for c in seg),
            }
        )
    return out


def usable_text(text: str) -> bool:
    """Enough characters, and nearly all of them Chinese, ASCII or CJK punctuation."""
    garbage = sum(len(m) for m in _CID.findall(text))
    chars = [ch for ch in _CID.sub("", text) if not ch.isspace()]
    total = len(chars) + garbage
    if len(chars) < MIN_TEXT_CHARS:
        return False
    good = sum(_is_good_char(ch) for ch in chars)
    return good / total >= MIN_GOOD_RATIO


def _is_good_char(ch: str) -> bool:
    code = ord(ch)
    return (
        0x21 <= code <= 0x7E
        or 0x4E00 <= code <= 0x9FFF
        or 0x3400 <= code <= 0x4DBF
        or 0x3000 <= code <= 0x303F
        or 0xFF00 <= code <= 0xFFEF
        or ch in "·—“”‘’…"
    )
