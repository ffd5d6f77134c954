"""The engine Protocols: OCR engines and the seal detector, behind small interfaces.

OCR libraries and the seal detector sit behind these Protocols and return the
kernel's result types (``kernel.reading``); nothing outside ``extract/engines``
ever sees a PaddleOCR dict.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from kernel.reading import Image, Quad, SealFound, TextLine


@runtime_checkable
class OcrEngine(Protocol):
    """Reads text lines from an image. Loaded once per process, then reused."""

    name: str

    def read(self, image: Image) -> list[TextLine]: ...


@runtime_checkable
class SealDetector(Protocol):
    """Finds seals on a page (colour or grayscale), and reads their ring text with an OCR engine.

    The page recipe finds the seals first and reads their rings right after the page's lines
    (``with_ring_text``), while the recogniser's weights are still in the CPU's cache.
    """

    name: str

    def detect(
        self, image: Image, *, ocr: OcrEngine | None = None, dpi: float | None = None, rotation: int = 0
    ) -> list[SealFound]: ...

    def with_ring_text(
        self, image: Image, seals: list[SealFound], ocr: OcrEngine, rotation: int = 0
    ) -> list[SealFound]: ...


@runtime_checkable
class Recogniser(Protocol):
    """Reads line crops already cut out: (text, score) per crop, an empty text where it cannot."""

    name: str

    def recognize(self, crops: Sequence[Image]) -> list[tuple[str, float]]: ...


@runtime_checkable
class LineOcrEngine(OcrEngine, Protocol):
    """An OCR engine whose two stages can be called apart.

    The detector's line boxes already tell which way a page is turned and how
    much it is skewed, so ``read_page`` decides orientation from them instead of
    a separate pass, and seal ring text (one line) goes to the recogniser alone.
    """

    def detect(self, image: Image) -> list[Quad]: ...

    def recognize(self, crops: Sequence[Image]) -> list[tuple[str, float]]: ...
