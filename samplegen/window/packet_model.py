"""A packet as the generator plans it: its documents (drawn pages and how they were made) and the
issues validation should raise on it.

Why a module of its own: the packet's story (``packet``) and the papers drawn for it
(``papers``) both build these, and the truth file (``truth``) reads them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kernel.domain import DocType
from kernel.schema import Issue
from samplegen.window.canvas import Page
from samplegen.window.model import Filing
from validate.codes import make_issue


@dataclass
class Doc:
    """A document of the packet: its type, drawn pages, and how it was made (for the manifest)."""

    key: str
    doc_type: DocType
    pages: list[Page]
    variant: str
    in_filing: bool = True
    shares_page_with: str | None = None  # cards sharing one copy sheet


@dataclass
class Packet:
    filing: Filing
    docs: list[Doc]
    defects: list[str]
    issues: list[tuple[str, str | None, str | None, dict[str, object]]] = field(default_factory=list)
    mismatch_doc: str | None = None  # the proof that shows another name or number

    def issue_objects(self, ids: dict[str, str]) -> list[Issue]:
        return [
            make_issue(code, field=fld, document=ids.get(doc) if doc else None, **params)
            for code, fld, doc, params in self.issues
        ]
