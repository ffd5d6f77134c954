"""What reading one file produced, and the callbacks a reader reports its pages through.

The pipeline makes these and the queue stores them; the queue's tasks take a
reader of this shape, so the queue depends on the shape, not on the OCR code.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from kernel.inputs import InputFile, SourcePage
from kernel.reading import PageReading
from kernel.schema import DocumentResult, InputError
from kernel.settings import Settings

PageCallback = Callable[[InputFile, PageReading], None]
CheckpointCallback = Callable[[SourcePage, PageReading], None]


@dataclass
class FileOutcome:
    """What reading one input file produced: its documents, or why it failed."""

    file: InputFile
    documents: list[DocumentResult] = field(default_factory=list)
    error: InputError | None = None
    pages: int = 0


class FileReader(Protocol):
    """Reads one stored file, resuming after the pages in ``done``; reports each new page."""

    def __call__(
        self, f: InputFile, settings: Settings, done: Mapping[int, PageReading], on_page: CheckpointCallback
    ) -> FileOutcome: ...
