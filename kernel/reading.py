"""What a page reading is made of: images, text lines, seals, and the reading itself.

The engines (``extract.types``) return these, ingest hands page images in
them, the queue checkpoints them and the review page draws from them, so
they live in the kernel that every stage may import. Boxes here are in
*pixels* of the image the engine was given; the pipeline converts them to
page fractions (see ``kernel.schema``) at the end.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import numpy.typing as npt

Image = npt.NDArray[np.uint8]  # H x W x 3 (BGR, OpenCV order) or H x W (gray)
PixelBox = tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels
Quad = tuple[tuple[float, float], ...]  # four corners of a text line, clockwise from its top left


@dataclass(frozen=True)
class TextLine:
    """One line of text read from a page."""

    text: str
    box: PixelBox
    confidence: float
    polygon: tuple[tuple[float, float], ...] = ()

    @property
    def cx(self) -> float:
        return (self.box[0] + self.box[2]) / 2

    @property
    def cy(self) -> float:
        return (self.box[1] + self.box[3]) / 2

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]


@dataclass(frozen=True)
class SealFound:
    """A seal on a page, in pixels of the upright page."""

    box: PixelBox
    shape: Literal["round", "oval", "square"]
    color: Literal["red", "gray"]
    confidence: float
    text: str = ""


Matrix3 = tuple[tuple[float, float, float], tuple[float, float, float], tuple[float, float, float]]


@dataclass(frozen=True)
class SourceFrame:
    """Where the upright page lies on the page as ingest handed it over.

    Every box is reported on the upright page (cropped to the sheet, turned,
    deskewed, perhaps flattened from a photo); a client that draws on the file
    it uploaded needs the way back. ``matrix`` (row-major 3x3) maps a pixel
    ``(x, y, 1)`` of the input page to homogeneous coordinates on the upright
    page; its inverse takes a box back onto the upload.
    """

    source_width: int  # the input page as ingest decoded it (EXIF applied) or rendered it
    source_height: int
    matrix: Matrix3
    source_dpi: int = 0  # the dpi a PDF page was rendered at (pixels = points * dpi / 72)


@dataclass
class PageReading:
    """Everything read from one page: the upright image's size, text and seals."""

    page: int  # 1-based within the source file
    width: int
    height: int
    lines: list[TextLine] = field(default_factory=list)
    seals: list[SealFound] = field(default_factory=list)
    rotation: int = 0  # degrees turned to make it upright (0/90/180/270)
    skew: float = 0.0  # degrees corrected
    from_text_layer: bool = False
    # Ink found inside boxes (signature areas, check boxes) is decided by the
    # field extractor from the image; it keeps a reference to the clean image.
    image: Image | None = None
    # When ``image`` is a cleaned gray copy (seal ink removed), the colour page as
    # scanned, before turning: what a reviewer is shown (see ``extract.display``).
    colour: Image | None = field(default=None, repr=False, compare=False)
    # Ruled table cells of ``image``, found once on first use (several extractors ask).
    cells: list[PixelBox] | None = field(default=None, repr=False, compare=False)
    # Seconds per reading step (upright, seals, ocr, total): stored with the page for the
    # ``filingdesk_stage_seconds`` histogram (store/timings.py).
    timings: dict[str, float] = field(default_factory=dict, repr=False, compare=False)
    # The input page → upright page transform (None for readings stored before it was kept).
    frame: SourceFrame | None = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)
