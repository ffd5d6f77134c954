"""Ingest: every bad input is named with a stable code; good inputs become pages.

All fixtures are built in the test from bytes (no sample files), so each case
shows exactly what is wrong with the input.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from ingest.blobs import LocalBlobStore, blob_store_from_settings
from ingest.collect import collect_inputs, find_duplicates
from ingest.pages import count_pages, open_pages
from ingest.pdf import usable_text
from kernel.inputs import IngestError, InputFile
from kernel.settings import Settings


# ---------------------------------------------------------------- builders
def build_pdf(contents: list[bytes], *, encrypt: bool = False) -> bytes:
    """A minimal valid PDF (A4 pages) whose pages draw ``contents``; fonts F1 Helvetica, F2 Chinese."""
    objs: list[bytes] = []

    def add(body: bytes) -> int:
        objs.append(body)
        return len(objs)

    catalog, pages = add(b""), add(b"")
    f1 = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    desc = add(
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
        b"/FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
        b"/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
        b"/CapHeight 880 /StemV 93 >> >>"
    )
    f2 = add(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [%d 0 R] >>" % desc
    )
    kids = []
    for content in contents:
        stream = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
                b"/Resources << /Font << /F1 %d 0 R /F2 %d 0 R >> >> /Contents %d 0 R >>"
                % (pages, f1, f2, stream)
            )
        )
    objs[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages
    objs[pages - 1] = (
        b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % k for k in kids) + b"] /Count %d >>" % len(kids)
    )
    enc = (
        add(
            b"<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O <"
            + b"ab" * 32
            + b"> /U <"
            + b"cd" * 32
            + b"> >>"
        )
        if encrypt
        else 0
    )
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objs) + 1, catalog)
    if enc:
        trailer += b" /Encrypt %d 0 R /ID [<%s> <%s>]" % (enc, b"01" * 16, b"01" * 16)
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def zh(text: str) -> bytes:
    return b"<" + text.encode("utf-16-be").hex().encode() + b">"


TEXT_PAGE = (
    b"BT /F1 20 Tf 72 760 Td (Declaration ID 140105198803150012) Tj ET\n"
    b"BT /F2 24 Tf 72 700 Td " + zh("异地就医登记备案表 姓名 张三") + b" Tj ET"
)


def png_bytes(size: tuple[int, int] = (60, 40), color: tuple[int, int, int] = (200, 10, 10)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "PNG")
    return buf.getvalue()


def bomb_png(width: int = 20000, height: int = 20000) -> bytes:
    """A 1-bit all-black PNG of width x height pixels, tens of kilobytes on disk."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    comp = zlib.compressobj(9)
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    idat = b"".join(comp.compress(row) for _ in range(height)) + comp.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / "home")


def only_error(errors: list, source: str) -> str:
    codes = [e.code for e in errors if e.source == source]
    assert len(codes) == 1, errors
    return codes[0]


def pages_of(path: Path, settings: Settings) -> list:
    files, errors = collect_inputs([path], settings)
    assert not errors, errors
    return list(open_pages(files[0], settings))


# ---------------------------------------------------------------- collect
def test_folder_is_walked_sorted_with_relative_sources_and_other_files_skipped(
    tmp_path: Path, settings: Settings
) -> None:
    root = tmp_path / "in"
    (root / "b").mkdir(parents=True)
    (root / ".hidden").mkdir()
    (root / "b" / "2.png").write_bytes(png_bytes())
    (root / "a.png").write_bytes(png_bytes((10, 10)))
    (root / "truth.json").write_text("{}")
    (root / "notes.md").write_text("# notes")
    (root / ".DS_Store").write_bytes(b"junk")
    (root / ".hidden" / "x.png").write_bytes(png_bytes())
    files, errors = collect_inputs([root], settings)
    assert errors == []
    assert [f.source for f in files] == ["a.png", "b/2.png"]
    assert all(f.kind == "png" and len(f.sha256) == 64 and f.size > 0 for f in files)


def test_empty_file(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "empty.pdf").write_bytes(b"")
    _, errors = collect_inputs([tmp_path], settings)
    assert only_error(errors, "empty.pdf") == "empty_file"


def test_too_large(tmp_path: Path) -> None:
    (tmp_path / "big.png").write_bytes(png_bytes((300, 300)))
    _, errors = collect_inputs([tmp_path], Settings(home=tmp_path / "h", max_upload_bytes=100))
    assert only_error(errors, "big.png") == "too_large"


