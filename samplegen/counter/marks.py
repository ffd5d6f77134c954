"""What a drawn page remembers for the truth: each field's value and box, and each seal."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from samplegen.counter.geometry import Box
from samplegen.counter.seals import StampMark


@dataclass
class Val:
    """A field's canonical value and the pixel box where it was drawn (None: not on paper)."""

    value: Any
    box: Box | None


@dataclass
class DrawnDoc:
    """One document's part on one page: its fields and the seals that belong to it."""

    doc_type: str
    fields: dict[str, Val] = field(default_factory=dict)
    stamps: list[StampMark] = field(default_factory=list)
    key: str = ""  # which planned document this is (the packet plan's handle)
