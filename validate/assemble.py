"""Documents → filings: grouped by whom they belong to, each checked by the rules.

Used by the pipeline after reading, by the queue's ``assemble_batch`` task and
by re-validation after a reviewer's change, none of which needs OCR code: so
it lives in the validate stage, not in the pipeline recipe.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import date

from kernel.schema import DocumentResult, FilingResult
from kernel.settings import Settings
from validate.check import validate_filing
from validate.grouping import group_documents


def short_hash(text: str) -> str:
    """Twelve hex characters of ``text``'s SHA-1: stable ids for filings and duplicate copies."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def assemble_filings(
    documents: Iterable[DocumentResult], settings: Settings, today: date
) -> list[FilingResult]:
    """Group documents into filings by who they belong to, then validate each filing."""
    originals = [d for d in documents if d.duplicate_of is None]
    filings = []
    for group in group_documents(originals):
        filing_id = "filing-" + short_hash("|".join(sorted(d.id for d in group)))
        filings.append(validate_filing(filing_id, group, settings=settings, today=today))
    return filings