def test_jpg_that_is_text_is_not_an_image(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "letter.jpg").write_text("Dear reviewer, this is not a picture.\n", encoding="utf-8")
    _, errors = collect_inputs([tmp_path], settings)
    assert only_error(errors, "letter.jpg") == "not_an_image"
    assert "plain text" in errors[0].message


def test_pdf_that_is_an_office_zip_is_a_type_mismatch(tmp_path: Path, settings: Settings) -> None:
    with zipfile.ZipFile(tmp_path / "form.pdf", "w") as zf:
        zf.writestr("word/document.xml", "<w/>")
    _, errors = collect_inputs([tmp_path], settings)
    assert only_error(errors, "form.pdf") == "type_mismatch"


def test_png_named_jpg_is_accepted_by_its_content(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "scan.jpg").write_bytes(png_bytes())
    files, errors = collect_inputs([tmp_path], settings)
    assert errors == [] and files[0].kind == "png"


def test_explicit_unsupported_file_is_reported(tmp_path: Path, settings: Settings) -> None:
    doc = tmp_path / "form.docx"
    doc.write_bytes(b"PK\x03\x04whatever")
    files, errors = collect_inputs([doc, tmp_path / "missing.pdf"], settings)
    assert files == []
    assert only_error(errors, "form.docx") == "unsupported_type"
    assert [e.code for e in errors] == ["unsupported_type", "not_found"]


def test_zip_members_expand_and_traversal_is_refused_per_member(tmp_path: Path, settings: Settings) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("deep.png", png_bytes((5, 5)))
    innermost = io.BytesIO()
    with zipfile.ZipFile(innermost, "w") as zf:
        zf.writestr("x.zip", inner.getvalue())
    with zipfile.ZipFile(tmp_path / "batch.zip", "w") as zf:
        zf.writestr("../../escape.png", png_bytes())
        zf.writestr("/abs.png", png_bytes())
        zf.writestr("C:/win.png", png_bytes())
        zf.writestr("scans/ok.png", png_bytes((7, 7)))
        zf.writestr("scans/readme.txt", "ignored")
        zf.writestr("__MACOSX/scans/._ok.png", b"junk")
        zf.writestr("inner.zip", inner.getvalue())
        zf.writestr("nested.zip", innermost.getvalue())
    files, errors = collect_inputs([tmp_path], settings)
    assert sorted(f.source for f in files) == ["batch.zip/inner.zip/deep.png", "batch.zip/scans/ok.png"]
    assert all(f.path.is_file() for f in files)
    codes = {e.source: e.code for e in errors}
    assert codes == {
        "batch.zip/../../escape.png": "unsafe_archive_path",
        "batch.zip//abs.png": "unsafe_archive_path",
        "batch.zip/C:/win.png": "unsafe_archive_path",
        "batch.zip/nested.zip/x.zip": "nested_archive",
    }
    assert len(list(open_pages(files[1], settings))) == 1


