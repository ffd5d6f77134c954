"""Documents → filings: grouped by whom they belong to, each checked by the rules.

Used by the pipeline after reading and by the queue's ``assemble_batch`` task,
neither of which needs OCR code here: so it lives in the validate stage, not in
the pipeline recipe. A page that is no filing document (an invoice, a bank
slip, a blank back side: document type ``unknown``) never goes into a filing,
nor do such pages make one of their own; they are listed as unfiled, for a
person to look at, instead of becoming a filing that lacks its declaration.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date

from kernel.domain import DocType
from kernel.schema import NOT_A_FILING_DOCUMENT, DocumentResult, FilingResult, UnfiledDocument
from kernel.settings import Settings
from validate.check import validate_filing
from validate.grouping import group_documents


def short_hash(text: str) -> str:
    """Twelve hex characters of ``text``'s SHA-1: stable ids for filings and duplicate copies."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def unfiled_reason(doc_type: str, duplicate_of: str | None = None) -> str | None:
    """Why a document goes into no filing, or None when it belongs in one (a duplicate copy is
    neither: it points at its original)."""
    if duplicate_of is not None:
        return None
    return NOT_A_FILING_DOCUMENT if doc_type == DocType.UNKNOWN else None


def assemble_filings(
    documents: Iterable[DocumentResult], settings: Settings, today: date
) -> list[FilingResult]:
    """Group documents into filings by who they belong to, then validate each filing."""
    originals = [d for d in documents if d.duplicate_of is None and unfiled_reason(d.doc_type) is None]
    filings = []
    for group in group_documents(originals):
        filing_id = "filing-" + short_hash("|".join(sorted(d.id for d in group)))
        filings.append(validate_filing(filing_id, group, settings=settings, today=today))
    return filings


def unfiled_documents(
    documents: Iterable[DocumentResult], filings: list[FilingResult]
) -> list[UnfiledDocument]:
    """The documents (not duplicates) that no filing holds, each with why."""
    filed = {doc_id for filing in filings for doc_id in filing.documents}
    return [
        UnfiledDocument(
            document=d.id,
            source=d.source,
            pages=list(d.pages),
            doc_type=d.doc_type,
            reason=reason,
            message=f"{d.source}: 不是备案材料 — not a filing document; left out of every filing for review.",
        )
        for d in documents
        if d.id not in filed and (reason := unfiled_reason(d.doc_type, d.duplicate_of)) is not None
    ]
