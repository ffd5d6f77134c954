"""Category rules: which proofs each filing category needs, per rule pack."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from builders import (
    SETTINGS,
    TODAY,
    codes,
    commitment,
    declaration,
    household_register,
    referral_certificate,
    residence_certificate,
    residence_permit,
)

from kernel.schema import DocumentResult, FilingResult
from kernel.settings import Settings
from validate.check import validate_filing

NATIONAL = Settings(rule_pack="national")


def run(docs: list[DocumentResult], settings: Settings = SETTINGS) -> FilingResult:
    return validate_filing("f", docs, settings=settings, today=TODAY)


@pytest.mark.parametrize("category", ["long_term_resident", "retiree_resettled"])
@pytest.mark.parametrize("proof", [household_register, residence_permit, residence_certificate])
def test_residence_proof_present(category: str, proof: Callable[[], DocumentResult]) -> None:
    assert codes(run([declaration(filing_category=category), proof()])) == set()


def test_residence_proof_missing() -> None:
    result = run([declaration()])
    hit = [i for i in result.issues if i.code == "residence_proof_missing"]
    assert hit and hit[0].field is None and hit[0].document == "decl-1" and hit[0].severity == "error"


def test_commitment_replaces_residence_proof_only_where_pack_allows() -> None:
    docs = [declaration(), commitment()]
    assert "residence_proof_missing" in codes(run(docs))  # shanxi: seed lists proofs only
    assert codes(run(docs, NATIONAL)) == set()  # 2022 national rules accept it


def test_stationed_worker_needs_employer_certificate() -> None:
    unit_cert = residence_certificate(issuer="北京华夏建设有限公司")
    assert codes(run([declaration(filing_category="stationed_worker"), unit_cert])) == set()
    committee_cert = residence_certificate()  # issued by a residents' committee, not the employer
    result = run([declaration(filing_category="stationed_worker"), committee_cert])
    assert "employer_certificate_missing" in codes(result)


def test_stationed_worker_unreadable_issuer_is_a_warning() -> None:
    cert = residence_certificate(issuer=None, sealed=False)
    cert.stamps = []
    result = run([declaration(filing_category="stationed_worker"), cert])
    assert "employer_certificate_uncertain" in codes(result)
    assert "employer_certificate_missing" not in codes(result)


def test_referral() -> None:
    assert codes(run([declaration(filing_category="referral"), referral_certificate()])) == set()
    assert codes(run([declaration(filing_category="referral")])) == {"referral_certificate_missing"}


def test_emergency_needs_nothing() -> None:
    assert codes(run([declaration(filing_category="emergency")])) == set()


def test_other_temporary_needs_commitment() -> None:
    assert codes(run([declaration(filing_category="other_temporary"), commitment()])) == set()
    assert codes(run([declaration(filing_category="other_temporary")])) == {"commitment_missing"}


@pytest.mark.parametrize("value", [None, "holiday"])
def test_category_missing_or_unknown(value: object) -> None:
    result = run([declaration(filing_category=value), household_register()])
    hit = [i for i in result.issues if i.code == "category_missing"]
    assert len(hit) == 1 and hit[0].field == "filing_category"
    assert "field_missing" not in codes(result)  # one issue, not two


def test_category_given_in_chinese() -> None:
    assert codes(run([declaration(filing_category="异地长期居住人员"), household_register()])) == set()
