"""One input file to its pages, ready for OCR; the only door from files to pixels.

Whatever goes wrong in a decoder surfaces as :class:`IngestError` with a stable
code, so the pipeline can name the file in RESULT.json and carry on with the
next one. A page that renders blank is still yielded (the reviewer sees it).
"""

from __future__ import annotations

from collections.abc import Iterator

from ingest.images import count_image_frames, iter_image_frames
from ingest.pdf import PdfiumRasteriser
from ingest.raster import PdfRasteriser
from ingest.sniff import HEAD_BYTES, sniff_kind
from kernel.inputs import IngestError, InputFile, SourcePage
from kernel.settings import Settings, get_settings

RASTERISER: PdfRasteriser = PdfiumRasteriser()  # the one place that names the PDF library


def open_pages(f: InputFile, settings: Settings) -> Iterator[SourcePage]:
    """The pages of ``f`` in order (1-based); raises only IngestError."""
    try:
        yield from _pages(f, settings)
    except IngestError:
        raise
    except MemoryError as exc:
        raise IngestError("too_large", f"{f.source}: not enough memory to read this file.") from exc
    except Exception as exc:  # a decoder bug must not take the batch down with it
        raise IngestError("unreadable", f"{f.source}: cannot be read ({type(exc).__name__}: {exc}).") from exc


def count_pages(f: InputFile, settings: Settings | None = None) -> int:
    """Pages that ``open_pages`` will yield, for progress bars; 0 when the file will fail."""
    settings = settings or get_settings()
    try:
        kind = f.kind or _sniff(f)
        if kind == "pdf":
            n = RASTERISER.count_pages(f.path)
        elif kind in ("png", "jpeg", "tiff"):
            n = count_image_frames(f.path)
        else:
            return 0
    except Exception:  # counting is advisory; open_pages reports the real error
        return 0
    return n if n <= settings.max_pages_per_file else 0


def _pages(f: InputFile, settings: Settings) -> Iterator[SourcePage]:
    kind = f.kind or _sniff(f)
    if kind == "pdf":
        rendered = RASTERISER.pages(
            f.path,
            f.source,
            dpi=settings.render_dpi,
            max_pages=settings.max_pages_per_file,
            max_pixels=settings.max_image_pixels,
        )
        for index, page in enumerate(rendered, start=1):
            yield SourcePage(
                source=f.source,
                page=index,
                image=page.image,
                dpi=page.dpi,
                text_lines=page.text_lines,
                file_sha256=f.sha256,
                notes=page.notes,
            )
    elif kind in ("png", "jpeg", "tiff"):
        for index, (image, dpi) in enumerate(
            iter_image_frames(f.path, f.source, settings.max_image_pixels, settings.max_pages_per_file),
            start=1,
        ):
            yield SourcePage(source=f.source, page=index, image=image, dpi=dpi, file_sha256=f.sha256)
    else:
        raise IngestError("unsupported_type", f"{f.source}: {kind or 'unknown'} content cannot be paged.")


def _sniff(f: InputFile) -> str:
    try:
        with f.path.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError as exc:
        raise IngestError("unreadable", f"{f.source}: cannot read ({exc}).") from exc
    kind = sniff_kind(head)
    if kind is None:
        raise IngestError("unsupported_type", f"{f.source}: not a PDF, PNG, JPEG or TIFF file.")
    return kind
