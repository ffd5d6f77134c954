"""Seal rules: agency seal on the declaration, issuer seal on certificates."""

from __future__ import annotations

from builders import SETTINGS, TODAY, codes, declaration, residence_certificate, stamp

from kernel.schema import DocumentResult, FilingResult
from validate.check import validate_filing


def run(docs: list[DocumentResult]) -> FilingResult:
    return validate_filing("f", docs, settings=SETTINGS, today=TODAY)


def test_agency_stamp_box_true_passes() -> None:
    assert codes(run([declaration(), residence_certificate()])) == set()


def test_agency_stamp_missing() -> None:
    result = run([declaration(agency_stamp=False), residence_certificate()])
    hit = [i for i in result.issues if i.code == "agency_stamp_missing"]
    assert hit and hit[0].field == "agency_stamp" and hit[0].document == "decl-1"
    assert result.status == "incomplete"


def test_agency_role_seal_counts_even_if_box_not_read() -> None:
    docs = [declaration(drop=("agency_stamp",), stamps=[stamp("agency")]), residence_certificate()]
    assert codes(run(docs)) == set()


def test_unknown_seal_counts_only_when_box_unread() -> None:
    assert (
        codes(run([declaration(drop=("agency_stamp",), stamps=[stamp("unknown")]), residence_certificate()]))
        == set()
    )
    assert "agency_stamp_missing" in codes(
        run([declaration(agency_stamp=False, stamps=[stamp("unknown")]), residence_certificate()])
    )
    unread = declaration(drop=("agency_stamp",))
    assert "agency_stamp_missing" in codes(run([unread, residence_certificate()]))


def test_certificate_unstamped() -> None:
    result = run([declaration(), residence_certificate(sealed=False)])
    hit = [i for i in result.issues if i.code == "certificate_unstamped"]
    assert hit and hit[0].field is None and hit[0].document == "rc-1" and hit[0].severity == "error"
