"""Documents → filings: grouped by whom they belong to, each checked by the rules.

Used by the pipeline after reading and by the queue's ``assemble_batch`` task,
neither of which needs OCR code here: so it lives in the validate stage, not in
the pipeline recipe. Two kinds of page go into no filing and are listed as
unfiled, for a person to look at (the triage lane), instead of becoming a
filing that lacks its declaration:

* a page that is no filing document (an invoice, a bank slip, a blank back
  side: document type ``unknown``); such pages never make a filing of their own;
* in a batch that holds declarations, a filing document whose person matches
  none of them (another person's proof slipped in): gluing it on as a filing
  of its own would only say "declaration missing" about a person nobody filed
  for. A batch without any declaration (a station sending proofs alone) keeps
  its proof-only filings, which validation marks incomplete.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date

from kernel.domain import DocType
from kernel.schema import (
    NO_MATCHING_FILING,
    NOT_A_FILING_DOCUMENT,
    DocumentResult,
    FilingResult,
    UnfiledDocument,
)
from kernel.settings import Settings
from validate.check import validate_filing
from validate.grouping import group_documents

_MESSAGES = {
    NOT_A_FILING_DOCUMENT: "不是备案材料 — not a filing document",
    NO_MATCHING_FILING: "与本批任何备案表的参保人都不符 — matches no declaration of this batch",
}


def short_hash(text: str) -> str:
    """Twelve hex characters of ``text``'s SHA-1: stable ids for filings and duplicate copies."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def unfiled_reason(doc_type: str, duplicate_of: str | None = None) -> str | None:
    """Why a document that no filing holds is in none, or None for a duplicate copy (it points at
    its original instead)."""
    if duplicate_of is not None:
        return None
    return NOT_A_FILING_DOCUMENT if doc_type == DocType.UNKNOWN else NO_MATCHING_FILING


def filing_groups(documents: Iterable[DocumentResult]) -> list[list[DocumentResult]]:
    """The groups of documents that become filings (see the module docstring for who is left out)."""
    originals = [d for d in documents if d.duplicate_of is None and d.doc_type != DocType.UNKNOWN]
    groups = group_documents(originals)
    declared = [g for g in groups if any(d.doc_type == DocType.DECLARATION_FORM for d in g)]
    return declared or groups


def assemble_filings(
    documents: Iterable[DocumentResult], settings: Settings, today: date
) -> list[FilingResult]:
    """Group documents into filings by who they belong to, then validate each filing."""
    filings = []
    for group in filing_groups(documents):
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
            message=f"{d.source}: {_MESSAGES[reason]}; left out of every filing for review.",
        )
        for d in documents
        if d.id not in filed and (reason := unfiled_reason(d.doc_type, d.duplicate_of)) is not None
    ]
