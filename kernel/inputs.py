"""What ingest hands to extract: input files and their pages.

A page is either a raster (scanned image, or a PDF page rendered at the
configured dpi) and, for PDF pages with a usable text layer, the words of that
layer already placed in the raster's pixel coordinates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kernel.reading import Image, TextLine


@dataclass(frozen=True)
class InputFile:
    """A file given to ``process``: where it is and how the result names it."""

    path: Path
    source: str  # path relative to the INPUT folder it came from (or its name)
    sha256: str = ""
    size: int = 0
    kind: str = ""  # sniffed from the bytes: pdf | png | jpeg | tiff | zip


@dataclass
class SourcePage:
    """One page of an input file, ready for OCR."""

    source: str
    page: int  # 1-based
    image: Image  # BGR uint8
    dpi: int = 0  # as recorded by the scanner or renderer; 0 when the file does not say
    text_lines: list[TextLine] | None = None  # PDF text layer, in pixels of ``image``
    file_sha256: str = ""
    notes: list[str] = field(default_factory=list)


class IngestError(Exception):
    """An input that cannot be read; ``code`` is stable, ``message`` is for people."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
