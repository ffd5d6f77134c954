"""What a document builder hands back: the drawn page plus the truth it knows about it.

Builders know exactly where they wrote each value and placed each seal, so truth is
recorded at drawing time rather than reconstructed; packets.py turns it into schema models.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kernel.domain import DocType
from samplegen.canvas import Box, Page


@dataclass
class SealMark:
    """A seal printed on the page."""

    box: Box
    shape: str
    text: str
    role: str  # agency | issuer


@dataclass
class Rendered:
    """One single-page document as drawn, with its field truth (value, pixel box or None)."""

    doc_type: DocType
    page: Page
    fields: dict[str, tuple[Any, Box | None]] = field(default_factory=dict)
    seals: list[SealMark] = field(default_factory=list)

    def put(self, key: str, value: Any, box: Box | None) -> None:
        if isinstance(value, date):
            value = value.isoformat()
        self.fields[key] = (value, box)


@dataclass
class DeclValues:
    """Everything written on a declaration form (as printed, defects included)."""

    name: str
    gender: str
    id_number: str
    ss_number: str | None
    phone: str
    insured_region: str
    insured_city: str
    insurance_type: str
    employer: str | None
    category: str
    destination_region: str
    address: str
    hospitals: list[str]
    start_date: date
    end_date: date | None
    reason: str | None
    signed: bool
    signed_date: date
    stamped: bool
    agency_seal: str
