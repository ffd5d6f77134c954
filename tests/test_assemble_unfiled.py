"""Pages that belong to no filing (issue 18): never grouped into a filing, listed for triage instead."""

from __future__ import annotations

from datetime import date

from builders import declaration, doc, residence_permit

from kernel.domain import DocType
from kernel.schema import NOT_A_FILING_DOCUMENT
from kernel.settings import Settings
from validate.assemble import assemble_filings, unfiled_documents

TODAY = date(2026, 6, 1)


def test_foreign_pages_join_no_filing_and_are_listed_with_their_reason() -> None:
    invoice = doc(DocType.UNKNOWN, "invoice-1", source="p1/invoice.jpg")
    blank = doc(DocType.UNKNOWN, "blank-1", source="p1/back.jpg")
    docs = [declaration(), invoice, residence_permit(), blank]
    filings = assemble_filings(docs, Settings(), TODAY)
    assert len(filings) == 1  # the declaration and its proof; the foreign pages are not glued on
    assert "invoice-1" not in filings[0].documents and "blank-1" not in filings[0].documents
    unfiled = unfiled_documents(docs, filings)
    assert [(u.document, u.source, u.reason) for u in unfiled] == [
        ("invoice-1", "p1/invoice.jpg", NOT_A_FILING_DOCUMENT),
        ("blank-1", "p1/back.jpg", NOT_A_FILING_DOCUMENT),
    ]
    assert all("不是备案材料" in u.message for u in unfiled)


def test_a_batch_of_only_foreign_pages_makes_no_filing() -> None:
    docs = [doc(DocType.UNKNOWN, f"page-{i}", source=f"bills/{i}.jpg") for i in range(36)]
    filings = assemble_filings(docs, Settings(), TODAY)
    assert filings == []  # before: one filing of 36 pages, needs_review, declaration_missing
    assert len(unfiled_documents(docs, filings)) == 36


def test_a_duplicate_copy_is_not_listed_twice() -> None:
    invoice = doc(DocType.UNKNOWN, "invoice-1", source="p1/invoice.jpg")
    copy = invoice.model_copy(update={"id": "invoice-1-dup", "duplicate_of": "invoice-1"})
    assert [u.document for u in unfiled_documents([invoice, copy], [])] == ["invoice-1"]
