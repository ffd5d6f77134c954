"""Read-only view of one filing's documents that every rule function receives.

Rules must not each re-implement "is this field empty" or "which document is
the declaration"; this module answers those questions once, treating a field
that is absent, None, blank or an empty list as not filled in (empty on paper).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kernel import refdata
from kernel.domain import DOC_TYPE_ZH, DocType
from kernel.schema import DocumentResult, FieldValue

DOC_TYPE_EN: dict[DocType, str] = {t: t.value.replace("_", " ") for t in DocType}


def is_blank(value: Any) -> bool:
    """Empty on paper: missing, None, whitespace-only text or an empty list."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple):
        return all(is_blank(v) for v in value)
    return False


def field_of(doc: DocumentResult | None, key: str) -> FieldValue | None:
    """The FieldValue of ``key`` when filled in, else None."""
    if doc is None:
        return None
    fv = doc.fields.get(key)
    return None if fv is None or is_blank(fv.value) else fv


def value_of(doc: DocumentResult | None, key: str) -> Any:
    """The value of ``key`` when filled in, else None."""
    fv = field_of(doc, key)
    return None if fv is None else fv.value


def text_of(doc: DocumentResult | None, key: str) -> str | None:
    """A filled-in value as stripped text (lists joined), else None."""
    v = value_of(doc, key)
    if v is None:
        return None
    if isinstance(v, list):
        return "、".join(str(x) for x in v if not is_blank(x))
    return str(v).strip()


def parse_iso(value: Any) -> date | None:
    """An ISO YYYY-MM-DD date, or None when the text is not a real date."""
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def doc_label(doc: DocumentResult) -> tuple[str, str]:
    """Chinese and English names of a document for messages."""
    return DOC_TYPE_ZH[doc.doc_type], DOC_TYPE_EN[doc.doc_type]


@dataclass
class Packet:
    """One filing: its documents, the declaration form (if any) and resolved regions."""

    docs: list[DocumentResult]
    today: date
    low_confidence: float
    declaration: DocumentResult | None = None
    extra_declarations: list[DocumentResult] = field(default_factory=list)

    @classmethod
    def of(cls, docs: list[DocumentResult], *, today: date, low_confidence: float) -> Packet:
        """Pick the declaration form: the one with most filled fields wins if there are several."""
        decls = [d for d in docs if d.doc_type == DocType.DECLARATION_FORM]
        decls.sort(key=lambda d: -sum(1 for k in d.fields if field_of(d, k) is not None))
        return cls(docs, today, low_confidence, decls[0] if decls else None, decls[1:])

    def of_type(self, *types: DocType) -> list[DocumentResult]:
        """Documents of the given types, in packet order."""
        return [d for d in self.docs if d.doc_type in types]

    @property
    def proofs(self) -> list[DocumentResult]:
        """Every document except the declaration form(s) and unrecognised pages."""
        return [d for d in self.docs if d.doc_type not in (DocType.DECLARATION_FORM, DocType.UNKNOWN)]

    def decl(self, key: str) -> Any:
        """A filled-in value of the declaration form, else None."""
        return value_of(self.declaration, key)

    def common(self, key: str) -> Any:
        """The declaration's value, else the most common filled-in value across the packet."""
        v = self.decl(key)
        if v is not None:
            return v
        seen = Counter(str(value_of(d, key)).strip() for d in self.docs if value_of(d, key) is not None)
        return seen.most_common(1)[0][0] if seen else None

    def region(self, key: str) -> refdata.Region | None:
        """The declaration's insured/destination region resolved against the division list."""
        text = self.decl(key)
        if not isinstance(text, str):
            return None
        hit = refdata.match_region(text)
        return hit[0] if hit else None