def test_zip_bomb_is_refused(tmp_path: Path, settings: Settings) -> None:
    with zipfile.ZipFile(tmp_path / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("zeros.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * (8 << 20))
    _, errors = collect_inputs([tmp_path], settings)
    assert only_error(errors, "bomb.zip") == "archive_too_large"
    with zipfile.ZipFile(tmp_path / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as zf:  # total over the limit
        zf.writestr("a.png", b"\x89PNG\r\n\x1a\n" + b"ab" * 1000)
        zf.writestr("b.png", b"\x89PNG\r\n\x1a\n" + b"cd" * 1000)
    _, errors = collect_inputs([tmp_path], Settings(home=tmp_path / "h", max_upload_bytes=3000))
    assert only_error(errors, "bomb.zip") == "archive_too_large"


def test_corrupt_zip(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "bad.zip").write_bytes(b"PK\x03\x04" + b"\x00" * 40)
    _, errors = collect_inputs([tmp_path], settings)
    assert only_error(errors, "bad.zip") == "archive_corrupt"


def test_duplicates_are_found_by_checksum(tmp_path: Path, settings: Settings) -> None:
    data = png_bytes()
    (tmp_path / "a.png").write_bytes(data)
    (tmp_path / "copy.png").write_bytes(data)
    (tmp_path / "other.png").write_bytes(png_bytes((3, 3)))
    files, _ = collect_inputs([tmp_path], settings)
    dups = find_duplicates(files)
    assert len(dups) == 1
    assert [f.source for f in next(iter(dups.values()))] == ["a.png", "copy.png"]


# ---------------------------------------------------------------- pages
def test_truncated_pdf_is_pdf_corrupt(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "truncated.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n")
    files, _ = collect_inputs([path], settings)
    with pytest.raises(IngestError) as err:
        list(open_pages(files[0], settings))
    assert err.value.code == "pdf_corrupt"
    assert count_pages(files[0], settings) == 0


def test_encrypted_pdf(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(build_pdf([TEXT_PAGE], encrypt=True))
    files, _ = collect_inputs([path], settings)
    with pytest.raises(IngestError) as err:
        list(open_pages(files[0], settings))
    assert err.value.code == "pdf_encrypted"


def test_too_many_pages(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    path.write_bytes(build_pdf([b""] * 3))
    settings = Settings(home=tmp_path / "h", max_pages_per_file=2)
    files, _ = collect_inputs([path], settings)
    with pytest.raises(IngestError) as err:
        list(open_pages(files[0], settings))
    assert err.value.code == "too_many_pages"


def test_pdf_text_layer_is_read_in_pixel_coordinates(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "typed.pdf"
    path.write_bytes(build_pdf([TEXT_PAGE, b""]))
    pages = pages_of(path, settings)
    assert [p.page for p in pages] == [1, 2]
    first, blank = pages
    assert first.image.shape == (2339, 1653, 3) and first.image.dtype == np.uint8  # A4 at 200 dpi
    assert first.text_lines is not None
    texts = [line.text for line in first.text_lines]
    assert texts == ["Declaration ID 140105198803150012", "异地就医登记备案表 姓名 张三"]
    box = first.text_lines[0].box
    assert box[0] == pytest.approx(72 * 200 / 72, abs=2)  # x = 72 pt from the left edge
    assert 0 < box[1] < box[3] < (842 - 740) * 200 / 72
    assert all(line.confidence == 1.0 for line in first.text_lines)
    assert blank.text_lines is None and blank.image.min() == 255  # blank pages are still yielded


def test_image_only_pdf_has_no_text_layer(tmp_path: Path, settings: Settings) -> None:
    buf = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(buf, "PDF", resolution=100)
    (tmp_path / "scan.pdf").write_bytes(buf.getvalue())
    (page,) = pages_of(tmp_path / "scan.pdf", settings)
    assert page.text_lines is None
    assert page.image.shape == (600, 800, 3)


def test_garbage_text_is_not_usable() -> None:
    assert usable_text("异地就医登记备案表 姓名 张三 ID 1401")
    assert not usable_text("(cid:12)(cid:44)(cid:91)(cid:3)(cid:8)(cid:77)(cid:1)(cid:2)ab")
    assert not usable_text("\ue000\ue001\ue002\ue003\ue004\ue005\ue006\ue007\ue008")
    assert not usable_text("Page 1")


def test_decompression_bomb_png_is_refused(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "bomb.png").write_bytes(bomb_png())
    assert (tmp_path / "bomb.png").stat().st_size < 200_000
    files, _ = collect_inputs([tmp_path], settings)
    with pytest.raises(IngestError) as err:
        list(open_pages(files[0], settings))
    assert err.value.code == "image_too_large"


def test_truncated_png_is_image_corrupt(tmp_path: Path, settings: Settings) -> None:
    (tmp_path / "cut.png").write_bytes(png_bytes((400, 400))[:60])
    files, _ = collect_inputs([tmp_path], settings)
    with pytest.raises(IngestError) as err:
        list(open_pages(files[0], settings))
    assert err.value.code == "image_corrupt"


def test_multipage_tiff_is_split_into_bgr_pages(tmp_path: Path, settings: Settings) -> None:
    frames = [
        Image.new("RGB", (30, 20), (255, 0, 0)),
        Image.new("L", (25, 15), 128),
        Image.new("1", (10, 10), 1),
    ]
    frames[0].save(tmp_path / "pack.tif", save_all=True, append_images=frames[1:])
    pages = pages_of(tmp_path / "pack.tif", settings)
    assert [p.page for p in pages] == [1, 2, 3]
    assert [p.image.shape for p in pages] == [(20, 30, 3), (15, 25, 3), (10, 10, 3)]
    assert tuple(pages[0].image[0, 0]) == (0, 0, 255)  # red in BGR order
    assert tuple(pages[1].image[0, 0]) == (128, 128, 128) and pages[2].image.min() == 255  # gray, bilevel
    assert count_pages(collect_inputs([tmp_path / "pack.tif"], settings)[0][0], settings) == 3


def test_exif_orientation_is_applied(tmp_path: Path, settings: Settings) -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to view
    Image.new("RGB", (40, 20), "white").save(tmp_path / "phone.jpg", exif=exif.tobytes())
    (page,) = pages_of(tmp_path / "phone.jpg", settings)
    assert page.image.shape == (40, 20, 3)


def test_jpeg_decodes_to_the_same_pixels_as_pillow(tmp_path: Path, settings: Settings) -> None:
    rng = np.random.default_rng(5)
    noisy = Image.fromarray(rng.integers(0, 255, (60, 80, 3), dtype=np.uint8), "RGB")
    for mode in ("RGB", "L"):
        path = tmp_path / f"scan_{mode}.jpg"
        noisy.convert(mode).save(path, quality=70)
        (page,) = pages_of(path, settings)
        with Image.open(path) as im:
            expected = np.asarray(im.convert("RGB"))[:, :, ::-1]
        assert page.image.shape == (60, 80, 3)
        assert np.abs(page.image.astype(int) - expected.astype(int)).max() <= 1


def test_truncated_jpeg_is_image_corrupt(tmp_path: Path, settings: Settings) -> None:
    buf = io.BytesIO()
    Image.new("RGB", (400, 300), (200, 180, 160)).save(buf, "JPEG", quality=90)
    (tmp_path / "cut.jpg").write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    files, _ = collect_inputs([tmp_path], settings)
    with pytest.raises(IngestError) as err:
        list(open_pages(files[0], settings))
    assert err.value.code == "image_corrupt"


def test_rgba_png_is_composited_on_white(tmp_path: Path, settings: Settings) -> None:
    Image.new("RGBA", (8, 8), (0, 0, 0, 0)).save(tmp_path / "clear.png")
    (page,) = pages_of(tmp_path / "clear.png", settings)
    assert page.image.min() == 255


def test_unexpected_decoder_failure_surfaces_as_ingest_error(tmp_path: Path, settings: Settings) -> None:
    ghost = InputFile(path=tmp_path / "gone.png", source="gone.png", kind="png")
    with pytest.raises(IngestError) as err:
        list(open_pages(ghost, settings))
    assert err.value.code in ("image_corrupt", "unreadable")


# ---------------------------------------------------------------- blobs
def test_local_blob_store_is_content_addressed_and_idempotent(tmp_path: Path) -> None:
    store = LocalBlobStore(tmp_path / "blobs")
    sha = store.put(b"page")
    assert store.put(b"page") == sha and store.exists(sha) and store.get(sha) == b"page"
    assert store.path_hint(sha).endswith(f"{sha[:2]}/{sha[2:4]}/{sha}")
    assert not store.exists("0" * 64)
    with pytest.raises(KeyError):
        store.get("0" * 64)
    with pytest.raises(ValueError):
        store.exists("../etc/passwd")
    assert not list((tmp_path / "blobs").rglob(".part-*"))


def test_blob_store_from_settings(tmp_path: Path) -> None:
    store = blob_store_from_settings(Settings(home=tmp_path))
    assert isinstance(store, LocalBlobStore) and store.root == tmp_path / "blobs"
    s3 = blob_store_from_settings(Settings(home=tmp_path, s3_bucket="scans"))
    assert not isinstance(s3, LocalBlobStore) and s3.path_hint("0" * 64).startswith("s3://scans/")


def test_archive_without_scans_is_reported(tmp_path: Path, settings: Settings) -> None:
    with zipfile.ZipFile(tmp_path / "notes.zip", "w") as zf:
        zf.writestr("readme.txt", "nothing to scan")
    _, errors = collect_inputs([tmp_path], settings)
    assert only_error(errors, "notes.zip") == "archive_empty"


def test_pdf_pages_come_through_the_rasteriser_protocol(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shipped rasteriser fits the Protocol, and another one put in its place is what pages see."""
    import ingest.pages as pages
    from ingest.pdf import PdfiumRasteriser
    from ingest.raster import PdfRasteriser, RenderedPage

    assert isinstance(PdfiumRasteriser(), PdfRasteriser)

    class OnePage:
        name = "stand-in"

        def count_pages(self, path: Path) -> int:
            return 1

        def pages(
            self, path: Path, source: str, *, dpi: int, max_pages: int, max_pixels: int
        ) -> Iterator[RenderedPage]:
            yield RenderedPage(image=np.full((20, 30, 3), 255, np.uint8), dpi=dpi, notes=["stand-in"])

    monkeypatch.setattr(pages, "RASTERISER", OnePage())
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4 not read by the stand-in")
    f = InputFile(path=pdf, source="a.pdf", sha256="0" * 64, size=pdf.stat().st_size, kind="pdf")
    settings = Settings(home=tmp_path)
    assert pages.count_pages(f, settings) == 1
    [page] = list(pages.open_pages(f, settings))
    assert page.image.shape == (20, 30, 3) and page.dpi == settings.render_dpi and page.notes == ["stand-in"]
