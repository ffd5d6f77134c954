"""Byte-deterministic file writers: JPEG, PNG, multi-page TIFF and PDF.

Same seed must give byte-identical files, so encoders run with fixed settings and no
metadata, and PDFs are written by hand (no producer string, no creation timestamp).
The PDF writer embeds each page as a JPEG and can add an invisible text layer (render
mode 3, the way OCR'd or born-digital PDFs carry text) set in the non-embedded Adobe
standard font STSong-Light, which every PDF reader resolves without shipping a font file.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from samplegen.canvas import TextRun

A4_PT = (595.28, 841.89)


def jpeg_bytes(img: Image.Image, quality: int) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality, optimize=False, progressive=False, subsampling=2)
    return buf.getvalue()


def save_image(img: Image.Image, path: Path, quality: int = 80) -> None:
    """JPEG or PNG by suffix, with a fixed dpi tag."""
    if path.suffix.lower() in (".jpg", ".jpeg"):
        path.write_bytes(jpeg_bytes(img, quality))
    else:
        img.save(path, "PNG", optimize=False, compress_level=6)


def save_tiff(images: list[Image.Image], path: Path, dpi: int) -> None:
    """Multi-page bilevel TIFF, CCITT G4 (what fax servers and MFP "scan to folder" produce).

    Binarisation is the fax-like damage DOMAIN.md lists: seals come out black, so truth
    marks their colour gray.
    """
    pages = [im.convert("L").point(lambda v: 255 if v > 150 else 0).convert("1") for im in images]
    first, *rest = pages
    first.save(path, "TIFF", save_all=True, append_images=rest, compression="group4", dpi=(dpi, dpi))


@dataclass
class PdfPage:
    """One PDF page: a page image and, optionally, text runs (pixel boxes on that image)."""

    image: Image.Image
    runs: list[TextRun] | None = None
    quality: int = 78


def _text_ops(runs: list[TextRun], size_px: tuple[int, int], page_pt: tuple[float, float]) -> bytes:
    sx, sy = page_pt[0] / size_px[0], page_pt[1] / size_px[1]
    ops = [b"BT 3 Tr"]
    for run in runs:
        text = run.text.strip()
        if not text:
            continue
        x0, _y0, x1, y1 = run.box
        size = max(4.0, run.size_px * sy)
        natural = sum(0.5 if ord(c) < 0x2E80 else 1.0 for c in text) * size
        scale = max(20.0, min(300.0, 100.0 * (x1 - x0) * sx / natural)) if natural else 100.0
        baseline = page_pt[1] - y1 * sy + size * 0.12
        hexed = text.encode("utf-16-be").hex().upper()
        ops.append(
            f"/F1 {size:.2f} Tf {scale:.1f} Tz 1 0 0 1 {x0 * sx:.2f} {baseline:.2f} Tm <{hexed}> Tj".encode()
        )
    ops.append(b"ET")
    return b"\n".join(ops)


def save_pdf(pages: list[PdfPage], path: Path) -> None:
    """A PDF with one A4 page per image; fixed dates so bytes depend on content only."""
    objs: list[bytes] = [b"", b""]  # catalog, pages: filled at the end
    font_id = 0
    if any(p.runs for p in pages):
        objs.append(
            b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
            b"/DescendantFonts [4 0 R] >>"
        )
        objs.append(
            b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo "
            b"<< /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 5 0 R "
            b"/DW 1000 /W [1 95 500] >>"
        )
        objs.append(
            b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
            b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>"
        )
        font_id = 3
    kids: list[int] = []
    for p in pages:
        img = p.image
        w_px, h_px = img.size
        page_pt = A4_PT if h_px >= w_px else (A4_PT[1], A4_PT[0])
        data = jpeg_bytes(img, p.quality)
        cs = b"/DeviceGray" if img.mode == "L" else b"/DeviceRGB"
        objs.append(
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent 8 "
            b"/Filter /DCTDecode /Length %d >>\nstream\n"
            % (w_px, h_px, cs, len(data))
            + data
            + b"\nendstream"
        )
        img_id = len(objs)
        content = b"q %.2f 0 0 %.2f 0 0 cm /Im0 Do Q" % page_pt
        if p.runs:
            content += b"\n" + _text_ops(p.runs, img.size, page_pt)
        objs.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        content_id = len(objs)
        font_res = b" /Font << /F1 %d 0 R >>" % font_id if p.runs else b""
        objs.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f] /Resources << /XObject << /Im0 %d 0 R >>"
            b"%s >> /Contents %d 0 R >>" % (page_pt[0], page_pt[1], img_id, font_res, content_id)
        )
        kids.append(len(objs))
    objs[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objs[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    objs.append(
        b"<< /Producer (filingdesk samplegen) /CreationDate (D:20261122000000Z) "
        b"/ModDate (D:20261122000000Z) >>"
    )
    info_id = len(objs)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1,
        info_id,
        xref,
    )
    path.write_bytes(bytes(out))
