"""Pages that belong to no filing (issue 18): never grouped into a filing, listed for triage instead."""

from __future__ import annotations

from datetime import date

from builders import declaration, doc, household_register, make_id, residence_certificate, residence_permit

from kernel.domain import DocType
from kernel.schema import NO_MATCHING_FILING, NOT_A_FILING_DOCUMENT
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


def test_another_persons_proof_in_a_batch_with_declarations_is_left_for_triage() -> None:
    stranger = residence_certificate("rc-stranger", name="李四", id_number=make_id("11010119700101002"))
    stranger = stranger.model_copy(update={"source": "p2/certificate.jpg"})
    docs = [declaration(), residence_permit(), stranger]
    filings = assemble_filings(docs, Settings(), TODAY)
    assert [sorted(f.documents) for f in filings] == [["decl-1", "rp-1"]]  # no filing of its own
    unfiled = unfiled_documents(docs, filings)
    assert [(u.document, u.reason, u.doc_type) for u in unfiled] == [
        ("rc-stranger", NO_MATCHING_FILING, DocType.RESIDENCE_CERTIFICATE)
    ]
    assert "p2/certificate.jpg" in unfiled[0].message and "备案表" in unfiled[0].message


def test_a_batch_of_proofs_alone_still_makes_their_filing() -> None:
    docs = [residence_permit(), household_register()]
    filings = assemble_filings(docs, Settings(), TODAY)
    assert len(filings) == 1 and sorted(filings[0].documents) == ["hr-1", "rp-1"]
    assert "declaration_missing" in {i.code for i in filings[0].issues}
    assert unfiled_documents(docs, filings) == []
