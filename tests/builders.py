"""Builders for DocumentResult packets used by the validate tests (no OCR involved).

``good_packet()`` is a complete Shanxi-insured long-term-residence filing; each rule
test breaks exactly one thing in it, so the failing case differs from the passing one
by the rule under test only.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from kernel.domain import DocType
from kernel.idnumber import check_digit
from kernel.schema import DocumentResult, FieldValue, Stamp
from kernel.settings import Settings

TODAY = date(2024, 6, 1)
SETTINGS = Settings(rule_pack="", low_confidence=0.80)


def make_id(first17: str = "14010519880315001") -> str:
    """A valid ID number: the 17 digits plus their check digit."""
    return first17 + check_digit(first17)


GOOD_ID = make_id()  # 140105 小店区, born 1988-03-15, 17th digit odd → male


def fv(value: Any, confidence: float = 0.98) -> FieldValue:
    return FieldValue(value=value, confidence=confidence, page=1)


def stamp(role: str = "agency", text: str = "") -> Stamp:
    return Stamp.model_validate(
        {
            "page": 1,
            "bbox": [0.6, 0.8, 0.8, 0.95],
            "confidence": 0.9,
            "shape": "round",
            "text": text,
            "role": role,
        }
    )


def doc(
    doc_type: DocType,
    doc_id: str | None = None,
    *,
    source: str = "p1/scan.pdf",
    stamps: list[Stamp] | None = None,
    confidence: dict[str, float] | None = None,
    **fields: Any,
) -> DocumentResult:
    """A document; a field given as None is present but empty on paper."""
    conf = confidence or {}
    return DocumentResult(
        id=doc_id or f"{doc_type.value}-1",
        source=source,
        pages=[1],
        doc_type=doc_type,
        fields={k: fv(v, conf.get(k, 0.98)) for k, v in fields.items()},
        stamps=stamps or [],
    )


DECLARATION_FIELDS: dict[str, Any] = {
    "name": "张三",
    "gender": "male",
    "id_number": GOOD_ID,
    "social_security_number": GOOD_ID,
    "phone": "13812345678",
    "insured_region": "山西省太原市",
    "insurance_type": "employee",
    "employer": "太原重工股份有限公司",
    "filing_category": "long_term_resident",
    "destination_region": "北京市",
    "residence_address": "北京市朝阳区建国路88号",
    "hospitals": ["北京协和医院"],
    "start_date": "2024-06-10",
    "end_date": "2025-06-09",
    "reason": "随子女长期居住",
    "applicant_signature": True,
    "signed_date": "2024-05-20",
    "agency_stamp": True,
}


def declaration(
    doc_id: str = "decl-1",
    *,
    drop: tuple[str, ...] = (),
    stamps: list[Stamp] | None = None,
    source: str = "p1/scan.pdf",
    confidence: dict[str, float] | None = None,
    **overrides: Any,
) -> DocumentResult:
    values = {k: v for k, v in {**DECLARATION_FIELDS, **overrides}.items() if k not in drop}
    return doc(
        DocType.DECLARATION_FORM, doc_id, source=source, stamps=stamps, confidence=confidence, **values
    )


def household_register(doc_id: str = "hr-1", **overrides: Any) -> DocumentResult:
    values = {
        "name": "张三",
        "id_number": GOOD_ID,
        "address": "北京市朝阳区建国路88号",
        "issuer": "北京市公安局朝阳分局",
        **overrides,
    }
    return doc(DocType.HOUSEHOLD_REGISTER, doc_id, **values)


def residence_permit(doc_id: str = "rp-1", **overrides: Any) -> DocumentResult:
    values = {
        "name": "张三",
        "id_number": GOOD_ID,
        "address": "北京市海淀区中关村大街1号",
        "issuer": "北京市公安局海淀分局",
        "valid_from": "2023-01-01",
        "valid_to": "2026-01-01",
        **overrides,
    }
    return doc(DocType.RESIDENCE_PERMIT, doc_id, **values)


def residence_certificate(doc_id: str = "rc-1", *, sealed: bool = True, **overrides: Any) -> DocumentResult:
    values = {
        "name": "张三",
        "id_number": GOOD_ID,
        "address": "北京市朝阳区建国路88号",
        "issuer": "朝阳区建外街道建国里社区居民委员会",
        "issue_date": "2024-05-10",
        **overrides,
    }
    return doc(
        DocType.RESIDENCE_CERTIFICATE,
        doc_id,
        stamps=[stamp("issuer", str(values["issuer"]))] if sealed else [],
        **values,
    )


def referral_certificate(doc_id: str = "ref-1", *, sealed: bool = True, **overrides: Any) -> DocumentResult:
    values = {
        "name": "张三",
        "id_number": GOOD_ID,
        "referring_hospital": "山西省人民医院",
        "target_hospital": "北京协和医院",
        "issue_date": "2024-05-15",
        **overrides,
    }
    seals = [stamp("issuer", "山西省人民医院")] if sealed else []
    return doc(DocType.REFERRAL_CERTIFICATE, doc_id, stamps=seals, **values)


def commitment(doc_id: str = "pc-1", **overrides: Any) -> DocumentResult:
    values = {"name": "张三", "id_number": GOOD_ID, "signature": True, "date": "2024-05-20", **overrides}
    return doc(DocType.PERSONAL_COMMITMENT, doc_id, **values)


def good_packet(**decl_overrides: Any) -> list[DocumentResult]:
    return [declaration(**decl_overrides), household_register()]


def codes(result: Any) -> set[str]:
    """Issue codes of a FilingResult or a list of issues."""
    issues = result.issues if hasattr(result, "issues") else result
    return {i.code for i in issues}
