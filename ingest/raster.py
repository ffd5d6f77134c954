"""The PDF rasteriser's contract: what ``ingest.pages`` asks of whatever turns PDF pages into pixels.

PDFium with pdfplumber's text layer (``ingest.pdf.PdfiumRasteriser``) is the one
shipped; another library (MuPDF, poppler) fits behind the same two calls and
returns the same result type, so nothing past ingest ever sees a library's
page object.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from kernel.reading import Image, TextLine


@dataclass
class RenderedPage:
    """One PDF page as pixels (BGR), the dpi it was rendered at, and its text layer if trustworthy."""

    image: Image
    dpi: int
    text_lines: list[TextLine] | None = None
    notes: list[str] = field(default_factory=list)


@runtime_checkable
class PdfRasteriser(Protocol):
    """Counts and renders a PDF's pages; every failure is an ``IngestError`` with a stable code."""

    name: str

    def count_pages(self, path: Path) -> int: ...

    def pages(
        self, path: Path, source: str, *, dpi: int, max_pages: int, max_pixels: int
    ) -> Iterator[RenderedPage]: ...
