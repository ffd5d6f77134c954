"""A drawn document of the unseen set: one or more pages, with field truth and seals per page.

The main generator's ``Rendered`` holds one page; unseen declarations may run over two pages
and household-register copies may be two sheets, so truth here remembers the page index of
every value and seal. ``packaging`` turns these into schema models.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kernel.domain import DOC_FIELDS, DocType
from samplegen.canvas import Box, Page
from samplegen.model import SealMark


@dataclass
class UDoc:
    """A document as drawn: pages, field truth (value, page index, pixel box) and seals."""

    doc_type: DocType
    pages: list[Page]
    variant: str
    typed: bool = False  # values typed by a computer (a born-digital PDF is believable)
    fields: dict[str, tuple[Any, int, Box | None]] = field(default_factory=dict)
    seals: list[tuple[int, SealMark]] = field(default_factory=list)

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def put(self, key: str, value: Any, box: Box | None, page: int | None = None) -> None:
        """Record ``key``; an empty value is recorded as None with no box (empty on paper)."""
        if isinstance(value, date):
            value = value.isoformat()
        if value is None or value == "" or value == []:
            box = None
            value = [] if key == "hospitals" else None
        self.fields[key] = (value, len(self.pages) - 1 if page is None else page, box)

    def seal(self, mark: SealMark, page: int | None = None) -> None:
        self.seals.append((len(self.pages) - 1 if page is None else page, mark))

    def complete(self) -> UDoc:
        """Every canonical field of the type is listed; ones never written are empty."""
        for key in DOC_FIELDS[self.doc_type]:
            if key not in self.fields:
                self.fields[key] = (([] if key == "hospitals" else None), 0, None)
        return self
